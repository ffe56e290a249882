import type { BundleReport, InputShare } from './bundle-size';
import type { ColdStartFigures } from './cold-start';
import type { DynamoCallsRow } from './dynamo-calls';
import type { Machine } from './machine';
import type { ServerLoadFigures } from './server-load';
import type { LatencyRow } from './warm-latency';

export interface BenchResults {
  machine: Machine;
  scale: number;
  bundles: BundleReport;
  coldStarts: ColdStartFigures[];
  dynamoCalls: DynamoCallsRow[];
  latency: LatencyRow[];
  load: ServerLoadFigures;
  runSeconds: number;
}

interface TargetRow {
  target: string;
  figure: string;
  met: boolean;
}

// The issue's targets, never loosened here: a miss is reported with its measurement.
const MAX_BUNDLE_KB = 150;
const MIN_SMALLER_BY = 20;
const MAX_COLD_START_RATIO = 0.35;
const MAX_VOICE_TO_GETITEM = 1.5;

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
// Two decimals below 10x: a ratio of 1.54 against a target of 1.5 must not print as 1.5x.
const times = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)}x`;

export function targets(results: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  for (const bundle of results.bundles.bundles) {
    rows.push({ target: `${bundle.fn} bundle at most ${MAX_BUNDLE_KB} KB minified`, figure: kb(bundle.leanBytes), met: bundle.leanBytes <= MAX_BUNDLE_KB * 1000 });
    rows.push({ target: `${bundle.fn} bundle at least ${MIN_SMALLER_BY}x smaller than naive`, figure: `${times(bundle.smallerBy)} (${kb(bundle.leanBytes)} vs ${kb(bundle.naiveBytes)})`, met: bundle.smallerBy >= MIN_SMALLER_BY });
  }
  for (const cold of results.coldStarts) {
    rows.push({
      target: `${cold.fn} cold start (bundle load) at most ${MAX_COLD_START_RATIO}x naive`,
      figure: `${times(cold.requireRatio)} (${ms(cold.lean.requireMedianMs)} vs ${ms(cold.naive.requireMedianMs)}; whole process ${times(cold.processRatio)})`,
      met: cold.requireRatio <= MAX_COLD_START_RATIO,
    });
  }
  const voice = results.dynamoCalls.filter((row) => row.fn === 'voice');
  rows.push({ target: 'voice: exactly 1 DynamoDB call on every role path', figure: voice.map((row) => row.calls.length).join(', '), met: voice.every((row) => row.met !== false) });
  for (const row of results.dynamoCalls.filter((entry) => entry.fn !== 'voice' && entry.target)) {
    rows.push({ target: `${row.fn} ${row.path}: at most ${row.target?.max} DynamoDB calls`, figure: String(row.calls.length), met: row.met === true });
  }
  const voiceLatency = results.latency.find((row) => row.name.startsWith('voice'));
  const getItem = results.latency.find((row) => row.name.includes('GetItem'));
  if (voiceLatency && getItem) {
    rows.push({ target: `voice warm p50 at most ${MAX_VOICE_TO_GETITEM}x one GetItem`, figure: `${times(voiceLatency.ratioToGetItem)} (${ms(voiceLatency.p50Ms)} vs ${ms(getItem.p50Ms)})`, met: voiceLatency.ratioToGetItem <= MAX_VOICE_TO_GETITEM });
  }
  const { load } = results;
  rows.push({
    target: `local server, ${load.connections} connections, ${load.plan.total} webhooks: no errors, no unintended non-2xx`,
    figure: `${load.load.errors} errors, ${load.load.timeouts} timeouts, ${load.unintendedNon2xx} unintended non-2xx, ${load.plan.forged} intended 403; ${load.load.requestsPerSecond.toFixed(0)} req/s, p99 ${ms(load.load.latencyMs.p99)}`,
    met: load.load.errors === 0 && load.load.timeouts === 0 && load.unintendedNon2xx === 0 && load.load.answered === load.plan.total,
  });
  return rows;
}

export function renderConsole(results: BenchResults): string {
  const rows = targets(results);
  const width = Math.max(...rows.map((row) => row.target.length));
  const lines = rows.map((row) => `${row.met ? 'met   ' : 'MISSED'}  ${row.target.padEnd(width)}  ${row.figure}`);
  const calls = results.dynamoCalls.map((row) => `  ${row.fn.padEnd(6)} ${row.path.padEnd(48)} ${String(row.calls.length).padStart(2)}  ${row.calls.join(' ')}`);
  const latency = results.latency.map((row) => `  ${row.name.padEnd(36)} p50 ${ms(row.p50Ms).padStart(9)}  p99 ${ms(row.p99Ms).padStart(9)}  ${times(row.ratioToGetItem).padStart(6)} GetItem`);
  return [
    '',
    `Benchmarks (${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node}, load average ${results.machine.loadAverage}) in ${results.runSeconds.toFixed(0)} s`,
    ...lines,
    '',
    'DynamoDB calls per webhook path:',
    ...calls,
    '',
    'Warm latency (in-process, embedded DynamoDB):',
    ...latency,
    '',
    `Bundle check: ${results.bundles.cdkCrossCheck}`,
    '',
  ].join('\n');
}

export function renderMarkdown(results: BenchResults): string {
  const { machine, bundles, coldStarts, dynamoCalls, latency, load } = results;
  const rows = targets(results);
  const table = (header: string[], body: string[][]) => [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...body.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');
  const missed = rows.filter((row) => !row.met);

  return `# Benchmarks

