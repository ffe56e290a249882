// Runs in a fresh Node process: loads the given modules (a bundle, or the packages it leaves external) the way
// Lambda's runtime loads a handler (require) and reports how long that took. Modules after `--then` are loaded next
// and timed apart: what a bundle loads only when first needed (e.g. at the first fetch of a secret).
// biome-ignore lint/suspicious/noRedundantUseStrict: this file runs as CommonJS (no "type": "module"), where it is not redundant.
'use strict';
const args = process.argv.slice(2);
const split = args.indexOf('--then');
const first = split < 0 ? args : args.slice(0, split);
const then = split < 0 ? [] : args.slice(split + 1);
const started = performance.now();
for (const module of first) require(module);
const loaded = performance.now();
for (const module of then) require(module);
const thenLoaded = performance.now();
process.stdout.write(
  JSON.stringify({ requireMs: loaded - started, thenMs: thenLoaded - loaded, sinceProcessStartMs: loaded }),
);
