import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// Mutation testing of the pure rules (`npm run mutation`): every mutant Stryker makes of these files must be killed by
// their unit specs. Only pure modules are listed: their specs need no database, so jest's global setup (PostgreSQL,
// Redis) is switched off; the rules that live in SQL or behind the database are covered by tools/mutants/*.patch.
// Listed modules are fixed here, so the score cannot rise by quietly dropping a file.
export const mutatedModules = [
  'src/agreements/priority.ts',
  'src/agreements/business-calendar.ts',
  'src/sla/sla-clock.ts',
  'src/deviations/deviations.csv.ts',
  'src/reports/kpi.csv.ts',
  'src/notifications/webhook-url.ts',
  'src/notifications/webhook-address.ts',
  'src/notifications/webhook-signature.ts',
  'src/common/idempotency-key.ts',
  'src/declarations/declaration-answers.ts',
  'src/deviations/deviation-lifecycle.ts',
  'src/jira/comment-sharing-policy.ts',
  'src/jira/jira-webhook-signature.ts',
];

// The runners work in a sandbox copy under .stryker-tmp, where a spec's own `../shared` (the seeds beside the
// repository, read by the SSBTEK template spec) means .stryker-tmp/shared; under CI=true that spec then fails the dry
// run instead of skipping. A link there to the real ../shared (removed with the temporary directory; rm does not
// follow links) keeps the spec's path as it is, so its results in the incremental file stay reusable.
const sharedDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'shared');
const sharedLink = resolve(dirname(fileURLToPath(import.meta.url)), '.stryker-tmp', 'shared');
if (existsSync(sharedDir) && !existsSync(sharedLink)) {
  mkdirSync(dirname(sharedLink), { recursive: true });
  symlinkSync(sharedDir, sharedLink, 'dir');
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  // `null`, not `undefined`: undefined is dropped on its way to the runner processes and jest's own setup comes back.
  // setup-env refuses to run without a test database, which these specs do not use.
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    enableFindRelatedTests: true,
    config: {
      globalSetup: null,
      globalTeardown: null,
      setupFiles: ['reflect-metadata', '<rootDir>/tools/mutation/fast-check-quick.ts'],
      setupFilesAfterEnv: [],
      roots: ['<rootDir>/src'],
      testMatch: ['**/*.spec.ts'],
    },
  },
  testRunnerNodeArgs: ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning'],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level tables: the CSV columns, the IP range registry, the regexes) cannot be traced to the
  // tests that cover them, so each one reruns every spec: a third of the mutants, 98 % of the time. They are left out
  // of the score; the tables that matter are pinned by tools/mutants/*.patch (e.g. 172.16.0.0/12) and the properties.
  ignoreStatic: true,
  // The TypeScript checker multiplies the run time by four (20 min against 6 for four files) for mutants the
  // compiled-away types would reject anyway; tsc already runs on the real code in npm test.
  checkers: [],
  concurrency: 2,
  // Stryker's 5 s default is measured against the whole jest run of a mutant, module loading included. On a busy
  // machine that alone passes 5 s: 9 of the first 16 sla-clock mutants "timed out", each counted as killed (a score
  // that lies) and each restarting the runner (half a minute). A mutant that truly loops still ends at 30 s.
  timeoutMS: 30000,
  mutate: mutatedModules,
  reporters: ['html', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  thresholds: { high: 90, low: 80, break: 80 },
  // `npm run mutation` runs with --force and rewrites this file; npm test reuses it (stryker.capped.config.mjs).
  // Where the full run does not fit, the file is built one module at a time, and nice so others keep the CPU:
  // `nice -n 19 node node_modules/@stryker-mutator/core/bin/stryker.js run stryker.config.mjs --mutate <module>`
  // (without --force): Stryker carries the mutants of modules outside --mutate over from the file unchanged.
  incremental: true,
  incrementalFile: 'tools/mutation/stryker-incremental.json',
  // .tools is a symlink to the shared Node install, which the sandbox copy cannot copy; the rest is not needed.
  ignorePatterns: ['/.tools', '/dist', '/.data', '/bench', '/reports', '/coverage'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
