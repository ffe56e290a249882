// Architecture rules as code (STYLE.md "Our layout" and rules 3, 10 and 13). `npm run lint:architecture` checks them
// and `npm test` runs that; test/architecture/architecture-rules.test.ts proves each rule fails on a fixture that
// breaks it.
//
// Paths are relative to the directory depcruise runs in. npm packages are matched by `(^|/)node_modules/<name>/`
// so the same rules also judge the fixture under test/fixtures/architecture, whose packages resolve to ../../../.

/** An npm package (or scope) as a `to.path` pattern. */
const pkg = (name) => `(^|/)node_modules/${name}/`;

/** Folders allowed to use any SDK directly: dev tools and tests, which are never bundled into a Lambda function. */
const TOOLS_AND_TESTS = '^(test|bench)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'A cycle makes load order matter (a module can see its neighbour half-initialised) and hides which room a ' +
        'module belongs to. Break it by moving the shared type or helper to the room both depend on.',
      severity: 'error',
      from: { path: '^(shared|functions|lib|bin|local|admin|bench|test)/' },
      to: { circular: true },
    },

    // --- the domain is pure TypeScript --------------------------------------------------------------------------
    {
      name: 'domain-imports-no-adapter',
      comment:
        'The domain decides; adapters carry out. A use case receives its ports as arguments, so a test reaches every ' +
        'branch without DynamoDB or Twilio. Depend on shared/ports instead.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { path: '^shared/adapters/' },
    },
    {
      name: 'domain-imports-no-delivery-mechanism',
      comment:
        'Middleware and HTTP shapes belong to the webhook edge (thin handlers, STYLE rule 1). The domain takes plain ' +
        'values (e.g. inbound-message types), not API Gateway events or middy requests.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { path: '^shared/(middleware|http)/' },
    },
    {
      name: 'domain-imports-no-wiring-or-function',
      comment:
        'Wiring and functions compose the domain, never the reverse: importing them would drag every adapter of a ' +
        'function into each bundle that uses the use case, and make a cycle through the composition root.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { path: '^(shared/(wiring|lambda-wiring)[^/]*$|functions/)' },
    },
    {
      name: 'domain-imports-no-sdk',
      comment:
        'No AWS SDK, twilio, middy, EMF library or Lambda types in the domain: it must run, and be tested, without any ' +
        'of them. Talk to the outside through a port in shared/ports.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: {
        path: [pkg('@aws-sdk'), pkg('twilio'), pkg('@middy'), pkg('@types/aws-lambda'), pkg('aws-lambda')],
      },
    },

    {
      name: 'roles-only-through-the-gate',
      comment:
        'The role decides, in one place (STYLE rules 2 and 13): every use case gets its number through passRoleGate ' +
        '(shared/domain/numbers/role-gate.ts), which resolves the role once and refuses what the route does not serve. ' +
        'A use case that imports the resolver (resolveNumberRole, roleFromEntry) is a hand-written copy of the gate ' +
        'that will drift; call passRoleGate and declare the route in its table instead.',
      severity: 'error',
      from: { path: '^shared/domain/', pathNot: '^shared/domain/numbers/' },
      to: { path: '^shared/domain/numbers/resolve-number-role\\.ts$' },
    },

    // --- ports are narrow interfaces ----------------------------------------------------------------------------
    {
      name: 'ports-import-only-domain-types-and-metric-names',
      comment:
        'A port is an interface the domain owns. It may name domain types, other ports and the metric catalogue; ' +
        'anything else (an SDK, an adapter, config) would leak an implementation into every use case.',
      severity: 'error',
      from: { path: '^shared/ports/' },
      to: { pathNot: '^(shared/ports/|shared/domain/|shared/metric-names\\.ts$)' },
    },
    {
      name: 'ports-import-domain-types-only',
      comment: 'A port names domain types, it does not run domain code: `import type` keeps it an interface.',
      severity: 'error',
      from: { path: '^shared/ports/' },
      to: { path: '^shared/domain/', dependencyTypesNot: ['type-only'] },
    },

    // --- infrastructure code and the constants it shares with the runtime --------------------------------------
    {
      name: 'infrastructure-imports-only-dependency-free-constants',
      comment:
        'lib/ and bin/ run at synth, not in Lambda. They know entry paths as strings and share only the two ' +
        'dependency-free constants modules with the runtime (the metric catalogue, the function settings, the webhook routes and the business-name repertoire the skeleton table is generated for); ' +
        'importing anything else would pull SDKs into synth and let infrastructure depend on runtime internals.',
      severity: 'error',
      from: { path: '^(lib|bin)/' },
      to: {
        path: '^(shared|functions|local|admin|bench|test)/',
        pathNot: '^shared/(metric-names|function-settings|webhook-routes|business-name-repertoire)\\.ts$',
      },
    },
    {
      name: 'shared-constants-import-nothing',
      comment:
        'shared/metric-names.ts, function-settings.ts and webhook-routes.ts are imported by lib/ at synth and by every function: ' +
        'they stay dependency-free so neither side drags the other in.',
      severity: 'error',
      from: { path: '^shared/(metric-names|function-settings|webhook-routes|business-name-repertoire)\\.ts$' },
      to: { path: '.' },
    },

    // --- functions ----------------------------------------------------------------------------------------------
    {
      name: 'function-imports-only-own-folder-and-shared',
      comment:
        'Each function carries only what it uses (STYLE rule 10): it is composed from shared/ in its own folder. ' +
        "Reaching into another function's folder couples two deployments; move what both need to shared/.",
      severity: 'error',
      from: { path: '^functions/([^/]+)/' },
      to: {
        path: '^(functions|lib|bin|local|admin|bench|test)/',
        pathNot: '^functions/$1/',
      },
    },

    {
      name: 'sms-function-carries-no-sign-up',
      comment:
        'The sign-up conversation runs in functions/signup: the SMS function and its redelivery consumer hand a text ' +
        'to the ONBOARDING number to it through the SignupDesk port, so their bundles have room and their operational ' +
        'path carries no pool-assignment code. Only the business-name rules, which owner commands share, and the sign-up ' +
        'settings type may be reached.',
      severity: 'error',
      from: { path: '^functions/sms/' },
      to: {
        path: ['^shared/domain/signup/', '^shared/adapters/dynamodb/dynamo-(signup|number-pool)'],
        // signup-rules.ts: the type of the settings section, which shared/config.ts names.
        pathNot: '^shared/domain/signup/(business-name|signup-rules)\\.ts$',
        reachable: true,
      },
    },

    // --- each SDK in one adapter folder -------------------------------------------------------------------------
    {
      name: 'twilio-only-in-its-adapter',
      comment:
        'Twilio is imported only under shared/adapters/twilio (STYLE rule 3), so one folder knows its API and the ' +
        'bundle cost is visible in one place. Dev tools reach it through that adapter; tests and bench may use the ' +
        'real library as an oracle.',
      severity: 'error',
      from: { pathNot: [TOOLS_AND_TESTS, '^shared/adapters/twilio/'] },
      to: { path: pkg('twilio') },
    },
    {
      name: 'twilio-by-deep-path-only',
      comment:
        "twilio's package root loads the whole REST client (~3.7 MB bundled). Runtime code imports only the module it " +
        "uses by deep path (e.g. 'twilio/lib/webhooks/webhooks'); bench measures the root import on purpose.",
      severity: 'error',
      from: { pathNot: TOOLS_AND_TESTS },
      to: { path: `${pkg('twilio')}lib/index\\.js$` },
    },
    {
      name: 'dynamodb-sdk-only-in-its-adapter',
      comment:
        'DynamoDB is spoken in shared/adapters/dynamodb only (plus the local embedded server, the operator CLI that ' +
        'builds its own client, tests and bench). The rest of the runtime sees ports or the document-client type ' +
        'that adapter exports.',
      severity: 'error',
      from: { pathNot: [TOOLS_AND_TESTS, '^shared/adapters/dynamodb/', '^local/', '^admin/'] },
      to: { path: [pkg('@aws-sdk/client-dynamodb'), pkg('@aws-sdk/lib-dynamodb')] },
    },
    {
      name: 'secrets-manager-sdk-only-in-its-adapter',
      comment: 'Secrets Manager is read in shared/adapters/secrets only; the wiring passes the reader in.',
      severity: 'error',
      from: { pathNot: [TOOLS_AND_TESTS, '^shared/adapters/secrets/'] },
      to: { path: pkg('@aws-sdk/client-secrets-manager') },
    },
    {
      name: 'sqs-sdk-only-in-queue-adapter',
      comment: 'The redelivery queue is reached through its port; only shared/adapters/queue knows SQS.',
      severity: 'error',
      from: { pathNot: [TOOLS_AND_TESTS, '^shared/adapters/queue/'] },
      to: { path: pkg('@aws-sdk/client-sqs') },
    },
    {
      name: 'cloudformation-sdk-only-in-admin',
      comment: 'Only the operator CLI reads stack outputs; nothing deployed needs CloudFormation.',
      severity: 'error',
      from: { pathNot: [TOOLS_AND_TESTS, '^admin/'] },
      to: { path: pkg('@aws-sdk/client-cloudformation') },
    },
    {
      name: 'other-aws-sdk-clients-only-in-an-adapter',
      comment:
        'Any other AWS SDK client gets its own folder under shared/adapters (one SDK each) before the runtime uses it.',
      severity: 'error',
      from: { pathNot: [TOOLS_AND_TESTS, '^shared/adapters/', '^local/', '^admin/'] },
      to: {
        path: pkg('@aws-sdk'),
        // These have their own rule above.
        pathNot: ['dynamodb', 'lib-dynamodb', 'secrets-manager', 'cloudformation'].map((c) =>
          pkg(`@aws-sdk/(client-)?${c}`),
        ),
      },
    },
    {
      name: 'middy-only-in-middleware',
      comment:
        'The middy chain is built in shared/middleware; functions and the domain stay free of it, so a use case is a ' +
        'plain function.',
      severity: 'error',
      from: { pathNot: [TOOLS_AND_TESTS, '^shared/middleware/'] },
      to: { path: pkg('@middy') },
    },

    {
      name: 'libphonenumber-only-at-build-time',
      comment:
        'libphonenumber-js (its parser ~38 KB minified, its metadata more) is in no bundle: lib/phone-metadata.ts ' +
        'generates compact plans from its metadata at synth, shared/domain/numbers/classify-phone-number.ts classifies ' +
        'with them, and tests and bench use the library as the oracle. Not even a type import: the runtime names its ' +
        'own types (PhoneNumberType, PhoneCountry in the numbers room).',
      severity: 'error',
      from: { pathNot: ['^(lib|test|bench)/'] },
      to: { path: pkg('libphonenumber-js') },
    },

    // --- hygiene ------------------------------------------------------------------------------------------------
    {
      name: 'runtime-imports-no-dev-dependency',
      comment:
        'Code bundled into a function may use only production dependencies: a devDependency is missing from the ' +
        'deployed package and breaks at cold start. Type-only imports (e.g. @types/aws-lambda) are erased.',
      severity: 'error',
      from: { path: '^(shared|functions)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-unresolvable-import',
      comment: 'An import that resolves to nothing fails at run time, or in the bundler.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-package-outside-package-json',
      comment: 'A package used but not declared works by the accident of hoisting and breaks on a clean install.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'no-orphans-in-shared',
      comment: 'A module in shared/ that nothing imports is dead code or a forgotten wiring step.',
      severity: 'error',
      from: { orphan: true, path: '^shared/', pathNot: '\\.(d\\.ts|json)$' },
      to: {},
    },
  ],
  options: {
    // The architecture run skips the fixture that deliberately breaks the rules (its test cruises it on its own).
    exclude: { path: ['^cdk\\.out/', '^\\.cdk-home/', '^test/fixtures/architecture/'] },
    doNotFollow: { path: '(^|/)node_modules/' },
    // Type-only imports count: a port importing an adapter's type is still a wrong-way dependency.
    tsPreCompilationDeps: true,
    // node_modules is a symlink in worktrees: keep package paths as `node_modules/...` so the rules match.
    preserveSymlinks: true,
    moduleSystems: ['cjs', 'es6'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
