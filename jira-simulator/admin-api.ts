// The test-facing side: "SKR edits in Jira" (made as the SKR triager, so they show up in changelogs and webhooks with
// that person's accountId), assertions over the whole site, fault switches and statistics. The same operations are
// offered in-process (JiraSimulatorAdmin) and over HTTP under /__admin, without authentication or injected faults.
import express, { type NextFunction, type Request, type Response } from 'express';
import { adfFromText, type AdfDoc } from './adf';
import { badRequestMessage, JiraError } from './errors';
import type { Faults, FaultState, FaultStats } from './faults';
import { compileJql } from './jql';
import type { Renderer } from './render';
import { AUTOMATION_APP, SD_PUBLIC_COMMENT, type SiteProfileName } from './profiles';
import type { JiraStore, SecurityLevel, Visibility } from './store';
import type { ScreenOptions, Screens } from './screens';
import type { DeliveryRecord, WebhookDispatcher, WebhookStats, WebhookTarget } from './webhooks';
import { findPriority, findResolution, PROJECT, SKR_TRIAGER, statusById } from './workflow';

export interface ChangelogItemSnapshot {
  field: string;
  fieldtype: string;
  fieldId?: string;
  from?: string;
  fromString?: string;
  to?: string;
  toString?: string;
}

export interface UserSnapshot {
  accountId: string;
  displayName: string;
  emailAddress?: string;
}

export interface CommentSnapshot {
  id: string;
  self: string;
  body: AdfDoc;
  author: UserSnapshot;
  updateAuthor: UserSnapshot;
  created: string;
  updated: string;
  jsdPublic: boolean;
  visibility?: Visibility;
  properties: { key: string; value: unknown }[];
}

/** An issue as GET /issue/{key}?fields=*all&properties=*all&expand=changelog answers it. */
export interface IssueSnapshot {
  id: string;
  key: string;
  self: string;
  fields: {
    summary: string;
    description: AdfDoc | null;
    status: { id: string; name: string; statusCategory: { id: number; key: string; name: string } };
    priority: { id: string; name: string };
    resolution: { id: string; name: string } | null;
    resolutiondate: string | null;
    labels: string[];
    created: string;
    updated: string;
    reporter: UserSnapshot;
    comment: { comments: CommentSnapshot[]; total: number };
    attachment: { id: string; filename: string; size: number; mimeType: string }[];
    [field: string]: unknown;
  };
  properties: Record<string, unknown>;
  changelog: { total: number; histories: { id: string; author: UserSnapshot; created: string; items: ChangelogItemSnapshot[] }[] };
}

export interface AdminIssueInput {
  summary: string;
  /** Plain text becomes a one-paragraph ADF document. */
  description?: string | AdfDoc;
  labels?: string[];
  /** Priority name or id. */
  priority?: string;
  /** Issue type name or id; default Avvikelse. */
  issueType?: string;
  /** Custom fields by id, e.g. { customfield_10050: 'x' }. */
  customFields?: Record<string, unknown>;
}

export interface AdminCommentOptions {
  /** Restricts the comment to SKR (role Administrators), i.e. an internal comment. */
  internal?: boolean;
  /** An explicit restriction; wins over `internal`. */
  visibility?: Visibility;
  /** Service Management only: "Add internal note" (jsdPublic false, `sd.public.comment` = {"internal": true}). */
  internalNote?: boolean;
  /**
   * Marked for the party the way this site's triagers do it: on Jira Software the body starts with the party marker
   * (`Till part:` unless the simulator was given another); on Service Management it is a reply to the customer.
   */
  forParty?: boolean;
  /** `app`: written by an Automation for Jira rule (accountType app) instead of the triager. */
  author?: 'triager' | 'app';
}

export interface IssueFilter {
  label?: string;
  /** Issues that have this issue property. */
  property?: string;
  /** Any JQL the simulator understands; unbounded queries are fine here. */
  jql?: string;
}

export interface IssueCounts {
  total: number;
  byLabel: Record<string, number>;
  byStatus: Record<string, number>;
  /** Issues carrying each property key. */
  byProperty: Record<string, number>;
}

export interface SimulatorStats {
  /** Requests by "METHOD route template", then by status ("no-response" when a fault swallowed the answer). */
  requests: Record<string, Record<string, number>>;
  totalRequests: number;
  faults: FaultStats;
  webhooks: WebhookStats;
}

