import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsIP,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

export enum NodeEnv {
  Development = 'development',
  Production = 'production',
  Test = 'test',
}

export enum AuthMode {
  /** Tokens minted by the built-in dev issuer (embedded default and tests only). */
  Dev = 'dev',
  /** Tokens from an external OpenID Connect issuer. */
  Oidc = 'oidc',
}

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** A whole number read from the environment, within [min, max]. */
const IntIn = (min: number, max?: number): PropertyDecorator =>
  applyDecorators(Transform(toInt), IsInt(), Min(min), ...(max === undefined ? [] : [Max(max)]));

/** `true`/`false` (or 1/0); anything else stays a string and fails validation instead of meaning false. */
const toStrictBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
const url = { require_tld: false, require_protocol: true };
/** 32 bytes in base64: 43 characters and one `=` of padding. */
const TOKEN_KEY = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Every environment variable the API, the worker and the CLI tools read. `loadConfig` validates it once at boot;
 * a bad value stops the process with a message naming the variable. README.md lists the same table.
 */
export class AppConfig {
  @IsEnum(NodeEnv)
  NODE_ENV: NodeEnv = NodeEnv.Development;

  @IntIn(0, 65535)
  PORT = 3000;

  @IsUrl({ ...url, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:5432/avvikelse';

  /** The role every application connection switches to: it has no BYPASSRLS, so row-level security applies. */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/)
  DATABASE_APP_ROLE = 'avvikelse_app';

  @IntIn(1, 200)
  DATABASE_POOL_SIZE = 10;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^[a-zA-Z0-9_-]{1,40}$/)
  QUEUE_PREFIX = 'avvikelse';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsEnum(AuthMode)
  AUTH_MODE: AuthMode = AuthMode.Dev;

  /** Issuer URL; with AUTH_MODE=dev it defaults to the API's own /dev-issuer. */
  @IsOptional()
  @IsUrl({ ...url, protocols: ['http', 'https'] })
  OIDC_ISSUER_URL?: string;

  @IsString()
  @MinLength(1)
  OIDC_AUDIENCE = 'avvikelse-api';

  /** JWKS location; defaults to the issuer's discovery document (`jwks_uri`). */
  @IsOptional()
  @IsUrl({ ...url, protocols: ['http', 'https'] })
  OIDC_JWKS_URL?: string;

  @IsString()
  @MinLength(1)
  OIDC_PARTY_CLAIM = 'party_id';

  @IsString()
  @MinLength(1)
  OIDC_ROLES_CLAIM = 'roles';

  /** Longest lifetime (`exp` − `iat`) of an accepted bearer token; a longer-lived one is refused. Default 12 h. */
  @IntIn(60, 7 * 24 * 3600)
  TOKEN_MAX_LIFETIME_S = 12 * 3600;

  /** How far the issuer's clock may differ from ours when `iat`, `nbf` and `exp` are checked. */
  @IntIn(0, 300)
  TOKEN_CLOCK_SKEW_S = 60;

  /** Where the dev issuer keeps its signing key (generated on first use). */
  @IsString()
  DEV_ISSUER_KEY_FILE = '.data/dev-issuer-key.json';

  /** Where e-mail notifications are sent; `npm start` runs a mail catcher here when unset. */
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL = 'smtp://127.0.0.1:1025';

  /**
   * Send over `smtp://` only after STARTTLS (seed 001 §4.11, "säker e-post"): a server that does not offer it gets no
   * message, the delivery is retried. Unset, true in production and false elsewhere (the mail catchers of the embedded
   * default and the tests speak plain SMTP on loopback); production refuses false. `smtps://` is TLS from the start.
   */
  @Transform(toStrictBool)
  @IsBoolean({ message: 'SMTP_REQUIRE_TLS must be true or false' })
  SMTP_REQUIRE_TLS = false;

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Avvikelse SSBTEK <avvikelse@ssbtek.se>';

  /** Connection, greeting and socket timeout of one SMTP send; past it the delivery is retried later. */
  @IntIn(100, 30000)
  NOTIFICATION_SMTP_TIMEOUT_MS = 10000;

