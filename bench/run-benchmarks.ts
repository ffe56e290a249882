import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { measureBundles, type BundleReport } from './bundle-size';
import { measureColdStarts, type ColdStartFigures } from './cold-start';
import { measureCost, type CostFigures } from './cost';
import { countDynamoCalls, type DynamoCallsRow } from './dynamo-calls';
import { describeMachine, type Machine } from './machine';
import { renderConsole, renderMarkdown, type BenchResults } from './report';
import { measureServerLoad, type ServerLoadFigures } from './server-load';
import { measureScale, renderScaleSection, type ScaleFigures } from './scale-run';
import { BENCH_SCALE, scaledCount } from './stats';
import { measureWarmLatency, type LatencyRow } from './warm-latency';

const ROOT = resolve(__dirname, '..');
const OUT_DIR = join(ROOT, '.bench-out');

/** `npm run bench`: every figure of issue 6, measured side by side in one run, printed and written to BENCHMARKS.md. */
async function main(): Promise<void> {
  const started = performance.now();
  const machine: Machine = describeMachine();
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const stepStarted = performance.now();
    process.stderr.write(`bench: ${name}...`);
    const result = await run();
    process.stderr.write(` ${((performance.now() - stepStarted) / 1000).toFixed(1)} s\n`);
    return result;
  };

  const bundles: BundleReport = await step('bundle sizes (esbuild as the stack, and naive)', () =>
    measureBundles(ROOT, OUT_DIR),
  );
  const coldStarts: ColdStartFigures[] = await step('cold starts (fresh processes)', () =>
    measureColdStarts(bundles.bundles, scaledCount(20, 15)),
  );
  const dynamoCalls: DynamoCallsRow[] = await step('DynamoDB calls per path', () => countDynamoCalls());
  const latency: LatencyRow[] = await step('warm latency', () => measureWarmLatency(scaledCount(2000, 200)));
  const load: ServerLoadFigures = await step('local server under load', () =>
    measureServerLoad(ROOT, scaledCount(10_000, 500), 50),
  );
  const cost: CostFigures = await step('cost per use (1,000 missed calls, 1,000 customer texts)', () => measureCost());
  const scale: ScaleFigures = await step(
    'scale run (seeded tables, SCALE_RUN=full for 100,000 numbers and 1,000,000 items)',
    () => measureScale(),
  );

  const results: BenchResults = {
    machine,
    scale: BENCH_SCALE,
    bundles,
    coldStarts,
    dynamoCalls,
    latency,
    load,
    cost,
    runSeconds: (performance.now() - started) / 1000,
  };
  process.stdout.write(renderConsole(results));
  process.stdout.write(`\n${renderScaleSection(scale)}`);
  if (BENCH_SCALE === 1) {
    await writeFile(join(ROOT, 'BENCHMARKS.md'), `${renderMarkdown(results)}\n${renderScaleSection(scale)}`);
    process.stdout.write('\nWritten to BENCHMARKS.md\n');
  } else {
    await writeFile(join(OUT_DIR, 'BENCHMARKS.partial.md'), `${renderMarkdown(results)}\n${renderScaleSection(scale)}`);
    process.stdout.write(
      `\nBENCH_SCALE=${BENCH_SCALE}: not written to BENCHMARKS.md (see .bench-out/BENCHMARKS.partial.md)\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