export interface JiraSimulatorAdmin {
  /** Empties the site (issues, counters), clears faults, statistics, webhook history and the clock offset. */
  reset(): void;
  /** Replaces all faults; `{}` clears them. */
  setFaults(faults: Faults): void;
  getFaults(): Faults;
  configureWebhook(target: WebhookTarget): void;
  /** Moves the simulator's clock forward, for `updated >= …` windows. */
  advanceClock(ms: number): void;
  /** Replaces the rate limit (`null` lifts it), e.g. for a throughput run against a known budget. */
  setRateLimit(limit: RateLimit | null): void;
  createIssue(input: AdminIssueInput): IssueSnapshot;
  issue(idOrKey: string): IssueSnapshot;
  issues(filter?: IssueFilter): IssueSnapshot[];
  counts(): IssueCounts;
  /** Moves the issue to a status (name or id), ignoring workflow restrictions as a Jira admin may. */
  transition(idOrKey: string, status: string, options?: { resolution?: string }): IssueSnapshot;
  setPriority(idOrKey: string, priority: string): IssueSnapshot;
  /** Resolution name or id, or null to clear it. */
  setResolution(idOrKey: string, resolution: string | null): IssueSnapshot;
  /** Edits fields with REST semantics (summary, description, priority, labels, customfield_*). */
  editIssue(idOrKey: string, fields: Record<string, unknown>): IssueSnapshot;
  addComment(idOrKey: string, body: string | AdfDoc, options?: AdminCommentOptions): CommentSnapshot;
  editComment(idOrKey: string, commentId: string, body: string | AdfDoc): CommentSnapshot;
  deleteComment(idOrKey: string, commentId: string): void;
  /** One comment with its properties (`avvikelse.shared` tells which ones the sync shared with the party). */
  comment(idOrKey: string, commentId: string): CommentSnapshot;
  /** Restricts (or with `null` lifts the restriction of) a comment, as a triager editing its visibility. */
  restrictComment(idOrKey: string, commentId: string, visibility: Visibility | null): CommentSnapshot;
  /** The site's project type, as chosen by `profile` when the simulator started. */
  readonly profile: SiteProfileName;
  /** Moves the issue to another project: same id, the new project's next key; the old key keeps redirecting. */
  moveIssue(idOrKey: string, projectKey: string): IssueSnapshot;
  /** Deletes the issue: 404 everywhere afterwards, and a jira:issue_deleted webhook. */
  deleteIssue(idOrKey: string): void;
  /** An issue security level the service account is not in (404 to it, left out of its searches); null lifts it. */
  setSecurityLevel(idOrKey: string, level: SecurityLevel | string | null): IssueSnapshot;
  stats(): SimulatorStats;
  webhookDeliveries(): DeliveryRecord[];
  /** Sends deliveries held back by the reorder fault now, newest first. */
  flushWebhooks(): void;
  /** Resolves once no webhook is being sent or awaiting a retry. */
  settleWebhooks(): Promise<void>;
  /** Sends the answers the holdAnswers fault kept; says how many. */
  releaseHeldAnswers(): number;
  /** Replaces the workflow, screens, custom fields and language (screens.ts); `{}` is the permissive site. */
  setScreens(options: ScreenOptions): void;
  getScreens(): ScreenOptions;
}

/** Requests per endpoint and method per second, and writes per issue per window (defaults 20 per 2000 ms, as Jira). */
export interface RateLimit {
  perSecond: number;
  perIssueWrites?: number;
  perIssueWindowMs?: number;
}

export interface AdminContext {
  store: JiraStore;
  render: Renderer;
  faults: FaultState;
  webhooks: WebhookDispatcher;
  timeZone: string;
  now: () => number;
  stats: () => SimulatorStats;
  resetAll: () => void;
  advanceClock: (ms: number) => void;
  setRateLimit: (limit: RateLimit | null) => void;
  profile: SiteProfileName;
  /** What a triager types first to mark a Jira Software comment for the party. */
  partyMarker: string;
  screens: Screens;
}

const INTERNAL_VISIBILITY: Visibility = { type: 'role', value: 'Administrators', identifier: 'Administrators' };

const toDoc = (body: string | AdfDoc): unknown => (typeof body === 'string' ? adfFromText(body) : body);

