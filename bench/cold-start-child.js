// Runs in a fresh Node process: loads the given modules (a bundle, or the packages it leaves external) the way
// Lambda's runtime loads a handler (require) and reports how long that took.
// biome-ignore lint/suspicious/noRedundantUseStrict: this file runs as CommonJS (no "type": "module"), where it is not redundant.
'use strict';
const started = performance.now();
for (const module of process.argv.slice(2)) require(module);
const loaded = performance.now();
process.stdout.write(JSON.stringify({ requireMs: loaded - started, sinceProcessStartMs: loaded }));
