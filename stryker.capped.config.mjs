// The mutation run inside `npm test`: the same modules and thresholds as stryker.config.mjs, in incremental mode
// against the committed result file, so only mutants whose code or covering tests changed run again (seconds when
// nothing changed, a few minutes after an edit to one rule). Refresh the file with `npm run mutation` and commit it.
//
// A module the committed file does not hold yet would be mutated from scratch here (the business calendar alone is
// most of an hour on two busy cores), so it is left to `npm run mutation`, and said so on every run rather than
// silently: the file is built module by module (`stryker run stryker.config.mjs --mutate <file>`), and a module
// joins the capped run as soon as its results are committed.
import { existsSync, readFileSync } from 'node:fs';
import base, { mutatedModules } from './stryker.config.mjs';

const recorded = existsSync(base.incrementalFile)
  ? new Set(Object.keys(JSON.parse(readFileSync(base.incrementalFile, 'utf8')).files))
  : new Set();
const missing = mutatedModules.filter((module) => !recorded.has(module));
if (missing.length > 0) {
  console.warn(`Mutation testing: not in ${base.incrementalFile} yet, so left to npm run mutation: ${missing.join(', ')}`);
}

export default {
  ...base,
  mutate: mutatedModules.filter((module) => recorded.has(module)),
  reporters: ['clear-text'],
};
