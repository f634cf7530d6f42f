// The mutation run inside `npm test`: the same modules and thresholds as stryker.config.mjs, in incremental mode
// against the committed result file, so only mutants whose code or covering tests changed run again (seconds when
// nothing changed, a few minutes after an edit to one rule). Refresh the file with `npm run mutation` and commit it.
import base from './stryker.config.mjs';

export default {
  ...base,
  reporters: ['clear-text'],
};
