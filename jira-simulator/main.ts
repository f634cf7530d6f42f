// Starts the Jira simulator as a stand-alone server, for running the app against it by hand or from another process:
//   npm run build && node dist/jira-simulator/main.js
// Environment: JIRA_SIM_PORT (default 8089), JIRA_SIM_HOST (127.0.0.1), JIRA_SIM_WEBHOOK_URL, JIRA_SIM_WEBHOOK_SECRET,
// JIRA_SIM_API_TOKEN, JIRA_SIM_EMAIL, JIRA_SIM_PROJECT_KEY, JIRA_SIM_RATE_LIMIT_PER_SECOND, JIRA_SIM_TIME_ZONE,
// JIRA_SIM_SEED, JIRA_SIM_PROFILE (jira-software | jira-service-management | strict; default jira-software), JIRA_SIM_PARTY_MARKER,
// JIRA_SIM_STATE_FILE (keep the site's state there across restarts), JIRA_SIM_FRESH=1 (start empty even when the
// state file holds one: reproduces a site that lost its data).
import { siteProfile } from './profiles';
import { DEFAULT_API_TOKEN, DEFAULT_EMAIL, startJiraSimulator } from './simulator';

function optionalNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const env = process.env;
  const perSecond = optionalNumber('JIRA_SIM_RATE_LIMIT_PER_SECOND');
  const simulator = await startJiraSimulator({
    port: optionalNumber('JIRA_SIM_PORT') ?? 8089,
    host: env.JIRA_SIM_HOST || undefined,
    webhookUrl: env.JIRA_SIM_WEBHOOK_URL || undefined,
    webhookSecret: env.JIRA_SIM_WEBHOOK_SECRET || undefined,
    apiToken: env.JIRA_SIM_API_TOKEN || undefined,
    email: env.JIRA_SIM_EMAIL || undefined,
    projectKey: env.JIRA_SIM_PROJECT_KEY || undefined,
    timeZone: env.JIRA_SIM_TIME_ZONE || undefined,
    seed: optionalNumber('JIRA_SIM_SEED'),
    rateLimit: perSecond === undefined ? undefined : { perSecond },
    profile: siteProfile(env.JIRA_SIM_PROFILE),
    partyMarker: env.JIRA_SIM_PARTY_MARKER || undefined,
    stateFile: env.JIRA_SIM_STATE_FILE || undefined,
    fresh: env.JIRA_SIM_FRESH === '1',
  });
  console.log(`Jira simulator listening on ${simulator.url}`);
  console.log(`  auth: ${env.JIRA_SIM_EMAIL || DEFAULT_EMAIL} / ${env.JIRA_SIM_API_TOKEN ? '(JIRA_SIM_API_TOKEN)' : DEFAULT_API_TOKEN}`);
  console.log(`  webhooks: ${env.JIRA_SIM_WEBHOOK_URL || '(none; POST /__admin/webhook to set)'}`);
  console.log(`  admin API: ${simulator.url}/__admin`);
  console.log(`  profile: ${simulator.admin.profile}`);
  console.log(`  state: ${env.JIRA_SIM_STATE_FILE || '(memory only)'}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the Jira simulator`);
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