Written by \`npm run bench\` (bench/run-benchmarks.ts); do not edit by hand. Every ratio is measured side by side in the same run.

| Machine | |
|---|---|
| CPU | ${machine.cpu} |
| Cores | ${machine.cores} |
| Memory | ${machine.memoryGiB} GiB |
| Node.js | ${machine.node} (${machine.platform}) |
| Date | ${machine.date} |
| Commit | ${machine.commit} |
| Load average at start | ${machine.loadAverage} (other work on the machine widens every spread) |
| Run time | ${results.runSeconds.toFixed(0)} s |

KB are 1,000 bytes.

## Targets

${table(['Target', 'Measured', 'Met'], rows.map((row) => [row.target, row.figure, row.met ? 'yes' : '**no**']))}
${missed.length > 0 ? `\n${explainMisses(results, missed)}\n` : ''}
## Bundle size

Built with ${'`'}${bundles.stackOptions}${'`'}: the options lib/service-function.ts gives CDK's NodejsFunction. Check: ${bundles.cdkCrossCheck}.
The naive build is the same handler written with \`import twilio from 'twilio'\` (signature, TwiML, REST client) and the AWS SDK bundled in (bench/naive/), built with the same options except \`--external\`.

${table(['Function', 'Stack bundle', 'Naive bundle', 'Smaller by'], bundles.bundles.map((bundle) => [bundle.fn, kb(bundle.leanBytes), kb(bundle.naiveBytes), times(bundle.smallerBy)]))}

What the stack's bundles are made of (esbuild metafile, bytes in the minified output):

${table(['Source', ...bundles.bundles.map((bundle) => bundle.fn)], breakdownRows(bundles))}

## Cold start

Each bundle loaded by \`require()\` in a fresh Node process with the functions' environment (dummy values, \`NODE_OPTIONS=--enable-source-maps\` as deployed), ${coldStarts[0]?.processes ?? 0} processes per bundle, alternating stack and naive builds. The stack's bundle loads \`@aws-sdk/*\` from node_modules, as Lambda's runtime provides it.

${table(['Function', 'Stack: require() median (p90)', 'of which the external AWS SDK alone', 'Naive: require() median (p90)', 'Ratio', 'Stack: whole process', 'Naive: whole process', 'Ratio'], coldStarts.map((cold) => [cold.fn, `${ms(cold.lean.requireMedianMs)} (${ms(cold.lean.requireP90Ms)})`, ms(cold.externalOnly.requireMedianMs), `${ms(cold.naive.requireMedianMs)} (${ms(cold.naive.requireP90Ms)})`, times(cold.requireRatio), ms(cold.lean.processMedianMs), ms(cold.naive.processMedianMs), times(cold.processRatio)]))}

"Whole process" is spawn to exit, Node's own start-up included. "The external AWS SDK alone" loads just the packages the stack's bundle leaves to the runtime (${coldStarts[0]?.externals.map((path) => path.replace(/^.*node_modules\//, '').replace(/\/dist-cjs.*$/, '')).join(', ') ?? ''}), in separate fresh processes.

## DynamoDB calls per webhook

Counted by middleware on the SDK client (the test harness's \`dynamoCalls\`), one webhook per path through the real handlers.

${table(['Function', 'Path', 'Calls', 'Commands', 'Target'], dynamoCalls.map((row) => [row.fn, row.path, String(row.calls.length), row.calls.join(', ') || '(none)', row.target ? `${row.target.exact ? 'exactly' : 'at most'} ${row.target.max}: ${row.met ? 'met' : '**missed**'}` : '']))}

## Warm latency

In-process against the embedded DynamoDB (dynalite, in memory) and the fake Twilio API, ${latency[0]?.calls ?? 0} calls each after a warm-up, interleaved round by round with one bare GetItem through the same SDK client configuration.

${table(['Operation', 'p50', 'p99', 'p50 / GetItem p50'], latency.map((row) => [row.name, ms(row.p50Ms), ms(row.p99Ms), times(row.ratioToGetItem)]))}

## Local server under load

\`tsx local/main.ts\` in its own process; autocannon (programmatic, one precomputed signed request per webhook) from this one, ${load.connections} connections. The mix: ${load.plan.byRoute.voice} voice, ${load.plan.byRoute.status} status callbacks, ${load.plan.byRoute.sms} SMS, of which ${load.plan.repeats} are Twilio repeats (${load.plan.concurrentRepeats} in flight with their original, ${load.plan.lateRepeats} late) and ${load.plan.forged} forgeries that must get 403.

${table(['Figure', 'Value'], [
    ['Webhooks answered', `${load.load.answered} of ${load.plan.total}`],
    ['Requests per second', load.load.requestsPerSecond.toFixed(0)],
    ['Latency p50 / p90 / p99 / max', `${ms(load.load.latencyMs.p50)} / ${ms(load.load.latencyMs.p90)} / ${ms(load.load.latencyMs.p99)} / ${ms(load.load.latencyMs.max)}`],
    ['Errors / timeouts', `${load.load.errors} / ${load.load.timeouts}`],
    ['Answers by status', Object.entries(load.load.byStatus).map(([status, count]) => `${status}: ${count}`).join(', ')],
    ['Unintended non-2xx', String(load.unintendedNon2xx)],
    ['Unhandled errors (metric)', String(load.unhandledErrors)],
    ['SMS sent', String(load.smsSent)],
  ])}
`;
}