  /** How long a party's webhook endpoint may take to answer before the delivery is retried later. */
  @IntIn(100, 30000)
  NOTIFICATION_WEBHOOK_TIMEOUT_MS = 5000;

  /** The window of the two mail rate limits below, in seconds. */
  @IntIn(1, 24 * 3600)
  MAIL_RATE_WINDOW_S = 3600;

  /** E-mails one party's notifications may send per window; the rest wait for the window to move (deferred, not lost). */
  @IntIn(1)
  MAIL_RATE_PER_PARTY = 600;

  /** E-mails one address may receive per window, from every party together; the rest wait likewise. */
  @IntIn(1)
  MAIL_RATE_PER_RECIPIENT = 60;

  /**
   * How long a party webhook's rotated-out secret still signs beside the new one: by default a working day for the
   * party's system to take the new secret into use; at most a week, so a leaked secret does not sign for long.
   */
  @IntIn(1, 7 * 24)
  WEBHOOK_SECRET_GRACE_HOURS = 24;

  /**
   * Webhooks may reach loopback and private networks (the embedded default and the tests run their receivers on
   * 127.0.0.1). Unset, true outside production and false in production, where true is refused: there is no switch
   * that lets a party aim the worker at SKR's inside network.
   */
  @Transform(toStrictBool)
  @IsBoolean({ message: 'WEBHOOK_ALLOW_PRIVATE_TARGETS must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_TARGETS = true;

  /** `fs` (one machine) or `s3` (any S3-compatible store, for several API machines). */
  @IsIn(['fs', 's3'])
  STORAGE_DRIVER: 'fs' | 's3' = 'fs';

  @IsOptional()
  @IsUrl({ ...url, protocols: ['http', 'https'] })
  S3_ENDPOINT?: string;

  @IsString()
  S3_REGION = 'eu-north-1';

  @IsString()
  S3_BUCKET = 'avvikelse-attachments';

  @IsString()
  S3_ACCESS_KEY_ID = '';

  @IsString()
  S3_SECRET_ACCESS_KEY = '';

  /** Path-style URLs, which most S3-compatible servers (MinIO, s3rver) need. */
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  S3_FORCE_PATH_STYLE = true;

  /** Where the filesystem file store keeps attachments. */
  @IsString()
  @MinLength(1)
  ATTACHMENTS_DIR = '.data/attachments';

  /** Largest accepted attachment, enforced while the upload streams. */
  @IntIn(1024, 1024 * 1024 * 1024)
  ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;

  /** SKR's Jira Cloud site (or the simulator). Unset: deviations wait for the sync, nothing is sent. */
  @IsOptional()
  @IsUrl({ ...url, protocols: ['http', 'https'] })
  JIRA_BASE_URL?: string;

  @IsString()
  JIRA_EMAIL = 'sync@avvikelse.test';

  @IsString()
  JIRA_API_TOKEN = 'sim-token';

  /**
   * A file holding the API token (a mounted secret): read again whenever it changes, so a rotated token takes effect
   * without a restart. Wins over JIRA_API_TOKEN.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  JIRA_API_TOKEN_FILE?: string;

  @Matches(/^[A-Z][A-Z0-9_]{1,9}$/)
  JIRA_PROJECT_KEY = 'KHA';

  @Matches(/^\d+$/)
  JIRA_ISSUE_TYPE_ID = '10010';

  /** HMAC secret of Jira's webhook (X-Hub-Signature). */
  @IsString()
  @MinLength(16)
  JIRA_WEBHOOK_SECRET = 'dev-webhook-secret-change-me';

  /**
   * The key (32 bytes, base64: `openssl rand -base64 32`) that encrypts the API token an SKR admin sets through
   * `PUT /api/v1/jira/token`. Unset: no token can be set that way. Kept out of the database on purpose.
   */
  @IsOptional()
  @Matches(TOKEN_KEY, { message: 'JIRA_TOKEN_ENCRYPTION_KEY must be 32 bytes, base64 (openssl rand -base64 32)' })
  JIRA_TOKEN_ENCRYPTION_KEY?: string;

  /** During a key rotation, the key being rotated out: it still decrypts a token stored under it. */
  @IsOptional()
  @Matches(TOKEN_KEY, { message: 'JIRA_TOKEN_ENCRYPTION_KEY_PREVIOUS must be 32 bytes, base64 (openssl rand -base64 32)' })
  JIRA_TOKEN_ENCRYPTION_KEY_PREVIOUS?: string;

  /** When the API token expires (Atlassian's default is a year): from 30 days before, the integration status warns. */
  @IsOptional()
  @IsISO8601({ strict: true })
  JIRA_TOKEN_EXPIRES_AT?: string;

  /** The secret being rotated out: accepted beside JIRA_WEBHOOK_SECRET until Jira's webhook has the new one. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  JIRA_WEBHOOK_SECRET_PREVIOUS?: string;

  @IntIn(100)
  JIRA_TIMEOUT_MS = 10000;

  /**
   * The resolution the sync gives a transition into a Jira status, as `statusId:resolutionId` pairs: Jira's done
   * transitions usually have a screen with a required resolution. Defaults: Löst and Stängd of the simulator → Done.
   */
  @Matches(/^(\d+:\d+(,\d+:\d+)*)?$/, { message: 'JIRA_TRANSITION_RESOLUTIONS must be statusId:resolutionId pairs, comma-separated' })
  JIRA_TRANSITION_RESOLUTIONS = '10005:10000,10006:10000';

  /**
   * Which deviation facts go into which Jira custom fields, as `fact:customfield_<n>` pairs, comma-separated; facts:
   * party, environment, part, requirement, impact, timing, bastjanst. Empty: none (the description carries everything).
   * A select field mapped to party or bastjanst takes options that `npm run jira:setup` creates (README).
   */
  // The facts are jira-custom-fields.ts's MAPPABLE_FACTS (config sits below the jira module and cannot import it).
  @Matches(/^((party|environment|part|requirement|impact|timing|bastjanst):customfield_\d+(,|$))*$/, {
    message:
      'JIRA_CUSTOM_FIELDS must be fact:customfield_<n> pairs (facts: party, environment, part, requirement, impact, timing, bastjanst)',
  })
  JIRA_CUSTOM_FIELDS = '';

  /** The Jira issue type of SKR's known deviations: issues of it that SKR creates in the project are imported. */
  @Matches(/^\d+$/, { message: 'JIRA_IMPORT_ISSUE_TYPE_ID must be a Jira issue type id' })
  JIRA_IMPORT_ISSUE_TYPE_ID = '10010';

  /**
   * Only issues created at or after this instant are imported. Unset: none is, so pointing the service at SKR's project
   * never backfills its internal backlog by accident.
   */
  @IsOptional()
  @IsISO8601({ strict: true })
  JIRA_IMPORT_CREATED_AFTER?: string;

  /**
   * The custom field (`customfield_<n>`, a text or select field) holding an issue's responsible party, both ways: the
   * sync writes it, SKR changing it in Jira changes the deviation's responsible party, and an issue SKR creates with it
   * is imported. A select field's options stand for parties (`npm run jira:setup`); a text field holds the party's
   * organisation number (ten digits, a hyphen allowed). Unset: none of this.
   */
  @IsOptional()
  @Matches(/^customfield_\d+$/, { message: 'JIRA_RESPONSIBLE_PARTY_FIELD must be customfield_<n>' })
  JIRA_RESPONSIBLE_PARTY_FIELD?: string;

  /** How often the reconciliation sweep runs (repairs lost webhooks). */
  @IntIn(1000)
  JIRA_RECONCILE_INTERVAL_MS = 60000;

  /**
   * The worker runs the Jira preflight when it starts and logs what is not ok. The test suites turn it off: its calls
   * would take the faults a test injects right after starting a worker.
   */
  @Transform(toStrictBool)
  @IsBoolean({ message: 'JIRA_PREFLIGHT_AT_START must be true or false' })
  JIRA_PREFLIGHT_AT_START = true;

  /**
   * Which Jira comments reach the party. `marker`: only those starting with JIRA_COMMENT_SHARE_MARKER (Jira Software,
   * where a comment has no "shared with the customer" notion); `jsm-public`: only Service Management "reply to
   * customer" comments; `none`: no comment at all. Whatever the mode, restricted comments, internal notes, app and
   * Automation authors and issues under a security level are never shared.
   */
  @IsIn(['marker', 'jsm-public', 'none'])
  JIRA_COMMENT_SHARE_MODE: 'marker' | 'jsm-public' | 'none' = 'marker';

  /** The prefix a triager starts a Jira comment with to share it with the party (mode `marker`); it is not shown. */
  @IsString()
  @MinLength(2)
  JIRA_COMMENT_SHARE_MARKER = 'Till part:';

  /**
   * Seconds a shared Jira comment is held before the party sees it anywhere, so an edit, restriction or deletion in
   * Jira right after writing it still counts. A sent e-mail cannot be recalled; a held comment was never sent.
   */
  @IntIn(0, 86400)
  JIRA_COMMENT_HOLD_S = 300;

  /**
   * Attempts of a jira-sync job and the first retry delay (doubling each time): the retry budget of one job, about
   * 68 minutes by default. A deviation whose job spent it on transient failures (an outage) is retried by the sweep.
   */
  @IntIn(1, 100)
  JIRA_RETRY_ATTEMPTS = 12;

  @IntIn(10)
  JIRA_RETRY_BASE_DELAY_MS = 1000;

  /**
   * How long Jira's search may take to show a new issue ("a few seconds to minutes"). After a create whose answer was
   * lost, the sync creates again only once search has had this long to show the first one.
   */
  @IntIn(0)
  JIRA_SEARCH_LAG_MS = 120000;

  @IntIn(1)
  THROTTLE_WRITE_LIMIT = 120;

  /**
   * Reads per actor and window. A person clicking through lists makes a few a second at most; 600 a minute leaves
   * an integration paging through everything room, and stops the 4,000-in-30-s flood that slowed other parties.
   */
  @IntIn(1)
  THROTTLE_READ_LIMIT = 600;

  /**
   * Requests without a valid token per client IP and window (health, docs, refused tokens). Generous, because a
   * municipality's users share a handful of egress addresses; their authenticated requests count per actor.
   */
  @IntIn(1)
  THROTTLE_ANONYMOUS_LIMIT = 600;

  /**
   * Requests per client IP and window to the public driftinformation (status JSON, Atom, iCalendar, the status page),
   * counted apart from everything else so pollers never use up a municipality's login budget. A poller revalidates once a minute (the
   * feeds say max-age=60, a 304 costs little); 1,200 leaves room for a regional IT provider polling all three feeds
   * for many municipalities, and a status page visited by a whole office, from one egress address.
   */
  @IntIn(1)
  THROTTLE_PUBLIC_LIMIT = 1200;

  @IntIn(1000)
  THROTTLE_WINDOW_MS = 60000;

  /**
   * Bearer token every metrics scrape must present (API and worker alike); required in production. Unset, metrics
   * are answered only to this machine.
   */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{32,512}$/, { message: 'METRICS_TOKEN must be 32 to 512 visible ASCII characters' })
  METRICS_TOKEN?: string;

  /** Serve metrics on their own listener at this port (0: the API serves /metrics on PORT, the worker none). */
  @IntIn(0, 65535)
  METRICS_PORT = 0;

  /** Address the METRICS_PORT listener binds to. */
  @IsIP()
  METRICS_HOST = '127.0.0.1';

  /**
   * Trace HTTP requests, PostgreSQL and Redis calls, queue jobs and Jira calls with OpenTelemetry and send them over
   * OTLP/HTTP (src/tracing.ts). Off: no tracer is registered and nothing is patched.
   */
  @Transform(toStrictBool)
  @IsBoolean()
  OTEL_ENABLED = false;

  /** The OTLP/HTTP collector (OpenTelemetry's own variable); spans go to `<endpoint>/v1/traces`. */
  @IsUrl({ ...url, protocols: ['http', 'https'] })
  OTEL_EXPORTER_OTLP_ENDPOINT = 'http://localhost:4318';

  /** The service name on every span (OpenTelemetry's own variable); unset: `avvikelse-api` or `avvikelse-worker`. */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,100}$/)
  OTEL_SERVICE_NAME?: string;

  /**
   * Signs the queue dashboard's links and session cookies (src/queue-dashboard); the same on every API process behind
   * one address. Unset: each process makes its own at start, so a link works only on the process that issued it.
   */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{32,512}$/, { message: 'QUEUE_DASHBOARD_SECRET must be 32 to 512 visible ASCII characters' })
  QUEUE_DASHBOARD_SECRET?: string;

  /** Request bodies over 64 KiB handled at once; the rest wait their turn (src/common/body-budget.ts). */
  @IntIn(1, 1000)
  LARGE_BODY_SLOTS = 8;

  /** How long a large body waits for its turn before it is refused with 503 and Retry-After. */
  @IntIn(1, 60000)
  LARGE_BODY_WAIT_MS = 10000;

  /** Large bodies one sender (actor, or IP for the Jira webhook) may have held or waiting at once; past it 429. */
  @IntIn(1, 1000)
  LARGE_BODY_SLOTS_PER_CLIENT = 2;

  /** Slots of the Jira webhook's own budget: its large bodies never take, nor wait for, the API's slots. */
  @IntIn(1, 100)
  WEBHOOK_BODY_SLOTS = 2;

  /** Slowest accepted request body, averaged over each BODY_RATE_WINDOW_MS (reasons in src/common/body-rate.ts). */
  @IntIn(1)
  BODY_MIN_BYTES_PER_SECOND = 8192;

  @IntIn(100, 600000)
  BODY_RATE_WINDOW_MS = 30000;

  /** Time for a client to send the request line and headers (Node's `server.headersTimeout`). */
  @IntIn(100, 120000)
  HTTP_HEADERS_TIMEOUT_MS = 20000;

  /**
   * Which proxies' X-Forwarded-For to believe for the client IP (Express `trust proxy`): empty (off, the default),
   * a hop count, or a comma-separated list of addresses, CIDR ranges and `loopback`/`linklocal`/`uniquelocal`.
   */
  @IsString()
  TRUST_PROXY = '';

  // Personal data (README "Personal data").

  /**
   * Skatteverket's published test numbers (the open-data CSVs "Testpersonnummer" and "Testsamordningsnummer" as
   * downloaded), comma-separated paths read once at boot. A number on them is accepted in free text about SSBTEK's test
   * environment (`miljö: test`). Empty: every personnummer is refused.
   */
  @IsString()
  PERSONNUMMER_TEST_LISTS = '';

  /**
   * Days after closing (stängd or återkallad) before a deviation is deleted with everything attached to it. 0: never
   * (the default): the municipalities and agencies that report are public authorities whose archiving duties decide
   * their own retention, not this service.
   */
  @IntIn(0, 36500)
  RETENTION_CLOSED_DEVIATION_DAYS = 0;

  /** Days an outbox row is kept after it was relayed (for diagnosing a lost job); pending rows are never removed. */
  @IntIn(1, 3650)
  RETENTION_OUTBOX_DAYS = 7;

  /** Days a received Jira webhook is remembered for deduplication; Atlassian retries for at most about 30 minutes. */
  @IntIn(1, 3650)
  RETENTION_WEBHOOK_DELIVERY_DAYS = 30;

  /** Days a finished notification delivery (sent, failed, unconfirmed) is kept in the delivery log. */
  @IntIn(1, 3650)
  RETENTION_NOTIFICATION_DELIVERY_DAYS = 180;
  /**
   * The portal's OpenID Connect provider (authorization code flow with PKCE, discovered on the first login). Unset,
   * the pages are served but nobody can log in. `npm start` runs an embedded provider with demo people.
   */
  @IsOptional()
  @IsUrl({ ...url, protocols: ['http', 'https'] })
  PORTAL_OIDC_ISSUER_URL?: string;

  @IsString()
  @MinLength(1)
  PORTAL_OIDC_CLIENT_ID = 'avvikelse-portal';

  /** The client's secret (client_secret_basic); unset, the portal is a public client and relies on PKCE alone. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  PORTAL_OIDC_CLIENT_SECRET?: string;

  /** Authentication context classes (comma-separated) of which the ID token's `acr` must name one, e.g. an MFA level. */
  @IsOptional()
  @Matches(/^[\x21-\x2b\x2d-\x7e]+(,[\x21-\x2b\x2d-\x7e]+)*$/, { message: 'PORTAL_REQUIRED_ACR must be a comma-separated list of values' })
  PORTAL_REQUIRED_ACR?: string;

  /** A portal session ends after this long without a request. */
  @IntIn(60, 86400)
  PORTAL_SESSION_IDLE_S = 1800;

  /** A portal session ends this long after login, however active. */
  @IntIn(300, 604800)
  PORTAL_SESSION_ABSOLUTE_S = 43200;

  // Driftinformation subscriptions and the serious-incident routine (README "Driftinformation").

  /**
   * Key of the one-click unsubscribe links (RFC 8058) in announcement e-mails: each link's token is derived from the
   * subscription with it, so the database keeps only the token's hash and an e-mail sent months ago still works.
   * Changing it makes every link sent before useless (the pages still let people unsubscribe by logging in or anew).
   */
  @IsString()
  @MinLength(32)
  DRIFTINFO_UNSUBSCRIBE_SECRET = 'dev-unsubscribe-secret-change-me-0123456789';

  /** Where SKR is reminded of a serious outage without updates (SKR's operations mailbox). Empty: no e-mail. */
  @IsString()
  DRIFTINFO_SKR_EMAIL = '';

  /** A serious outage with no update for this many minutes reminds SKR (again after as many more without one). */
  @IntIn(1, 24 * 60)
  DRIFTINFO_SERIOUS_REMINDER_MINUTES = 30;

  /** How often the worker looks for serious outages to remind about, in milliseconds. */
  @IntIn(1000, 3600000)
  DRIFTINFO_REMINDER_SCAN_MS = 60000;

  /** Hours a confirmation link of an external subscription works; an unconfirmed subscription is deleted after it. */
  @IntIn(1, 24 * 14)
  DRIFTINFO_CONFIRM_HOURS = 48;

  /** Subscribe requests per address and hour (the same answer whatever the address's state); past it 429. */
  @IntIn(1, 100)
  DRIFTINFO_SUBSCRIBE_PER_ADDRESS = 3;

  /** Subscribe requests per client IP and throttle window (THROTTLE_WINDOW_MS); past it 429. */
  @IntIn(1, 10000)
  THROTTLE_SUBSCRIBE_LIMIT = 10;
}

/** Optional variables without a default are not own properties of a fresh AppConfig. */
export const OPTIONAL_KEYS = [
  'OIDC_ISSUER_URL',
  'OIDC_JWKS_URL',
  'JIRA_BASE_URL',
  'JIRA_API_TOKEN_FILE',
  'JIRA_WEBHOOK_SECRET_PREVIOUS',
  'JIRA_TOKEN_EXPIRES_AT',
  'JIRA_TOKEN_ENCRYPTION_KEY',
  'JIRA_TOKEN_ENCRYPTION_KEY_PREVIOUS',
  'JIRA_IMPORT_CREATED_AFTER',
  'JIRA_RESPONSIBLE_PARTY_FIELD',
  'S3_ENDPOINT',
  'METRICS_TOKEN',
  'OTEL_SERVICE_NAME',
  'QUEUE_DASHBOARD_SECRET',
  'PORTAL_OIDC_ISSUER_URL',
  'PORTAL_OIDC_CLIENT_SECRET',
  'PORTAL_REQUIRED_ACR',
] as const;