export function createAdmin(ctx: AdminContext): JiraSimulatorAdmin {
  const { store, render } = ctx;
  const actor = SKR_TRIAGER;
  const snapshot = (idOrKey: string): IssueSnapshot =>
    render.issue(store.find(idOrKey), { wanted: () => true, properties: ['*all'], expand: ['changelog'] }) as unknown as IssueSnapshot;
  const commentSnapshot = (idOrKey: string, commentId: string): CommentSnapshot => {
    const issue = store.find(idOrKey);
    return render.comment(issue, store.comment(issue, commentId), { properties: true }) as unknown as CommentSnapshot;
  };

  return {
    reset: () => ctx.resetAll(),
    setFaults: (faults) => ctx.faults.set(faults),
    getFaults: () => ctx.faults.get(),
    configureWebhook: (target) => ctx.webhooks.configure(target),
    advanceClock: (ms) => ctx.advanceClock(ms),
    setRateLimit: (limit) => ctx.setRateLimit(limit),

    createIssue(input) {
      const fields: Record<string, unknown> = {
        project: { id: PROJECT.id },
        issuetype: /^\d+$/.test(input.issueType ?? '') ? { id: input.issueType } : { name: input.issueType ?? 'Avvikelse' },
        summary: input.summary,
        ...input.customFields,
      };
      if (input.description !== undefined) fields.description = toDoc(input.description);
      if (input.labels !== undefined) fields.labels = input.labels;
      if (input.priority !== undefined) fields.priority = /^\d+$/.test(input.priority) ? { id: input.priority } : { name: input.priority };
      return snapshot(store.createIssue(fields, actor).id);
    },

    issue: snapshot,

    issues(filter = {}) {
      const compiled = filter.jql
        ? compileJql(filter.jql, {
            projectKey: store.projectKey,
            projectId: PROJECT.id,
            projectName: PROJECT.name,
            timeZone: ctx.timeZone,
            now: ctx.now(),
          })
        : undefined;
      return [...store.issues.values()]
        .filter((issue) => filter.label === undefined || issue.labels.includes(filter.label))
        .filter((issue) => filter.property === undefined || issue.properties.has(filter.property))
        .filter((issue) => !compiled || compiled.matches(issue))
        .sort((a, b) => Number(a.id) - Number(b.id))
        .map((issue) => snapshot(issue.id));
    },

    counts() {
      const counts: IssueCounts = { total: 0, byLabel: {}, byStatus: {}, byProperty: {} };
      for (const issue of store.issues.values()) {
        counts.total++;
        for (const label of issue.labels) counts.byLabel[label] = (counts.byLabel[label] ?? 0) + 1;
        const status = statusById(issue.statusId)!.name;
        counts.byStatus[status] = (counts.byStatus[status] ?? 0) + 1;
        for (const key of issue.properties.keys()) counts.byProperty[key] = (counts.byProperty[key] ?? 0) + 1;
      }
      return counts;
    },

    transition(idOrKey, statusRef, options = {}) {
      const issue = store.find(idOrKey);
      const status = ctx.screens.findStatus(statusRef);
      if (!status) throw badRequestMessage(`The status '${statusRef}' does not exist.`);
      let resolutionId: string | undefined;
      if (options.resolution !== undefined) {
        const resolution = findResolution(/^\d+$/.test(options.resolution) ? { id: options.resolution } : { name: options.resolution });
        if (!resolution) throw badRequestMessage(`The resolution '${options.resolution}' does not exist.`);
        resolutionId = resolution.id;
      }
      store.moveToStatus(issue, status.id, resolutionId, actor);
      return snapshot(issue.id);
    },

    setPriority(idOrKey, priorityRef) {
      const priority = findPriority(/^\d+$/.test(priorityRef) ? { id: priorityRef } : { name: priorityRef });
      if (!priority) throw badRequestMessage(`The priority '${priorityRef}' does not exist.`);
      const issue = store.find(idOrKey);
      store.editIssue(issue, { fields: { priority: { id: priority.id } } }, actor);
      return snapshot(issue.id);
    },

    setResolution(idOrKey, resolutionRef) {
      const issue = store.find(idOrKey);
      let resolutionId: string | null = null;
      if (resolutionRef !== null) {
        const resolution = findResolution(/^\d+$/.test(resolutionRef) ? { id: resolutionRef } : { name: resolutionRef });
        if (!resolution) throw badRequestMessage(`The resolution '${resolutionRef}' does not exist.`);
        resolutionId = resolution.id;
      }
      store.setResolution(issue, resolutionId, actor);
      return snapshot(issue.id);
    },

    editIssue(idOrKey, fields) {
      const issue = store.find(idOrKey);
      store.editIssue(issue, { fields }, actor);
      return snapshot(issue.id);
    },

    addComment(idOrKey, body, options = {}) {
      const issue = store.find(idOrKey);
      const visibility = options.visibility ?? (options.internal ? INTERNAL_VISIBILITY : undefined);
      const serviceDesk = ctx.profile === 'jira-service-management';
      if (options.internalNote && !serviceDesk) throw badRequestMessage('Internal notes exist only in Jira Service Management projects.');
      const marked = options.forParty && !serviceDesk && typeof body === 'string' ? `${ctx.partyMarker} ${body}` : body;
      const properties = options.internalNote ? [{ key: SD_PUBLIC_COMMENT, value: { internal: true } }] : [];
      const author = options.author === 'app' ? AUTOMATION_APP : actor;
      const comment = store.addComment(issue, toDoc(marked), visibility, author, properties);
      return commentSnapshot(issue.id, comment.id);
    },

    comment: commentSnapshot,

    restrictComment(idOrKey, commentId, visibility) {
      const issue = store.find(idOrKey);
      const comment = store.comment(issue, commentId);
      // Jira's PUT replaces the restriction only when one is given; lifting one is an explicit removal here.
      if (visibility === null) comment.visibility = undefined;
      store.updateComment(issue, commentId, comment.body, visibility ?? undefined, actor);
      return commentSnapshot(issue.id, commentId);
    },

    get profile() {
      return ctx.profile;
    },

    editComment(idOrKey, commentId, body) {
      const issue = store.find(idOrKey);
      store.updateComment(issue, commentId, toDoc(body), undefined, actor);
      return commentSnapshot(issue.id, commentId);
    },

    deleteComment(idOrKey, commentId) {
      store.deleteComment(store.find(idOrKey), commentId, actor);
    },

    moveIssue(idOrKey, projectKey) {
      const issue = store.find(idOrKey);
      store.moveIssue(issue, projectKey, actor);
      return snapshot(issue.id);
    },

    deleteIssue(idOrKey) {
      store.deleteIssue(store.find(idOrKey), actor);
    },

    setSecurityLevel(idOrKey, level) {
      const issue = store.find(idOrKey);
      // A name alone is a level of its own (id 10100), enough for a test that only needs the issue hidden.
      store.setSecurityLevel(issue, typeof level === 'string' ? { id: '10100', name: level } : level, actor);
      return snapshot(issue.id);
    },

    stats: () => ctx.stats(),
    webhookDeliveries: () => ctx.webhooks.deliveries(),
    flushWebhooks: () => ctx.webhooks.flush(),
    settleWebhooks: () => ctx.webhooks.settle(),
    releaseHeldAnswers: () => ctx.faults.releaseHeld(),
    setScreens: (options) => ctx.screens.set(options),
    getScreens: () => ctx.screens.get(),
  };
}

