// Runs in every jest worker before each test file: points the app's configuration at this worker's own database
// and Redis key prefix. Refuses any database whose name lacks "test", so a suite can never truncate real data.
import 'reflect-metadata';

const worker = process.env.JEST_WORKER_ID ?? '1';
const pgPort = process.env.AVVIKELSE_TEST_PG_PORT;
if (pgPort) {
  process.env.DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${pgPort}/avvikelse_test_w${worker}`;
  process.env.REDIS_URL = process.env.AVVIKELSE_TEST_REDIS_URL;
}
const database = new URL(process.env.DATABASE_URL ?? 'postgres://x/none').pathname.slice(1);
if (!database.includes('test')) {
  throw new Error(`Refusing to run tests against database "${database}": its name must contain "test".`);
}
process.env.NODE_ENV = 'test';
// One prefix per test file, not per jest worker: a consumer left behind by an earlier file (a spawned worker, an
// unclosed context) can then never take this file's jobs and run them against a simulator that has gone.
process.env.QUEUE_PREFIX = `avvikelse-test-w${worker}-${process.hrtime.bigint().toString(36)}`;
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.AUTH_MODE = 'dev';
// Jira comments marked for the party are released at once; the comment-hold suite sets its own short hold.
process.env.JIRA_COMMENT_HOLD_S ??= '0';
process.env.DEV_ISSUER_KEY_FILE = `${process.env.AVVIKELSE_TEST_TMP ?? '/tmp'}/dev-issuer-key.json`;
// The simulator's search shows an issue at once unless a test switches its index lag on (and sets this with it), so a
// create refused by an injected fault is made again without waiting out a real site's lag.
process.env.JIRA_SEARCH_LAG_MS ??= '0';
// The worker's start-up preflight makes Jira calls of its own, which would take the faults a test injects right after
// starting a worker; the preflight suite turns it on.
process.env.JIRA_PREFLIGHT_AT_START ??= 'false';
