// `npm run jira:setup`: registers the Jira admin webhook the sync needs (PUBLIC_BASE_URL/webhooks/jira, the secret in
// JIRA_WEBHOOK_SECRET, issue and comment events, JQL `project = JIRA_PROJECT_KEY`), once: a second run finds it. An
// account without Administer Jira gets the steps for an administrator instead (exit code 2), never a half-done setup.
// Then it gives every party and bastjänst its option in the mapped select fields (README, "How parties map to Jira"):
// existing options with our value are adopted, the rest created, and a second run creates nothing.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ScopedDb } from '../src/database/scoped-db';
import { JiraFieldOptionsService } from '../src/jira/jira-field-options.service';
import { loadConfig } from '../src/config/load-config';
import { JiraJsClient } from '../src/jira/jira-js.client';
import { JiraTokenSource } from '../src/jira/jira-token-source';
import { setUpWebhook } from '../src/jira/jira-webhook-setup';

async function main(): Promise<number> {
  const config = loadConfig(process.env);
  if (!config.JIRA_BASE_URL) throw new Error('JIRA_BASE_URL is unset: there is no Jira site to set up');
  const token = new JiraTokenSource(config.JIRA_API_TOKEN_FILE, config.JIRA_API_TOKEN);
  const jira = new JiraJsClient({
    baseUrl: config.JIRA_BASE_URL,
    email: config.JIRA_EMAIL,
    apiToken: () => token.current(),
    projectKey: config.JIRA_PROJECT_KEY,
    issueTypeId: config.JIRA_ISSUE_TYPE_ID,
    timeoutMs: config.JIRA_TIMEOUT_MS,
  });
  const result = await setUpWebhook(jira, {
    name: `Avvikelse (${config.JIRA_PROJECT_KEY})`,
    url: `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/webhooks/jira`,
    secret: config.JIRA_WEBHOOK_SECRET,
    projectKey: config.JIRA_PROJECT_KEY,
  });
  switch (result.outcome) {
    case 'registered':
      console.log(`webhook registered: ${result.url}`);
      break;
    case 'exists':
      console.log(`webhook already registered: ${result.url}`);
      break;
    case 'manual':
      console.log(
        `The account may not manage webhooks (403: Administer Jira is needed). Manual steps:\n${result.steps.en}\n\n${result.steps.sv}`,
      );
      return 2;
  }
  const db = await new DataSource({
    ...dataSourceOptions({ url: config.DATABASE_URL, appRole: config.DATABASE_APP_ROLE, poolSize: 2 }),
    logging: false,
  }).initialize();
  try {
    const options = await new JiraFieldOptionsService(new ScopedDb(db), jira, config).setUp();
    for (const field of options) {
      if (field.problem)
        console.log(`options of ${field.fieldId} (${field.role}): its context does not cover project ${config.JIRA_PROJECT_KEY}`);
      else
        console.log(
          `options of ${field.fieldId} (${field.role}): ${field.created} created, ${field.adopted} adopted, ${field.unchanged} already mapped`,
        );
    }
    return options.some((field) => field.problem) ? 3 : 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
