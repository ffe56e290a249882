#!/usr/bin/env node
// The `mct-admin` bin: compiles the TypeScript CLI on the fly with tsx, resolved from this package, so it runs from any directory.
require('tsx/cjs');
require('./cli.ts').main();
