// One jest run for unit (src/**/*.spec.ts), integration and e2e (test/**) suites. The global setup starts throwaway
// PostgreSQL and Redis servers and migrates a template database once; each jest worker clones its own database.
/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
  },
];
const swcEsm = [swc[0], { ...swc[1], module: { type: 'es6' } }];

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/jira-simulator'],
  testMatch: ['**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'mts', 'js', 'mjs', 'json'],
  extensionsToTreatAsEsm: ['.mts'],
  // Only our own ESM bridges (`*.esm.mts`, for ESM-only packages such as jira.js) map from .mjs to source.
  moduleNameMapper: { '^(\\.{1,2}/.*\\.esm)\\.mjs$': '$1.mts' },
  transform: { '^.+\\.mts$': swcEsm, '^.+\\.ts$': swc },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/after-env.ts'],
  maxWorkers: 2,
  // A jest worker's heap grows with every file it runs (Nest apps, vm modules): one ran out of memory after ~105 files
  // in a fresh-clone run. A worker past this after a file is replaced by a fresh one (jest's documented remedy).
  workerIdleMemoryLimit: '1GB',
  testTimeout: 30000,
  verbose: false,
};
