import { spawnSync } from 'node:child_process';
import path from 'node:path';

// The architecture rules (.dependency-cruiser.cjs) judged against a fixture that breaks each of them on purpose:
// a rule nobody has seen fail is not proven. The fixture also holds imports the rules must allow.

const ROOT = path.resolve(__dirname, '../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/architecture');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

function cruiseFixture(): Violation[] {
  const cli = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const run = spawnSync(
    process.execPath,
    [cli, '--config', CONFIG, '--output-type', 'json', 'shared', 'functions', 'lib', 'local'],
    { cwd: FIXTURE, encoding: 'utf8' },
  );
  if (!run.stdout) throw new Error(`depcruise printed nothing: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

/** `node_modules/<name>/…` however deep the fixture sits. */
const pkg = (name: string) => new RegExp(`(^|/)node_modules/${name}/`);

let violations: Violation[];

beforeAll(() => {
  violations = cruiseFixture();
}, 60_000);

function broken(rule: string, from: string, to: string | RegExp): boolean {
  return violations.some(
    (v) => v.rule.name === rule && v.from === from && (typeof to === 'string' ? v.to === to : to.test(v.to)),
  );
}

function flagged(from: string, to: string | RegExp): string[] {
  return violations
    .filter((v) => v.from === from && (typeof to === 'string' ? v.to === to : to.test(v.to)))
    .map((v) => v.rule.name);
}

describe('architecture rules', () => {
  it.each([
    ['no-circular', 'shared/domain/cycle/first.ts', 'shared/domain/cycle/second.ts'],
    ['domain-imports-no-adapter', 'shared/domain/calls/answer-call.ts', 'shared/adapters/twilio/twiml.ts'],
    ['domain-imports-no-delivery-mechanism', 'shared/domain/calls/answer-call.ts', 'shared/http/webhook-params.ts'],
    ['domain-imports-no-wiring-or-function', 'shared/domain/calls/answer-call.ts', 'shared/wiring.ts'],
    ['domain-imports-no-wiring-or-function', 'shared/domain/calls/answer-call.ts', 'functions/voice/handler.ts'],
    ['domain-imports-no-sdk', 'shared/domain/calls/answer-call.ts', pkg('twilio')],
    ['domain-imports-no-sdk', 'shared/domain/calls/answer-call.ts', pkg('@aws-sdk/lib-dynamodb')],
    ['domain-imports-no-sdk', 'shared/domain/calls/answer-call.ts', pkg('@middy/core')],
    ['domain-imports-no-sdk', 'shared/domain/calls/answer-call.ts', pkg('@aws-sdk/client-sqs')],
    ['domain-imports-no-sdk', 'shared/domain/calls/answer-call.ts', pkg('@types/aws-lambda')],
    ['roles-only-through-the-gate', 'shared/domain/calls/take-call.ts', 'shared/domain/numbers/resolve-number-role.ts'],
    ['libphonenumber-only-at-build-time', 'shared/domain/calls/answer-call.ts', pkg('libphonenumber-js')],
    ['ports-import-only-domain-types-and-metric-names', 'shared/ports/call-log.ts', 'shared/adapters/twilio/twiml.ts'],
    ['ports-import-domain-types-only', 'shared/ports/call-log.ts', 'shared/domain/cycle/first.ts'],
    ['infrastructure-imports-only-dependency-free-constants', 'lib/stack.ts', 'shared/domain/cycle/first.ts'],
    ['shared-constants-import-nothing', 'shared/metric-names.ts', 'shared/wiring.ts'],
    ['function-imports-only-own-folder-and-shared', 'functions/voice/handler.ts', 'functions/sms/handler.ts'],
    ['function-imports-only-own-folder-and-shared', 'functions/voice/handler.ts', 'local/local-defaults.ts'],
    ['sms-function-carries-no-sign-up', 'functions/sms/wiring.ts', 'shared/domain/signup/sign-up-owner.ts'],
    ['twilio-only-in-its-adapter', 'local/local-defaults.ts', pkg('twilio')],
    ['twilio-by-deep-path-only', 'local/local-defaults.ts', /(^|\/)node_modules\/twilio\/lib\/index\.js$/],
    ['dynamodb-sdk-only-in-its-adapter', 'lib/stack.ts', pkg('@aws-sdk/lib-dynamodb')],
    [
      'secrets-manager-sdk-only-in-its-adapter',
      'shared/adapters/metrics/emf.ts',
      pkg('@aws-sdk/client-secrets-manager'),
    ],
    ['sqs-sdk-only-in-queue-adapter', 'functions/voice/handler.ts', pkg('@aws-sdk/client-sqs')],
    ['cloudformation-sdk-only-in-admin', 'shared/adapters/metrics/emf.ts', pkg('@aws-sdk/client-cloudformation')],
    ['other-aws-sdk-clients-only-in-an-adapter', 'functions/voice/handler.ts', pkg('@aws-sdk/types')],
    ['middy-only-in-middleware', 'functions/voice/handler.ts', pkg('@middy/core')],
    ['runtime-imports-no-dev-dependency', 'functions/voice/handler.ts', pkg('fast-check')],
    ['no-unresolvable-import', 'shared/adapters/metrics/emf.ts', './not-there'],
    ['no-package-outside-package-json', 'functions/voice/handler.ts', pkg('@aws-sdk/types')],
    ['no-orphans-in-shared', 'shared/unused-helper.ts', 'shared/unused-helper.ts'],
  ] as const)('%s reports %s -> %s', (rule, from, to) => {
    expect(broken(rule, from, to)).toBe(true);
  });

  it('every rule in the config is seen failing on the fixture', () => {
    // The config is CommonJS, read here as the CLI reads it.
    const config = require(CONFIG) as { forbidden: { name: string }[] };
    const seen = new Set(violations.map((v) => v.rule.name));
    expect(config.forbidden.map((rule) => rule.name).filter((name) => !seen.has(name))).toEqual([]);
  });

  it('allows twilio by deep path inside its own adapter folder', () => {
    expect(flagged('shared/adapters/twilio/twiml.ts', pkg('twilio'))).toEqual([]);
  });

  it('allows local/ to build its own DynamoDB client', () => {
    expect(flagged('local/local-defaults.ts', pkg('@aws-sdk/client-dynamodb'))).toEqual([]);
  });

  it('allows lib/ libphonenumber-js, to generate the phone plans at synth', () => {
    expect(flagged('lib/stack.ts', pkg('libphonenumber-js'))).toEqual([]);
  });

  it('allows lib/ the two dependency-free constants modules', () => {
    expect(flagged('lib/stack.ts', 'shared/function-settings.ts')).toEqual([]);
    expect(flagged('lib/stack.ts', 'shared/metric-names.ts')).toEqual([]);
  });

  it('allows a use case the role gate, and the gate the resolver', () => {
    expect(flagged('shared/domain/calls/take-call.ts', 'shared/domain/numbers/role-gate.ts')).toEqual([]);
    expect(flagged('shared/domain/numbers/role-gate.ts', 'shared/domain/numbers/resolve-number-role.ts')).toEqual([]);
  });

  it('allows a function its own shared/ modules', () => {
    expect(flagged('functions/voice/handler.ts', 'shared/function-settings.ts')).toEqual([]);
  });
});
