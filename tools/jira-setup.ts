// `npm run jira:setup`: registers the Jira admin webhook the sync needs (PUBLIC_BASE_URL/webhooks/jira, the secret in
// JIRA_WEBHOOK_SECRET, issue and comment events, JQL `project = JIRA_PROJECT_KEY`), once: a second run finds it. An
// account without Administer Jira gets the steps for an administrator instead (exit code 2), never a half-done setup.
// Then it gives every party and bastjänst its option in the mapped select fields (README, "How parties map to Jira"):
// existing options with our value are adopted, the rest created, and a second run creates nothing. It calls Jira with
// the token the worker uses (jiraTokenSourceOf), so a token an SKR admin set through the API serves it too.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ScopedDb } from '../src/database/scoped-db';
import { JiraFieldOptionsService } from '../src/jira/jira-field-options.service';
import type { AppConfig } from '../src/config/app-config';
import { loadConfig } from '../src/config/load-config';
import { jiraJsClientOf, jiraTokenSourceOf } from '../src/jira/jira-client.module';
import type { JiraJsClient } from '../src/jira/jira-js.client';
import { setUpWebhook } from '../src/jira/jira-webhook-setup';

async function main(): Promise<number> {
  const config = loadConfig(process.env);
  const { JIRA_BASE_URL } = config;
  if (!JIRA_BASE_URL) throw new Error('JIRA_BASE_URL is unset: there is no Jira site to set up');
  const db = await new DataSource({
    ...dataSourceOptions({ url: config.DATABASE_URL, appRole: config.DATABASE_APP_ROLE, poolSize: 2 }),
    logging: false,
  }).initialize();
  try {
    const scoped = new ScopedDb(db);
    // The worker's token, from the same sources in the same order: a mounted file, the one an SKR admin set, the environment.
    const jira = jiraJsClientOf({ ...config, JIRA_BASE_URL }, jiraTokenSourceOf(config, scoped));
    return await setUp(config, jira, scoped);
  } finally {
    await db.destroy();
  }
}

async function setUp(config: AppConfig, jira: JiraJsClient, db: ScopedDb): Promise<number> {
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
  const options = await new JiraFieldOptionsService(db, jira, config).setUp();
  for (const field of options) {
    if (field.problem)
      console.log(`options of ${field.fieldId} (${field.role}): its context does not cover project ${config.JIRA_PROJECT_KEY}`);
    else
      console.log(
        `options of ${field.fieldId} (${field.role}): ${field.created} created, ${field.adopted} adopted, ${field.enabled} enabled again, ${field.unchanged} already mapped`,
      );
  }
  return options.some((field) => field.problem) ? 3 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
