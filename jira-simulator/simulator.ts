/**
 * # Jira Cloud simulator
 *
 * A standalone HTTP server that answers the part of Jira Cloud REST v3 the Avvikelse sync uses, shaped as the
 * Atlassian OpenAPI document says (jira-simulator/openapi/jira-v3-subset.json holds the operations concerned), and
 * sends Jira-style signed webhooks. State lives in memory — and in `stateFile` when given, so a restarted simulator
 * goes on where it stopped (the embedded default keeps .data/jira-sim.json) — for one project, "Kvalitetshöjande
 * åtgärder SSBTEK" (key KHA, id 10000). Issues moved away (admin move) land in other projects, with new keys.
 *
 * ## Running
 *   In-process (tests):  const sim = await startJiraSimulator({ webhookUrl, webhookSecret }); … await sim.stop();
 *   Stand-alone:         npm run build && node dist/jira-simulator/main.js   (see main.ts for the env variables)
 * Auth is Basic `email:apiToken`, by default `sync@avvikelse.test` / `sim-token`.
 *
 * ## Workflow (status id, name, category)
 *   10000 Att göra                 new            (transition 11 "Återöppna" leads here)
 *   10001 Mottagen                 indeterminate  (21 "Ta emot")
 *   10002 Under utredning          indeterminate  (31 "Starta utredning")
 *   10003 Åtgärdas                 indeterminate  (41 "Åtgärda")
 *   10004 Väntar på komplettering  indeterminate  (51 "Begär komplettering")
 *   10005 Löst                     done           (61 "Lös")
 *   10006 Stängd                   done           (71 "Stäng")
 * Status categories: 2 new "To Do", 4 indeterminate "In Progress", 3 done "Done". Every status can move to every
 * other, except that Löst only goes to Stängd or Att göra, and Stängd only to Att göra. Entering a done status sets
 * a resolution (the one given in the transition's fields, else Done); leaving one clears it.
 *
 * ## Priorities: 1 Highest, 2 High, 3 Medium (default), 4 Low.
 * ## Resolutions: 10000 Done, 10001 Won't Do, 10002 Duplicate, 10003 Cannot Reproduce.
 * ## Issue types: 10001 Task, 10004 Bug, 10010 Avvikelse.
 *
 * ## People
 * REST calls act as the service account (accountId 712020:5c1e0d6a-sync-4e1a-9d5e-000000000001, the configured
 * email); admin calls act as the SKR triager (accountId 712020:5c1e0d6a-skr0-4e1a-9d5e-000000000002). Times are
 * rendered and JQL dates read in the users' time zone, Europe/Stockholm unless `timeZone` says otherwise.
 *
 * ## REST operations (all under /rest/api/3)
 *   POST issue · GET|PUT issue/{idOrKey} · GET|POST issue/{idOrKey}/transitions ·
 *   GET|POST issue/{idOrKey}/comment · GET|PUT|DELETE issue/{idOrKey}/comment/{id} ·
 *   POST issue/{idOrKey}/attachments (multipart field "file", header X-Atlassian-Token: no-check) ·
 *   GET attachment/{id} · GET attachment/content/{id} ·
 *   GET issue/{idOrKey}/properties · GET|PUT|DELETE issue/{idOrKey}/properties/{key} ·
 *   GET priority · GET status · GET statuses?id= · GET resolution · GET myself ·
 *   GET|POST search/jql (nextPageToken paging; default fields: id only) · GET|POST search → 410 Gone.
 * GET|PUT comment/{commentId}/properties/{key}. `expand=properties` on comment reads adds each comment's properties.
 *
 * ## Site profiles (`profile`, env JIRA_SIM_PROFILE; see profiles.ts)
 *   jira-software (default): no customer notion; a comment is unrestricted unless given `visibility`, and a
 *     restricted one still answers `jsdPublic: true` beside its `visibility`, as Jira Software does.
 *   jira-service-management: an internal note answers `jsdPublic: false` and carries the comment property
 *     `sd.public.comment` = {"internal": true}; anything else (REST-created comments too) is a reply to the customer.
 *   strict: Jira Software's comments on a site configured as real ones are, every switch at once (STRICT_SITE): the
 *     strict workflow with resolution screens on Löst and Stängd and a comment validator on "Begär komplettering", a
 *     create screen without Rotorsak and with a required "Rapporterande part" select list (customfield_10100), English
 *     names, 5 s of search lag, and an Automation rule commenting on each new issue. `screens` and `site` override it.
 * Comments by an Automation rule have an author with `accountType: "app"`. An issue under a security level (admin
 * setSecurityLevel) answers 404 to every REST call and is missing from search, as to an account outside the level;
 * its webhooks still fire, because an admin webhook is sent on the admin's behalf (a sync reading back gets 404).
 *
 * ## Webhooks
 * jira:issue_created, jira:issue_updated (with changelog), jira:issue_deleted, comment_created, comment_updated, comment_deleted, POSTed
 * to `webhookUrl` with X-Atlassian-Webhook-Identifier (kept across retries), X-Atlassian-Webhook-Retry on retries,
 * and X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body keyed with webhookSecret>. Comment events carry the
 * comment and a trimmed issue but no top-level `user`, as Jira's do: the actor is comment.author / updateAuthor.
 * A delivery is retried (5 attempts in all, exponential backoff from `webhookRetryBaseMs`) on 408, 409, 425, 429,
 * 5xx, timeouts and connection failures; any other 4xx answer is final, as in Jira.
 *
 * ## Rate limits and faults
 * `rateLimit: { perSecond }` limits each endpoint+method per second (429, RateLimit-Reason jira-burst-based) and each
 * issue's writes (default 20 per 2 s, jira-per-issue-on-write). Faults (admin.setFaults / POST /__admin/faults,
 * documented on the Faults type in faults.ts): latencyMs, error5xxRate, fail5xxNext, error5xxStatus,
 * timeoutAfterApply, applyLate, rateLimitStorm, match (limits those to some requests) and webhooks.{drop, duplicate, reorder}.
 * Random ones come from a generator seeded with `seed`, so runs repeat exactly.
 *
 * ## The site (site-access.ts, site-routes.ts; `sim.site.set({...})` or POST /__admin/site, cleared by reset)
 * token 'expired' | 'revoked' answers as Jira answers an anonymous caller (search 200 empty, GET issue 404, metadata
 * 200, the rest 401, all with x-seraph-loginreason: AUTHENTICATED_FAILED); projectPermission false answers 403 to every
 * call but /myself; searchLagMs hides an issue from search/jql for that long after its creation or last update;
 * attachments {enabled, uploadLimit} behind GET attachment/meta; administer gates GET|POST /rest/webhooks/1.0/webhook
 * (registrations are kept in sim.adminWebhooks). `pathPrefix` serves the REST API only under e.g. /ex/jira/{cloudId}.
 *
 * ## Admin HTTP API (no auth): /__admin/…
 *   POST reset · GET|POST faults · POST webhook {url,secret} · POST clock {advanceMs} · GET counts · GET stats ·
 *   GET issues?label=&property=&jql= · POST issues · GET|PUT issues/{key} · POST issues/{key}/transition {status,
 *   resolution?} · POST issues/{key}/priority {priority} · POST issues/{key}/resolution {resolution|null} ·
 *   POST issues/{key}/comments {body, internal?, visibility?, internalNote?, forParty?, author?: 'app'} ·
 *   GET|PUT|DELETE issues/{key}/comments/{id} · PUT issues/{key}/comments/{id}/visibility {visibility|null} ·
 *   PUT issues/{key}/security {level: {id, name} | null} ·
 *   POST issues/{key}/move {projectKey} · DELETE issues/{key} · POST issues/{key}/security-level {level|null} ·
 *   GET webhooks · POST webhooks/flush · POST webhooks/settle · GET|POST screens (ScreenOptions; reset restores the
 *   options given at start)
 *
 * ## Workflows, screens and text limits (screens.ts)
 * `screens: { workflow: 'strict' }` makes the workflow linear (Att göra → Mottagen → Under utredning → Åtgärdas → Löst →
 * Stängd, with Väntar på komplettering beside the middle and reopening from the done ones) and puts a required
 * resolution on the transition into Löst; `unreachableStatuses`, `transitionRequires` (resolution, comment or a custom
 * field per target status), `createScreen`/`editScreen`, `customFields`, `requiredCustomFields` and `language` ('sv'
 * or 'en' names of statuses and resolutions) refine it. GET issue/{idOrKey}/transitions?expand=transitions.fields,
 * GET issue/createmeta/{project}/issuetypes/{id} and GET issue/{idOrKey}/editmeta describe the screens. Always, as in
 * Jira: a summary of at most 255 characters without line breaks; description and comment bodies of at most 32,767
 * characters, counted both as text and as ADF JSON.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { adminApi, createAdmin, type JiraSimulatorAdmin, type RateLimit, type SimulatorStats } from './admin-api';
import { FaultState, SlidingWindowLimiter } from './faults';
import { Renderer } from './render';
import { restApi } from './rest-api';
import { AUTOMATION_APP, profilePreset, type SiteProfileName } from './profiles';
import { adfFromText } from './adf';
import { SimulatorStateFile } from './state-file';
import { fieldContextRoutes } from './field-contexts';
import { Screens, type ScreenOptions } from './screens';
import { SiteAccess, type SiteSettings } from './site-access';
import { AdminWebhooks } from './site-routes';
import { JiraStore, type StoreEvent } from './store';
import { WebhookDispatcher } from './webhooks';
import { PROJECT, SERVICE_ACCOUNT_ID, SKR_TRIAGER, type UserDef } from './workflow';

export type { JiraSimulatorAdmin, SimulatorStats, IssueSnapshot, CommentSnapshot, IssueCounts, AdminIssueInput } from './admin-api';
export type { Faults } from './faults';
export type { SiteProfileName } from './profiles';
export type { ScreenOptions, CustomFieldDef } from './screens';
export type { DeliveryRecord } from './webhooks';
export type { SiteSettings, TokenState } from './site-access';
export type { RegisteredWebhook } from './site-routes';
export { signWebhookBody } from './webhooks';

export interface JiraSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Base of `self` links; defaults to http://host:port. */
  publicUrl?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  apiToken?: string;
  email?: string;
  projectKey?: string;
  /** No limit unless given. `perIssueWrites` per `perIssueWindowMs` defaults to 20 per 2000 ms, as in Jira. */
  rateLimit?: RateLimit;
  /** The users' time zone for rendered times and JQL dates; default Europe/Stockholm. */
  timeZone?: string;
  /** Seed of the fault generator; default 1. */
  seed?: number;
  /** Webhook delivery attempts (first included), first retry delay and per-attempt timeout; defaults 5, 200 ms, 5 s. */
  webhookMaxAttempts?: number;
  webhookRetryBaseMs?: number;
  webhookTimeoutMs?: number;
  /** Largest accepted attachment; default 10 MiB. */
  maxAttachmentBytes?: number;
  /** What kind of Jira project the site is; default jira-software, what SKR's project most likely is. */
  profile?: SiteProfileName;
  /** The prefix admin `forParty` comments start with on jira-software; default `Till part:`. */
  partyMarker?: string;
  /**
   * Keeps the site's state in this JSON file (written atomically, debounced) and starts from it, so a restart never
   * reuses issue ids and keys. Without it the state lives in memory only, as tests want.
   */
  stateFile?: string;
  /** Starts empty even when `stateFile` holds a state (which is then overwritten): reproduces a site that lost its data. */
  fresh?: boolean;
  /** Workflow, transition screens, create/edit screens, custom fields and language (screens.ts); default permissive. */
  screens?: ScreenOptions;
  /**
   * Serve the REST API under this prefix only, as the scoped-token gateway does (`/ex/jira/{cloudId}`); `url` then
   * includes it. The admin API stays at the root.
   */
  pathPrefix?: string;
  /** The site's starting settings (token state, permissions, attachments, search lag); see site-access.ts. */
  site?: Partial<SiteSettings>;
}

