import type * as JiraJs from './jira-js.esm.mjs';

let loaded: typeof JiraJs | undefined;

/**
 * jira.js, loaded at the first Jira call instead of at start: its ES module graph (~2,000 modules, with zod) holds
 * ~16 MB of heap in every process, and the API calls Jira only when an SKR admin asks it to (bench, issue 22: the
 * API's RSS under the portal's load). Its error classes are read through here too; a Jira error exists only once
 * a call has loaded it.
 */
export function jiraJs(): typeof JiraJs {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  loaded ??= require('./jira-js.esm.mjs') as typeof JiraJs;
  return loaded;
}
