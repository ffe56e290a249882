/**
 * The reliability suite (test/reliability): load with retries, faults, hostile input.
 * `npm run test:reliability` runs it in full; `npm test` runs it reduced (RELIABILITY_SCALE=0.1) through jest.config.js.
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/reliability'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120000,
  // The suites share two cores with their own servers: one file at a time keeps the figures honest.
  maxWorkers: 1,
};