export interface JiraSimulator {
  url: string;
  port: number;
  admin: JiraSimulatorAdmin;
  /** Credentials, permissions, attachment settings and search lag; reset with admin.reset(). */
  site: SiteAccess;
  /** Webhooks registered through POST /rest/webhooks/1.0/webhook. */
  adminWebhooks: AdminWebhooks;
  stop(): Promise<void>;
}

export const DEFAULT_EMAIL = 'sync@avvikelse.test';
export const DEFAULT_API_TOKEN = 'sim-token';

export async function startJiraSimulator(options: JiraSimulatorOptions = {}): Promise<JiraSimulator> {
  const host = options.host ?? '127.0.0.1';
  const email = options.email ?? DEFAULT_EMAIL;
  const timeZone = options.timeZone ?? 'Europe/Stockholm';
  const serviceAccount: UserDef = { accountId: SERVICE_ACCOUNT_ID, displayName: 'Avvikelse sync', emailAddress: email };
  const users = new Map([serviceAccount, SKR_TRIAGER, AUTOMATION_APP].map((user) => [user.accountId, user]));
  const profile = options.profile ?? 'jira-software';
  const preset = profilePreset(profile);
  const startScreens = options.screens ?? preset.screens ?? {};
  let clockOffset = 0;
  const now = (): number => Date.now() + clockOffset;

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const url = `${origin}${options.pathPrefix ?? ''}`;

  const screens = new Screens(startScreens);
  const render = new Renderer({
    screens,
    baseUrl: options.publicUrl ?? url,
    timeZone,
    projectKey: options.projectKey ?? 'KHA',
    user: (accountId) => users.get(accountId)!,
    profile,
  });
  const faults = new FaultState(options.seed ?? 1);
  const webhooks = new WebhookDispatcher(
    { url: options.webhookUrl, secret: options.webhookSecret },
    {
      maxAttempts: options.webhookMaxAttempts ?? 5,
      retryBaseMs: options.webhookRetryBaseMs ?? 200,
      timeoutMs: options.webhookTimeoutMs ?? 5000,
    },
    faults,
  );
  let stateFile: SimulatorStateFile | undefined;
  const store = new JiraStore(
    { projectKey: options.projectKey ?? 'KHA', projectId: PROJECT.id, now, screens, changed: () => stateFile?.schedule() },
    (event) => {
      stateFile?.schedule();
      webhooks.enqueue(webhookPayload(render, event));
      if (event.kind === 'issue_created' && preset.automationCommentOnCreate)
        automationComment(event.issue.id, preset.automationCommentOnCreate);
    },
  );
  if (options.stateFile) {
    stateFile = new SimulatorStateFile(options.stateFile, () => store.persisted());
    const saved = options.fresh ? undefined : stateFile.load();
    if (saved) store.restore(saved);
    stateFile.flush();
  }
  const limiter = new SlidingWindowLimiter();
  const maxAttachmentBytes = options.maxAttachmentBytes ?? 10 * 1024 * 1024;
  const site = new SiteAccess({
    token: 'valid',
    projectPermission: true,
    administer: false,
    attachments: { enabled: true, uploadLimit: maxAttachmentBytes },
    searchLagMs: 0,
    ...preset.site,
    ...options.site,
  });
  const adminWebhooks = new AdminWebhooks();
  const withDefaults = (limit: RateLimit | null | undefined) =>
    limit
      ? { perSecond: limit.perSecond, perIssueWrites: limit.perIssueWrites ?? 20, perIssueWindowMs: limit.perIssueWindowMs ?? 2000 }
      : undefined;
  let rateLimit = withDefaults(options.rateLimit);
  const hung = new Set<ServerResponse>();
  let requests: SimulatorStats['requests'] = {};
  let totalRequests = 0;
  const stats = (): SimulatorStats => ({
    requests: structuredClone(requests),
    totalRequests,
    faults: { ...faults.stats },
    webhooks: { ...webhooks.stats },
  });

  const admin = createAdmin({
    store,
    render,
    faults,
    webhooks,
    timeZone,
    now,
    stats,
    advanceClock: (ms) => {
      clockOffset += ms;
    },
    profile,
    partyMarker: options.partyMarker ?? 'Till part:',
    setRateLimit: (limit) => {
      rateLimit = withDefaults(limit);
      limiter.reset();
    },
    screens,
    resetAll: () => {
      store.reset();
      screens.set(startScreens);
      site.reset();
      adminWebhooks.reset();
      faults.reset();
      webhooks.reset();
      limiter.reset();
      requests = {};
      totalRequests = 0;
      clockOffset = 0;
      for (const res of hung) res.destroy();
      hung.clear();
    },
  });

  app.use('/__admin/site', site.adminApi());
  app.use('/__admin', adminApi(admin));
  app.use(
    options.pathPrefix ?? '/',
    restApi({
      store,
      render,
      faults,
      limiter,
      serviceAccount,
      email,
      apiToken: options.apiToken ?? DEFAULT_API_TOKEN,
      timeZone,
      // A getter: the limit is read per request, so the admin API can change it while the simulator runs.
      get rateLimit() {
        return rateLimit;
      },
      maxAttachmentBytes,
      now,
      site,
      siteRoutes: express.Router().use(
        adminWebhooks.routes(site, options.publicUrl ?? url),
        fieldContextRoutes(screens, site, (fieldId, optionId) => store.clearOption(fieldId, optionId)),
      ),
      hung,
      recordRequest: (route, status) => {
        totalRequests++;
        const byStatus = (requests[route] ??= {});
        byStatus[status] = (byStatus[status] ?? 0) + 1;
      },
    }),
  );

  /**
   * An Automation rule runs after the create that triggered it, as a separate change by an app: the create's answer
   * and webhook come first, the rule's comment (and its comment_created webhook) just after.
   */
  function automationComment(issueId: string, text: string): void {
    setImmediate(() => {
      const issue = store.tryFind(issueId);
      if (issue) store.addComment(issue, adfFromText(text), undefined, AUTOMATION_APP);
    });
  }

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    admin,
    site,
    adminWebhooks,
    stop() {
      stopped ??= (async () => {
        stateFile?.flush();
        await webhooks.close();
        for (const res of hung) res.destroy();
        hung.clear();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return stopped;
    },
  };
}

function webhookPayload(render: Renderer, event: StoreEvent): Record<string, unknown> {
  const base = { timestamp: event.at, webhookEvent: '', matchedWebhookIds: [1] };
  switch (event.kind) {
    case 'issue_created':
      return {
        ...base,
        webhookEvent: 'jira:issue_created',
        issue_event_type_name: 'issue_created',
        user: render.userDetails(event.actor.accountId),
        issue: render.webhookIssue(event.issue),
      };
    case 'issue_updated':
      return {
        ...base,
        webhookEvent: 'jira:issue_updated',
        issue_event_type_name: event.eventTypeName,
        user: render.userDetails(event.actor.accountId),
        issue: render.webhookIssue(event.issue),
        changelog: render.webhookChangelog(event.history),
      };
    case 'issue_deleted':
      return {
        ...base,
        webhookEvent: 'jira:issue_deleted',
        issue_event_type_name: 'issue_deleted',
        user: render.userDetails(event.actor.accountId),
        issue: render.webhookIssue(event.issue),
      };
    default:
      return {
        ...base,
        webhookEvent: event.kind,
        comment: render.comment(event.issue, event.comment),
        issue: render.webhookCommentIssue(event.issue),
      };
  }
}
