// The mutation run inside `npm test`: the same modules and thresholds as stryker.config.mjs, in incremental mode
// against the committed result file, so only mutants whose code or covering tests changed run again (seconds when
// nothing changed, a few minutes after an edit to one rule). Refresh the file with `npm run mutation` and commit it.
//
// A module the committed file does not hold yet would be mutated from scratch here (the business calendar alone is
// most of an hour on two busy cores), so it is left to `npm run mutation`, and said so on every run rather than
// silently: the file is built module by module (`stryker run stryker.config.mjs --mutate <file>`), and a module
// joins the capped run as soon as its results are committed.
//
// Stryker writes its incremental file back at the end of every run, with the mutant ids renumbered even when nothing
// changed, so pointed at the committed file the capped run left the working tree dirty after every npm test. It
// reads a copy instead, taken afresh from the committed file on each run (in git-ignored reports/): the baseline is
// always what was committed, never what the last local run saw, and the committed file changes only by npm run
// mutation or a module's run with stryker.config.mjs.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import base, { mutatedModules } from './stryker.config.mjs';

const recorded = existsSync(base.incrementalFile)
  ? new Set(Object.keys(JSON.parse(readFileSync(base.incrementalFile, 'utf8')).files))
  : new Set();
const missing = mutatedModules.filter((module) => !recorded.has(module));
if (missing.length > 0) {
  console.warn(`Mutation testing: not in ${base.incrementalFile} yet, so left to npm run mutation: ${missing.join(', ')}`);
}

const workingCopy = 'reports/mutation/stryker-incremental.capped.json';
if (existsSync(base.incrementalFile)) {
  mkdirSync(dirname(workingCopy), { recursive: true });
  copyFileSync(base.incrementalFile, workingCopy);
}

export default {
  ...base,
  incrementalFile: workingCopy,
  mutate: mutatedModules.filter((module) => recorded.has(module)),
  reporters: ['clear-text'],
};
