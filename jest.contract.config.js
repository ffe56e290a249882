// The DynamoDB contract suite (npm run test:contract): every file under test/contract runs twice, once on dynalite
// behind our transaction layer (what npm test and npm start use) and once on AWS's own DynamoDB Local, the referee.
// Both must pass the same assertions. One DynamoDB Local per jest worker, started by the project's globalSetup.
const base = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/test/contract'],
  testMatch: ['**/*.contract.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
};

/** @type {import('jest').Config} */
module.exports = {
  // Two workers: the machine and CI have two cores, and each worker holds one JVM.
  maxWorkers: 2,
  testTimeout: 30000,
  projects: [
    {
      ...base,
      displayName: 'dynalite',
      setupFiles: ['<rootDir>/test/support/env.ts', '<rootDir>/test/contract/support/on-dynalite.ts'],
    },
    {
      ...base,
      displayName: 'dynamodb-local',
      setupFiles: ['<rootDir>/test/support/env.ts', '<rootDir>/test/contract/support/on-dynamodb-local.ts'],
      globalSetup: '<rootDir>/test/contract/support/start-dynamodb-local.ts',
      globalTeardown: '<rootDir>/test/contract/support/stop-dynamodb-local.ts',
    },
  ],
};