function breakdownRows(bundles: BundleReport): string[][] {
  const names = new Set<string>();
  for (const bundle of bundles.bundles) for (const input of bundle.leanInputs.slice(0, 8)) names.add(input.name);
  const byName = (inputs: InputShare[], name: string) => inputs.find((input) => input.name === name)?.bytes ?? 0;
  const rows = [...names].map((name) => [name, ...bundles.bundles.map((bundle) => kb(byName(bundle.leanInputs, name)))]);
  rows.push(['everything else', ...bundles.bundles.map((bundle) => kb(bundle.leanBytes - [...names].reduce((sum, name) => sum + byName(bundle.leanInputs, name), 0)))]);
  return rows;
}

/** Why each missed target was missed, from the measurements of this run. */
function explainMisses(results: BenchResults, missed: TargetRow[]): string {
  const notes: string[] = ['### Misses, and why'];
  const largest = results.bundles.bundles.reduce((a, b) => (a.leanBytes > b.leanBytes ? a : b));
  const share = (match: (name: string) => boolean) => largest.leanInputs.filter((input) => match(input.name)).reduce((sum, input) => sum + input.bytes, 0);
  if (missed.some((row) => row.target.includes(`at most ${MAX_BUNDLE_KB} KB`))) {
    const phone = share((name) => name.startsWith('libphonenumber-js'));
    const twilio = share((name) => name.startsWith('twilio/') || name === 'xmlbuilder');
    const emf = share((name) => name === 'aws-embedded-metrics' || name.startsWith('@datastructures-js'));
    const ours = share((name) => name.endsWith('(ours)'));
    notes.push(
      `- **Bundle size.** The largest bundle (${largest.fn}, ${kb(largest.leanBytes)}) is ${kb(phone)} libphonenumber-js (with the \`max\` metadata of the served numbering plans only, generated at build time), ` +
        `${kb(twilio)} twilio TwiML and webhook validation with xmlbuilder (the deep imports, not the whole package), ${kb(emf)} aws-embedded-metrics, and ${kb(ours)} of our own code. ` +
        `The two libraries the issue names alone are ${kb(phone + twilio)}, so 150 KB cannot be met while both stay; getting there means replacing one of them (e.g. writing the three TwiML documents by hand). That is a product decision for the lead: runtime code was not changed to meet the figure.`,
    );
  }
  if (missed.some((row) => row.target.includes(`${MIN_SMALLER_BY}x smaller`))) {
    notes.push(
      `- **Ratio to the naive build.** The naive ${largest.fn} bundle is ${kb(largest.naiveBytes)}: ${times(largest.smallerBy)} the stack's. The ratio is bounded by the stack's own size (above): at ${kb(largest.leanBytes)} the naive build would have to be ${kb(largest.leanBytes * MIN_SMALLER_BY)} for 20x.`,
    );
  }
  for (const row of missed.filter((entry) => entry.target.includes('cold start'))) {
    const cold = results.coldStarts.find((entry) => row.target.startsWith(entry.fn));
    if (!cold) continue;
    const own = cold.lean.requireMedianMs - cold.externalOnly.requireMedianMs;
    notes.push(
      `- **${row.target}**: ${row.figure}. Of the stack bundle's ${ms(cold.lean.requireMedianMs)}, ${ms(cold.externalOnly.requireMedianMs)} is loading the AWS SDK clients it leaves external ` +
        `(from node_modules here, from the runtime on Lambda), which the naive build carries inlined; the bundle's own code loads in about ${ms(Math.max(0, own))}, ${times(Math.max(0, own) / cold.naive.requireMedianMs)} the naive load. ` +
        `The SDK load is the floor of this ratio as long as the functions use DynamoDB through the SDK.`,
    );
  }
  for (const row of missed.filter((entry) => entry.target.includes('GetItem'))) {
    const query = results.latency.find((entry) => entry.name.includes('Query'));
    const voice = results.latency.find((entry) => entry.name.startsWith('voice'));
    const getItem = results.latency.find((entry) => entry.name.includes('GetItem'));
    const rest = voice && query ? voice.p50Ms - query.p50Ms : Number.NaN;
    notes.push(
      `- **${row.target}**: ${row.figure}. The voice path's one DynamoDB call is a Query (the number's record and its owning client share a partition), ` +
        `which on its own takes ${query ? ms(query.p50Ms) : '?'} at p50 here, ${query ? times(query.ratioToGetItem) : '?'} a GetItem on dynalite; everything else the function does ` +
        `(header normaliser, form parser, signature check, role routing, TwiML, JSON logs, the EMF flush) adds ${ms(rest)}, ${getItem ? times(rest / getItem.p50Ms) : '?'} a GetItem. ` +
        `That part is fixed per call, so the ratio falls as the read gets slower: against dynalite in-process (a GetItem in ${getItem ? ms(getItem.p50Ms) : '?'}) it is at its worst.`,
    );
  }
  for (const row of missed.filter((entry) => entry.target.includes('DynamoDB calls') && !entry.target.startsWith('voice:'))) {
    notes.push(`- **${row.target}**: ${row.figure} calls; see the per-path table for the commands.`);
  }
  for (const row of missed.filter((entry) => entry.target.startsWith('voice: exactly'))) {
    notes.push(`- **${row.target}**: ${row.figure}; see the per-path table for the commands.`);
  }
  for (const row of missed.filter((entry) => entry.target.startsWith('local server'))) {
    notes.push(`- **${row.target}**: ${row.figure}.`);
  }
  return notes.join('\n');
}