/** The admin operations over HTTP, JSON in and out. */
export function adminApi(admin: JiraSimulatorAdmin): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '10mb' }));
  const body = (req: Request): Record<string, unknown> => (typeof req.body === 'object' && req.body !== null ? req.body : {});
  const param = (req: Request, name: string): string => String(req.params[name]);
  const text = (value: unknown, name: string): string => {
    if (typeof value !== 'string') throw badRequestMessage(`'${name}' must be a string.`);
    return value;
  };

  router.post('/reset', (_req, res) => {
    admin.reset();
    res.status(204).end();
  });
  router.post('/faults/held-answers/release', (_req, res) => {
    res.json({ released: admin.releaseHeldAnswers() });
  });
  router.get('/faults', (_req, res) => {
    res.json(admin.getFaults());
  });
  router.post('/faults', (req, res) => {
    admin.setFaults(body(req) as Faults);
    res.json(admin.getFaults());
  });
  router.post('/webhook', (req, res) => {
    admin.configureWebhook(body(req) as WebhookTarget);
    res.status(204).end();
  });
  router.post('/rate-limit', (req, res) => {
    const limit = body(req) as Partial<RateLimit>;
    if (limit.perSecond !== undefined && !(Number.isInteger(limit.perSecond) && limit.perSecond > 0)) {
      return res.status(400).json({ error: 'perSecond must be a positive integer, or omitted to lift the limit' });
    }
    admin.setRateLimit(
      limit.perSecond
        ? { perSecond: limit.perSecond, perIssueWrites: limit.perIssueWrites, perIssueWindowMs: limit.perIssueWindowMs }
        : null,
    );
    res.status(204).end();
  });
  router.post('/clock', (req, res) => {
    admin.advanceClock(Number(body(req).advanceMs ?? 0));
    res.status(204).end();
  });
  router.get('/issues', (req, res) => {
    const query = req.query;
    res.json(
      admin.issues({
        label: query.label === undefined ? undefined : String(query.label),
        property: query.property === undefined ? undefined : String(query.property),
        jql: query.jql === undefined ? undefined : String(query.jql),
      }),
    );
  });
  router.post('/issues', (req, res) => {
    res.status(201).json(admin.createIssue(body(req) as unknown as AdminIssueInput));
  });
  router.get('/counts', (_req, res) => {
    res.json(admin.counts());
  });
  router.get('/issues/:key', (req, res) => {
    res.json(admin.issue(param(req, 'key')));
  });
  router.put('/issues/:key', (req, res) => {
    res.json(admin.editIssue(param(req, 'key'), (body(req).fields ?? {}) as Record<string, unknown>));
  });
  router.post('/issues/:key/transition', (req, res) => {
    const { status, resolution } = body(req);
    res.json(
      admin.transition(
        param(req, 'key'),
        text(status, 'status'),
        resolution === undefined ? {} : { resolution: text(resolution, 'resolution') },
      ),
    );
  });
  router.post('/issues/:key/priority', (req, res) => {
    res.json(admin.setPriority(param(req, 'key'), text(body(req).priority, 'priority')));
  });
  router.post('/issues/:key/move', (req, res) => {
    res.json(admin.moveIssue(param(req, 'key'), text(body(req).projectKey, 'projectKey')));
  });
  router.delete('/issues/:key', (req, res) => {
    admin.deleteIssue(param(req, 'key'));
    res.status(204).end();
  });
  router.post('/issues/:key/security-level', (req, res) => {
    const { level } = body(req);
    res.json(admin.setSecurityLevel(param(req, 'key'), level === null || level === undefined ? null : text(level, 'level')));
  });
  router.post('/issues/:key/resolution', (req, res) => {
    const { resolution } = body(req);
    res.json(
      admin.setResolution(param(req, 'key'), resolution === null || resolution === undefined ? null : text(resolution, 'resolution')),
    );
  });
  router.post('/issues/:key/comments', (req, res) => {
    const { body: commentBody, internal, visibility, internalNote, forParty, author } = body(req);
    res.status(201).json(
      admin.addComment(param(req, 'key'), commentBody as string | AdfDoc, {
        internal: internal === true,
        visibility: visibility as Visibility | undefined,
        internalNote: internalNote === true,
        forParty: forParty === true,
        author: author === 'app' ? 'app' : 'triager',
      }),
    );
  });
  router.get('/issues/:key/comments/:id', (req, res) => {
    res.json(admin.comment(param(req, 'key'), param(req, 'id')));
  });
  router.put('/issues/:key/comments/:id/visibility', (req, res) => {
    const { visibility } = body(req);
    res.json(admin.restrictComment(param(req, 'key'), param(req, 'id'), (visibility ?? null) as Visibility | null));
  });
  router.put('/issues/:key/security', (req, res) => {
    const { level } = body(req);
    res.json(admin.setSecurityLevel(param(req, 'key'), (level ?? null) as SecurityLevel | null));
  });
  router.put('/issues/:key/comments/:id', (req, res) => {
    res.json(admin.editComment(param(req, 'key'), param(req, 'id'), body(req).body as string | AdfDoc));
  });
  router.delete('/issues/:key/comments/:id', (req, res) => {
    admin.deleteComment(param(req, 'key'), param(req, 'id'));
    res.status(204).end();
  });
  router.get('/stats', (_req, res) => {
    res.json(admin.stats());
  });
  router.get('/webhooks', (_req, res) => {
    res.json(admin.webhookDeliveries());
  });
  router.post('/webhooks/flush', (_req, res) => {
    admin.flushWebhooks();
    res.status(204).end();
  });
  router.get('/screens', (_req, res) => {
    res.json(admin.getScreens());
  });
  router.post('/screens', (req, res) => {
    admin.setScreens((req.body ?? {}) as ScreenOptions);
    res.status(204).end();
  });
  router.post('/webhooks/settle', async (_req, res) => {
    await admin.settleWebhooks();
    res.status(204).end();
  });
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof JiraError) {
      res.status(error.status).json(error.body);
      return;
    }
    const status = (error as { status?: number }).status;
    res.status(typeof status === 'number' && status >= 400 && status < 500 ? status : 500).json({
      errorMessages: [error instanceof Error ? error.message : String(error)],
      errors: {},
    });
  });
  return router;
}
