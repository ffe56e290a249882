import { readdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';

export const FUNCTIONS = ['voice', 'status', 'sms'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];
/** The scheduled jobs: measured for information (they have no naive build and no target). */
export const SCHEDULED_JOBS = ['waitlist', 'audit', 'owner-texts'] as const;
/** Issue 19 §5: the CRM delivery, an SQS consumer with a functions/<fn>/handler.ts of its own; measured for information too. */
export const MEASURED_CONSUMERS = ['crm'] as const;
/** The redelivery consumers: SQS consumers whose handler sits beside their webhook's (lib/missed-call-text-back-stack.ts). */
export const REDELIVERY_CONSUMERS = {
  'status-redelivery': 'functions/status/redelivery-handler.ts',
  'sms-redelivery': 'functions/sms/redelivery-handler.ts',
} as const;
export type ScheduledJobName =
  | (typeof SCHEDULED_JOBS)[number]
  | (typeof MEASURED_CONSUMERS)[number]
  | keyof typeof REDELIVERY_CONSUMERS;
/** Functions invoked only by another (the signup function, by sms): measured for information too. */
export const INVOKED_FUNCTIONS = ['signup'] as const;
export type InvokedFunctionName = (typeof INVOKED_FUNCTIONS)[number];

export interface InputShare {
  name: string;
  bytes: number;
}

export interface BundleFigures {
  fn: FunctionName;
  leanBytes: number;
  naiveBytes: number;
  /** How many times smaller the stack's bundle is than the naive one. */
  smallerBy: number;
  leanFile: string;
  naiveFile: string;
  /** The stack's bundle by source, largest first (from esbuild's metafile). */
  leanInputs: InputShare[];
  naiveInputs: InputShare[];
}

export interface ScheduledJobBundle {
  fn: ScheduledJobName | InvokedFunctionName;
  /** What it is, for the report: a scheduled job, a queue consumer, or a function invoked by another. */
  kind: 'scheduled job' | 'queue consumer' | 'invoked function';
  leanBytes: number;
  leanFile: string;
  leanInputs: InputShare[];
}

export interface BundleReport {
  bundles: BundleFigures[];
  scheduledJobs: ScheduledJobBundle[];
  /** The esbuild options used, as the stack sets them. */
  stackOptions: string;
  /** Whether a CDK synth of lib/service-function.ts produced byte-identical bundles, and why not if not. */
  cdkCrossCheck: string;
}

/**
 * Builds each function the way lib/service-function.ts has the stack build it (NodejsFunction bundling: esbuild,
 * CommonJS, minified, source maps without sources, `@aws-sdk/*` external, target from the Lambda runtime), and the naive
 * variant of the same handler (bench/naive: `import twilio from 'twilio'`, AWS SDK bundled in) with the same options
 * otherwise, so the ratio measures the code choices alone.
 */
export async function measureBundles(root: string, outDir: string): Promise<BundleReport> {
  const target = await stackTarget(root);
  const stackOptions = await stackBuildOptions(root);
  await rm(outDir, { recursive: true, force: true });

  const bundles: BundleFigures[] = [];
  for (const fn of FUNCTIONS) {
    const leanFile = join(outDir, 'lean', fn, 'index.js');
    const naiveFile = join(outDir, 'naive', fn, 'index.js');
    const lean = await build({
      ...stackOptions,
      entryPoints: [join(root, 'functions', fn, 'handler.ts')],
      outfile: leanFile,
    });
    const naive = await build({
      ...stackOptions,
      external: [],
      entryPoints: [join(root, 'bench', 'naive', `${fn}-handler.ts`)],
      outfile: naiveFile,
    });
    const leanBytes = outputBytes(lean.metafile as Metafile, root, leanFile);
    const naiveBytes = outputBytes(naive.metafile as Metafile, root, naiveFile);
    bundles.push({
      fn,
      leanBytes,
      naiveBytes,
      smallerBy: naiveBytes / leanBytes,
      leanFile,
      naiveFile,
      leanInputs: inputsBySource(
        lean.metafile as Metafile,
        root,
        leanFile,
        inlinedPhoneMetadataBytes(await readFile(leanFile, 'utf8')),
      ),
      naiveInputs: inputsBySource(naive.metafile as Metafile, root, naiveFile),
    });
  }
  const scheduledJobs: ScheduledJobBundle[] = [];
  for (const [fn, entry] of otherFunctions()) {
    const leanFile = join(outDir, 'lean', fn, 'index.js');
    const lean = await build({
      ...stackOptions,
      entryPoints: [join(root, entry)],
      outfile: leanFile,
    });
    scheduledJobs.push({
      fn,
      kind: (SCHEDULED_JOBS as readonly string[]).includes(fn)
        ? 'scheduled job'
        : (INVOKED_FUNCTIONS as readonly string[]).includes(fn)
          ? 'invoked function'
          : 'queue consumer',
      leanBytes: outputBytes(lean.metafile as Metafile, root, leanFile),
      leanFile,
      leanInputs: inputsBySource(
        lean.metafile as Metafile,
        root,
        leanFile,
        inlinedPhoneMetadataBytes(await readFile(leanFile, 'utf8')),
      ),
    });
  }
  const options = `esbuild --bundle --platform=node --target=${target} --format=cjs --minify --sourcemap --sources-content=false --external:@aws-sdk/* --define:SERVED_PHONE_METADATA=<the served plans' metadata, ${(await benchServedCallingCodes(root)).map((code) => `+${code}`).join(' ')}>`;
  return {
    bundles,
    scheduledJobs,
    stackOptions: options,
    cdkCrossCheck: await crossCheckWithCdk(root, outDir, [...bundles, ...scheduledJobs]),
  };
}

/** Every function but the webhooks, by name, with its handler file (as the stack's constructs name it). */
function otherFunctions(): Array<[ScheduledJobName | InvokedFunctionName, string]> {
  return [
    ...[...SCHEDULED_JOBS, ...MEASURED_CONSUMERS, ...INVOKED_FUNCTIONS].map(
      (fn) => [fn, `functions/${fn}/handler.ts`] as [ScheduledJobName | InvokedFunctionName, string],
    ),
    ...(Object.entries(REDELIVERY_CONSUMERS) as Array<[ScheduledJobName, string]>),
  ];
}

/** The esbuild options lib/service-function.ts has CDK use (NodejsFunction bundling), with a metafile. */
export async function stackBuildOptions(root: string): Promise<BuildOptions> {
  const { phoneMetadataDefine } = (await import(
    join(root, 'lib', 'phone-metadata')
  )) as typeof import('../lib/phone-metadata');
  return {
    bundle: true,
    platform: 'node',
    target: await stackTarget(root),
    format: 'cjs',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: ['@aws-sdk/*'],
    // The same define the stack passes: only the served plans' phone metadata.
    define: phoneMetadataDefine(await benchServedCallingCodes(root)),
    metafile: true,
    absWorkingDir: root,
    logLevel: 'silent',
  };
}

/** The esbuild target CDK derives from the functions' Lambda runtime (nodejs24.x -> node24). */
async function stackTarget(root: string): Promise<string> {
  const { FUNCTION_RUNTIME } = (await import(join(root, 'lib', 'service-function'))) as {
    FUNCTION_RUNTIME: { name: string };
  };
  const version = /^nodejs(\d+)/.exec(FUNCTION_RUNTIME.name)?.[1];
  if (!version) throw new Error(`unexpected Lambda runtime ${FUNCTION_RUNTIME.name}`);
  return `node${version}`;
}

/** The benchmarks measure the production environment's served calling codes. */
async function benchServedCallingCodes(root: string): Promise<readonly string[]> {
  const { ENVIRONMENTS } = (await import(join(root, 'lib', 'environments'))) as typeof import('../lib/environments');
  return ENVIRONMENTS.prod.servedCallingCodes;
}

function outputBytes(metafile: Metafile, root: string, file: string): number {
  const output = metafile.outputs[relative(root, file)];
  if (!output) throw new Error(`esbuild wrote no ${file}`);
  return output.bytes;
}

/**
 * The served plans (generated by lib/phone-metadata.ts) reach the bundle as one string literal in
 * shared/domain/numbers/phone-number.ts (the define), so esbuild counts them as our code: their bytes, found in the output
 * (the JSON holds no `'`, so esbuild quotes it with `'`).
 */
function inlinedPhoneMetadataBytes(bundle: string): number {
  const start = bundle.indexOf(`'{"plans":`);
  const end = start < 0 ? -1 : bundle.indexOf("'", start + 1);
  return end < 0 ? 0 : end + 1 - start;
}

/** Bytes in the output per package (node_modules/<name>, with twilio and libphonenumber-js split by part) or project folder. */
function inputsBySource(metafile: Metafile, root: string, file: string, phoneMetadataBytes = 0): InputShare[] {
  const output = metafile.outputs[relative(root, file)];
  const groups = new Map<string, number>();
  const add = (name: string, bytes: number) => groups.set(name, (groups.get(name) ?? 0) + bytes);
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    if (phoneMetadataBytes > 0 && path.endsWith('shared/domain/numbers/phone-number.ts')) {
      add('phone metadata (generated)', phoneMetadataBytes);
      add(sourceGroup(path), input.bytesInOutput - phoneMetadataBytes);
    } else {
      add(sourceGroup(path), input.bytesInOutput);
    }
  }
  return [...groups.entries()].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

function sourceGroup(path: string): string {
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  if (!module) return `${path.split('/').slice(0, 2).join('/')} (ours)`;
  const [, name, rest = ''] = module;
  if (name === 'libphonenumber-js')
    return /^metadata\.\w+\.json/.test(rest) ? 'libphonenumber-js metadata' : 'libphonenumber-js code';
  if (name === 'twilio') return `twilio/${rest.split('/').slice(0, 2).join('/')}`;
  return name as string;
}

/**
 * Synthesises the real construct (lib/service-function.ts) for each handler, letting CDK run esbuild itself, and checks
 * its bundles are byte-identical to the ones measured here. Skipped with BENCH_CDK=0 (it takes ~10 s).
 */
async function crossCheckWithCdk(
  root: string,
  outDir: string,
  bundles: ReadonlyArray<{ fn: string; leanFile: string }>,
): Promise<string> {
  if (process.env.BENCH_CDK === '0') return 'skipped (BENCH_CDK=0)';
  try {
    const { App, RemovalPolicy, Stack } = await import('aws-cdk-lib');
    const { RetentionDays } = await import('aws-cdk-lib/aws-logs');
    const { ServiceFunction } = (await import(
      join(root, 'lib', 'service-function')
    )) as typeof import('../lib/service-function');
    const cdkOut = join(outDir, 'cdk.out');
    const app = new App({ outdir: cdkOut });
    const stack = new Stack(app, 'BenchBundles');
    for (const [fn, entry] of [
      ...FUNCTIONS.map((fn) => [fn, `functions/${fn}/handler.ts`] as const),
      ...otherFunctions(),
    ]) {
      new ServiceFunction(stack, fn, {
        entry,
        description: fn,
        environment: {},
        logRetention: RetentionDays.ONE_WEEK,
        logRemovalPolicy: RemovalPolicy.DESTROY,
        servedCallingCodes: await benchServedCallingCodes(root),
      });
    }
    app.synth();
    const assets = (await readdir(cdkOut)).filter((name) => name.startsWith('asset.'));
    const cdkBundles = await Promise.all(assets.map((asset) => readFile(join(cdkOut, asset, 'index.js'))));
    const mismatched: string[] = [];
    for (const bundle of bundles) {
      const ours = await readFile(bundle.leanFile);
      if (!cdkBundles.some((cdkBundle) => cdkBundle.equals(ours))) mismatched.push(bundle.fn);
    }
    return mismatched.length === 0
      ? 'byte-identical to the bundles CDK builds from lib/service-function.ts'
      : `DIFFERS from CDK's bundle for ${mismatched.join(', ')}: the figures may not be what the stack deploys`;
  } catch (error) {
    return `not checked: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}
