import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BundleFigures, FunctionName } from './bundle-size';
import { median, quantile } from './stats';

export interface ColdStartFigures {
  fn: FunctionName;
  processes: number;
  lean: ColdStartSample;
  naive: ColdStartSample;
  /** Loading only the packages the stack's bundle leaves external (the AWS SDK clients), in fresh processes too. */
  externalOnly: ColdStartSample;
  externals: string[];
  /** What the stack's bundle loads only on first use (dynamic `import()`, e.g. the Secrets Manager client at the first secret fetch). */
  deferred: string[];
  /** Loading those after the bundle, in fresh processes: the cost moved from load to the first invocation that needs them. */
  deferredMedianMs: number;
  /** Median require() time of the stack's bundle over the naive one's. */
  requireRatio: number;
  /** Median whole-process time (spawn to exit) of the stack's bundle over the naive one's. */
  processRatio: number;
}

export interface ColdStartSample {
  requireMedianMs: number;
  requireP90Ms: number;
  processMedianMs: number;
}

/** What the deployed functions get from the stack (names only; values are dummies, nothing is called at load). */
const LAMBDA_ENVIRONMENT: Record<string, string> = {
  DIRECTORY_TABLE: 'bench-directory',
  ACTIVITY_TABLE: 'bench-activity',
  ONBOARDING_NUMBER: '+447476955179',
  PUBLIC_BASE_URL: 'https://abcdef1234.execute-api.eu-west-2.amazonaws.com/prod',
  METRICS_NAMESPACE: 'MissedCallTextBack/bench',
  TWILIO_SECRET_ID: 'bench/twilio',
  REDELIVERY_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/bench-redelivery',
  // The sms function hands sign-up texts to it; its Lambda client is loaded at the first one (`deferred`), not at load.
  SIGNUP_FUNCTION_NAME: 'bench-signup',
  CRM_EVENTS_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/bench-crm-events',
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  // As the stack sets it: source maps are read at load, for both builds.
  NODE_OPTIONS: '--enable-source-maps',
};

/**
 * Loads each bundle in fresh Node processes, alternating the stack's and the naive build so both see the same machine
 * noise. The stack's bundle needs `@aws-sdk/*` at load (external, as Lambda provides it): it resolves from node_modules.
 */
export async function measureColdStarts(
  bundles: readonly BundleFigures[],
  processes: number,
): Promise<ColdStartFigures[]> {
  const figures: ColdStartFigures[] = [];
  for (const bundle of bundles) {
    const lean: Run[] = [];
    const naive: Run[] = [];
    const externalOnly: Run[] = [];
    const externals = await externalModules(bundle.leanFile);
    const deferred = await deferredModules(bundle.leanFile);
    const deferredRuns: number[] = [];
    // One of each first, unmeasured: the file system cache is then warm for all.
    await loadOnce([bundle.leanFile]);
    await loadOnce([bundle.naiveFile]);
    for (let index = 0; index < processes; index += 1) {
      lean.push(await loadOnce([bundle.leanFile]));
      naive.push(await loadOnce([bundle.naiveFile]));
      externalOnly.push(await loadOnce(externals));
      if (deferred.length > 0) deferredRuns.push((await loadOnce([bundle.leanFile, '--then', ...deferred])).thenMs);
    }
    const leanSample = sample(lean);
    const naiveSample = sample(naive);
    figures.push({
      fn: bundle.fn,
      processes,
      lean: leanSample,
      naive: naiveSample,
      externalOnly: sample(externalOnly),
      externals,
      deferred,
      deferredMedianMs: deferredRuns.length > 0 ? median(deferredRuns) : 0,
      requireRatio: leanSample.requireMedianMs / naiveSample.requireMedianMs,
      processRatio: leanSample.processMedianMs / naiveSample.processMedianMs,
    });
  }
  return figures;
}

interface Run {
  requireMs: number;
  thenMs: number;
  processMs: number;
}

function sample(runs: readonly Run[]): ColdStartSample {
  return {
    requireMedianMs: median(runs.map((run) => run.requireMs)),
    requireP90Ms: quantile(
      runs.map((run) => run.requireMs),
      0.9,
    ),
    processMedianMs: median(runs.map((run) => run.processMs)),
  };
}

/** The packages a bundle requires when it loads (what esbuild left external), in the order it names them. */
async function externalModules(bundleFile: string): Promise<string[]> {
  return modulesCalledBy(bundleFile, /require\("(@aws-sdk\/[^"]+)"\)/g);
}

/** The external packages a bundle loads only when first needed (`import()`), not when it loads. */
async function deferredModules(bundleFile: string): Promise<string[]> {
  const atLoad = new Set(await externalModules(bundleFile));
  return (await modulesCalledBy(bundleFile, /import\("(@aws-sdk\/[^"]+)"\)/g)).filter((path) => !atLoad.has(path));
}

async function modulesCalledBy(bundleFile: string, pattern: RegExp): Promise<string[]> {
  const code = await readFile(bundleFile, 'utf8');
  const names = [...code.matchAll(pattern)].map((match) => match[1] as string);
  return [...new Set(names)].map((name) => require.resolve(name, { paths: [dirname(bundleFile)] }));
}

function loadOnce(modules: readonly string[]): Promise<Run> {
  const bundleFile = modules.join(' ');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(__dirname, 'cold-start-child.js'), ...modules], {
      env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENVIRONMENT },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const processMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`loading ${bundleFile} failed (exit ${code}): ${stderr.slice(0, 500)}`));
      const { requireMs, thenMs } = JSON.parse(stdout) as { requireMs: number; thenMs: number };
      resolve({ requireMs, thenMs, processMs });
    });
  });
}
