// The Jira Cloud REST v3 surface: authentication, rate limits and injected faults first, then the issue, comment,
// attachment, property, metadata and search operations. Every error answer is an ErrorCollection.
import { Busboy, type BusboyHeaders } from '@fastify/busboy';
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { badRequest, badRequestMessage, JiraError, notFound } from './errors';
import type { FaultState, SlidingWindowLimiter } from './faults';
import { compileJql, type JqlContext } from './jql';
import { fieldSelector, type Renderer } from './render';
import type { SiteAccess } from './site-access';
import { isRecord, type IssueRecord, type JiraStore, type NewAttachment } from './store';
import { findIssueType, PRIORITIES, PROJECT, RESOLUTIONS, statusById, STATUSES, type UserDef } from './workflow';

export interface RestContext {
  store: JiraStore;
  render: Renderer;
  faults: FaultState;
  limiter: SlidingWindowLimiter;
  serviceAccount: UserDef;
  email: string;
  apiToken: string;
  timeZone: string;
  rateLimit?: { perSecond: number; perIssueWrites: number; perIssueWindowMs: number };
  maxAttachmentBytes: number;
  now: () => number;
  /** Responses the 'hang' fault never answers; stop() ends them. */
  hung: Set<ServerResponse>;
  recordRequest: (route: string, status: string) => void;
  site: SiteAccess;
  /** Attachment settings and admin webhooks (site-routes.ts), behind the same authentication and faults. */
  siteRoutes: express.Router;
}

const API = '/rest/api/3';
const SEARCH_REMOVED =
  'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. ' +
  'A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';

/** The route template of a request path, for stats and per-endpoint rate limits. */
export function routeKey(path: string): string {
  return path
    .replace(
      /^\/rest\/api\/3\/issue\/createmeta\/[^/]+\/issuetypes\/[^/]+$/,
      `${API}/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}`,
    )
    .replace(/^\/rest\/api\/3\/issue\/(?!createmeta\/)[^/]+/, `${API}/issue/{issueIdOrKey}`)
    .replace(/^\/rest\/api\/3\/comment\/[^/]+\/properties/, `${API}/comment/{commentId}/properties`)
    .replace(/^\/rest\/api\/3\/field\/[^/]+\/context/, `${API}/field/{fieldId}/context`)
    .replace(/\/context\/(?!projectmapping)[^/]+\/option$/, '/context/{contextId}/option')
    .replace(/\/comment\/[^/]+$/, '/comment/{id}')
    .replace(/\/properties\/[^/]+$/, '/properties/{propertyKey}')
    .replace(/^\/rest\/api\/3\/attachment\/(content\/)?[^/]+$/, (_match, content?: string) => `${API}/attachment/${content ?? ''}{id}`);
}

function isWrite(req: Request): boolean {
  return req.method !== 'GET' && req.method !== 'HEAD' && !req.path.startsWith(`${API}/search`);
}

/** A query parameter that may be repeated or comma-joined, as a list. */
function list(value: unknown): string[] {
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function authenticated(req: Request, ctx: RestContext): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  return separator > 0 && decoded.slice(0, separator) === ctx.email && decoded.slice(separator + 1) === ctx.apiToken;
}

function tooManyRequests(res: Response, retryAfterSeconds: number, reason: string, limit: number, resetAt: number): void {
  res
    .status(429)
    .set({
      'Retry-After': String(retryAfterSeconds),
      'RateLimit-Reason': reason,
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': new Date(resetAt).toISOString(),
    })
    .json(new JiraError(429, ['Rate limit exceeded.']).body);
}

export function restApi(ctx: RestContext): express.Router {
  const router = express.Router();
  const { store, render, faults } = ctx;
  const actor = ctx.serviceAccount;

  router.use((req, res, next) => {
    const route = `${req.method} ${routeKey(req.path)}`;
    // 'finish' fires before the client can have read the answer, so stats are current when a test looks at them.
    res.on('finish', () => ctx.recordRequest(route, String(res.statusCode)));
    res.on('close', () => {
      if (!res.writableFinished && !res.locals.swallowed) ctx.recordRequest(route, 'no-response');
    });
    next();
  });

  router.use(async (req, _res, next) => {
    if (faults.matches(req.method, req.path)) {
      const latency = faults.latencyMs();
      if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    }
    next();
  });

  router.use((req, res, next) => {
    if (authenticated(req, ctx)) return next();
    res.status(401).json(new JiraError(401, ['You are not authenticated. Authentication required to perform this operation.']).body);
  });

  router.use(ctx.site.gate());

  router.use((req, res, next) => {
    if (faults.matches(req.method, req.path)) {
      const storm = faults.takeStorm();
      if (storm) {
        const limit = ctx.rateLimit?.perSecond ?? 100;
        return tooManyRequests(res, storm.retryAfterSeconds, storm.reason, limit, ctx.now() + storm.retryAfterSeconds * 1000);
      }
    }
    const limits = ctx.rateLimit;
    if (!limits) return next();
    const now = ctx.now();
    const burst = ctx.limiter.hit(`burst:${req.method} ${routeKey(req.path)}`, limits.perSecond, 1000, now);
    if (!burst.allowed) {
      faults.stats.rateLimited++;
      // Whole seconds left in the window, rounded down: Jira too answers Retry-After: 0 when the wait is under a second.
      return tooManyRequests(res, Math.floor((burst.resetAt - now) / 1000), 'jira-burst-based', burst.limit, burst.resetAt);
    }
    const issueRef = /^\/rest\/api\/3\/issue\/([^/]+)/.exec(req.path)?.[1];
    const issue = issueRef && isWrite(req) ? store.tryFind(issueRef) : undefined;
    if (issue) {
      const perIssue = ctx.limiter.hit(`issue:${issue.id}`, limits.perIssueWrites, limits.perIssueWindowMs, now);
      if (!perIssue.allowed) {
        faults.stats.rateLimited++;
        return tooManyRequests(
          res,
          Math.ceil((perIssue.resetAt - now) / 1000),
          'jira-per-issue-on-write',
          perIssue.limit,
          perIssue.resetAt,
        );
      }
    }
    res.set({ 'X-RateLimit-Limit': String(burst.limit), 'X-RateLimit-Remaining': String(burst.remaining) });
    if (burst.remaining < burst.limit * 0.2) res.set('X-RateLimit-NearLimit', 'true');
    next();
  });

  router.use((req, res, next) => {
    const status = faults.matches(req.method, req.path) ? faults.take5xx() : undefined;
    if (status === undefined) return next();
    if (status === 503) res.set('Retry-After', '1');
    res.status(status).json(new JiraError(status, ['Internal server error']).body);
  });

  router.use(express.json({ strict: false, limit: '10mb' }));
  /** Holds a write whose body has been read when the applyLate fault is due: it is applied after the hold. */
  const holdIfLate = async (req: Request): Promise<void> => {
    const lateMs = isWrite(req) && faults.matches(req.method, req.path) ? faults.takeLateApply(req.path) : undefined;
    if (lateMs) await new Promise((resolve) => setTimeout(resolve, lateMs));
  };
  // A multipart upload is read by its route, which holds it itself once read.
  router.use(async (req, _res, next) => {
    if (!/^multipart\//i.test(req.headers['content-type'] ?? '')) await holdIfLate(req);
    next();
  });
  router.use(ctx.siteRoutes);

  /**
   * Answers a handled request, unless the timeout-after-apply fault swallows the answer to a successful write or the
   * hold-answers fault keeps a read's answer until the test releases it.
   */
  const reply = (req: Request, res: Response, status: number, body?: unknown): void => {
    const held =
      !isWrite(req) &&
      faults.matches(req.method, req.path) &&
      faults.holdAnswer(req.path, () => {
        // Frozen now, and only when a hold is due: the issue keeps changing while the answer is held.
        const frozen = body === undefined ? undefined : JSON.stringify(body);
        return () => (frozen === undefined ? res.status(status).end() : res.status(status).type('application/json').send(frozen));
      });
    if (held) return;
    if (status < 300 && isWrite(req) && faults.matches(req.method, req.path)) {
      const mode = faults.takeTimeout();
      if (mode) {
        res.locals.swallowed = true;
        ctx.recordRequest(`${req.method} ${routeKey(req.path)}`, 'no-response');
        if (mode === 'destroy') req.socket.destroy();
        else {
          ctx.hung.add(res);
          res.on('close', () => ctx.hung.delete(res));
        }
        return;
      }
    }
    if (body === undefined) res.status(status).end();
    else res.status(status).json(body);
  };

  /** An issue under a security level the service account is not in answers 404, as one that does not exist. */
  const visible = (issue: IssueRecord): IssueRecord => {
    if (issue.securityLevel) throw notFound();
    return issue;
  };
  const issueParam = (req: Request): IssueRecord => store.findVisible(String(req.params.issueIdOrKey));
  const withProperties = (req: Request) => ({ properties: list(req.query.expand).includes('properties') });
  const bodyObject = (req: Request): Record<string, unknown> => {
    if (!isRecord(req.body)) throw badRequestMessage('The request body must be a JSON object.');
    return req.body;
  };

  router.post(`${API}/issue`, (req, res) => {
    const body = bodyObject(req);
    const properties = body.properties === undefined ? [] : body.properties;
    if (!Array.isArray(properties) || properties.some((p) => !isRecord(p) || typeof p.key !== 'string')) {
      throw badRequest({ properties: 'Properties must be a list of {key, value} objects.' });
    }
    const issue = store.createIssue(body.fields, actor);
    for (const property of properties as { key: string; value: unknown }[]) store.setProperty(issue, property.key, property.value);
    reply(req, res, 201, { id: issue.id, key: issue.key, self: render.issueSelf(issue) });
  });

  router.get(`${API}/issue/:issueIdOrKey`, (req, res) => {
    const issue = issueParam(req);
    reply(
      req,
      res,
      200,
      render.issue(issue, {
        wanted: fieldSelector(list(req.query.fields), '*all'),
        properties: list(req.query.properties),
        expand: list(req.query.expand),
      }),
    );
  });

  router.put(`${API}/issue/:issueIdOrKey`, (req, res) => {
    const issue = issueParam(req);
    const body = bodyObject(req);
    store.editIssue(issue, { fields: body.fields, update: body.update }, actor);
    if (req.query.returnIssue === 'true') {
      reply(req, res, 200, render.issue(issue, { wanted: fieldSelector([], '*all'), expand: list(req.query.expand) }));
    } else reply(req, res, 204);
  });

  router.get(`${API}/issue/:issueIdOrKey/transitions`, (req, res) => {
    const issue = issueParam(req);
    const only = req.query.transitionId === undefined ? undefined : String(req.query.transitionId);
    const transitions = store.transitionsOf(issue).filter((s) => only === undefined || s.transitionId === only);
    const withFields = list(req.query.expand).includes('transitions.fields');
    reply(req, res, 200, { expand: 'transitions', transitions: transitions.map((s) => render.transition(s, withFields)) });
  });

  router.post(`${API}/issue/:issueIdOrKey/transitions`, (req, res) => {
    const issue = issueParam(req);
    store.transition(issue, bodyObject(req), actor);
    reply(req, res, 204);
  });

  router.get(`${API}/issue/createmeta/:projectIdOrKey/issuetypes/:issueTypeId`, (req, res) => {
    const project = String(req.params.projectIdOrKey);
    if (project !== store.projectKey && project !== PROJECT.id) throw notFound('No project could be found with key or id.');
    if (!findIssueType({ id: String(req.params.issueTypeId) })) throw notFound('Issue type not found.');
    const fields = render.createMetaFields();
    reply(req, res, 200, { startAt: 0, maxResults: 50, total: fields.length, fields });
  });

  router.get(`${API}/issue/:issueIdOrKey/editmeta`, (req, res) => {
    issueParam(req);
    reply(req, res, 200, { fields: render.editMetaFields() });
  });

  router.get(`${API}/issue/:issueIdOrKey/comment`, (req, res) => {
    const issue = issueParam(req);
    const startAt = nonNegativeInt(req.query.startAt, 0, 'startAt');
    const maxResults = nonNegativeInt(req.query.maxResults, 100, 'maxResults');
    const ordered = [...issue.comments].sort((a, b) => a.created - b.created || Number(a.id) - Number(b.id));
    if (req.query.orderBy === '-created') ordered.reverse();
    reply(req, res, 200, {
      startAt,
      maxResults,
      total: ordered.length,
      comments: ordered.slice(startAt, startAt + maxResults).map((c) => render.comment(issue, c, withProperties(req))),
    });
  });

  router.post(`${API}/issue/:issueIdOrKey/comment`, (req, res) => {
    const issue = issueParam(req);
    const body = bodyObject(req);
    const comment = store.addComment(issue, body.body, body.visibility, actor, body.properties);
    reply(req, res, 201, render.comment(issue, comment, withProperties(req)));
  });

  router.get(`${API}/issue/:issueIdOrKey/comment/:id`, (req, res) => {
    const issue = issueParam(req);
    reply(req, res, 200, render.comment(issue, store.comment(issue, String(req.params.id)), withProperties(req)));
  });

  router.put(`${API}/issue/:issueIdOrKey/comment/:id`, (req, res) => {
    const issue = issueParam(req);
    const body = bodyObject(req);
    const comment = store.updateComment(issue, String(req.params.id), body.body, body.visibility, actor);
    reply(req, res, 200, render.comment(issue, comment));
  });

  router.delete(`${API}/issue/:issueIdOrKey/comment/:id`, (req, res) => {
    const issue = issueParam(req);
    store.deleteComment(issue, String(req.params.id), actor);
    reply(req, res, 204);
  });

  router.post(`${API}/issue/:issueIdOrKey/attachments`, async (req, res) => {
    const token = String(req.headers['x-atlassian-token'] ?? '').toLowerCase();
    if (token !== 'no-check' && token !== 'nocheck') throw new JiraError(403, ['XSRF check failed']);
    const issue = issueParam(req);
    if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
      throw new JiraError(415, ['Attachments must be sent as multipart/form-data.']);
    }
    const files = await readMultipartFiles(req, ctx.site.get().attachments.uploadLimit);
    if (files.length === 0) throw badRequestMessage("No attachment was found in the multipart field 'file'.");
    await holdIfLate(req);
    const added = store.addAttachments(issue, files, actor);
    reply(
      req,
      res,
      200,
      added.map((a) => render.attachment(a)),
    );
  });

  const commentParam = (req: Request) => {
    const found = store.findComment(String(req.params.commentId));
    visible(found.issue);
    return found.comment;
  };

  router.get(`${API}/comment/:commentId/properties/:propertyKey`, (req, res) => {
    const key = String(req.params.propertyKey);
    const comment = commentParam(req);
    if (!comment.properties.has(key)) throw notFound(`The property with key '${key}' does not exist.`);
    reply(req, res, 200, { key, value: comment.properties.get(key) });
  });

  router.put(`${API}/comment/:commentId/properties/:propertyKey`, (req, res) => {
    const comment = commentParam(req);
    if (req.body === undefined) throw badRequestMessage('The property value must be a valid JSON document.');
    const outcome = store.setCommentProperty(comment, String(req.params.propertyKey), req.body);
    reply(req, res, outcome === 'created' ? 201 : 200);
  });

  const attachmentParam = (req: Request) => {
    const attachment = store.attachment(String(req.params.id));
    visible(store.find(attachment.issueId));
    return attachment;
  };

  router.get(`${API}/attachment/content/:id`, (req, res) => {
    const attachment = attachmentParam(req);
    res.status(200).type(attachment.mimeType).send(attachment.content);
  });

  router.get(`${API}/attachment/:id`, (req, res) => {
    reply(req, res, 200, render.attachmentMetadata(attachmentParam(req)));
  });

  router.get(`${API}/issue/:issueIdOrKey/properties`, (req, res) => {
    const issue = issueParam(req);
    reply(req, res, 200, {
      keys: [...issue.properties.keys()].map((key) => ({
        self: `${render.issueSelf(issue)}/properties/${encodeURIComponent(key)}`,
        key,
      })),
    });
  });

  router.get(`${API}/issue/:issueIdOrKey/properties/:propertyKey`, (req, res) => {
    const issue = issueParam(req);
    const key = String(req.params.propertyKey);
    reply(req, res, 200, { key, value: store.getProperty(issue, key) });
  });

  router.put(`${API}/issue/:issueIdOrKey/properties/:propertyKey`, (req, res) => {
    const issue = issueParam(req);
    if (req.body === undefined) throw badRequestMessage('The property value must be a valid JSON document.');
    const outcome = store.setProperty(issue, String(req.params.propertyKey), req.body);
    reply(req, res, outcome === 'created' ? 201 : 200);
  });

  router.delete(`${API}/issue/:issueIdOrKey/properties/:propertyKey`, (req, res) => {
    const issue = issueParam(req);
    store.deleteProperty(issue, String(req.params.propertyKey));
    reply(req, res, 204);
  });

  router.get(`${API}/priority`, (req, res) =>
    reply(
      req,
      res,
      200,
      PRIORITIES.map((p) => render.priority(p)),
    ),
  );
  router.get(`${API}/resolution`, (req, res) =>
    reply(
      req,
      res,
      200,
      RESOLUTIONS.map((r) => render.resolution(r)),
    ),
  );
  router.get(`${API}/status`, (req, res) =>
    reply(
      req,
      res,
      200,
      STATUSES.map((s) => render.status(s)),
    ),
  );
  router.get(`${API}/statuses`, (req, res) => {
    const ids = list(req.query.id);
    if (ids.length === 0) throw badRequest({ id: 'At least one status id is required.' });
    const found = ids.map((id) => statusById(id)).filter((s) => s !== undefined);
    reply(
      req,
      res,
      200,
      found.map((s) => render.jiraStatus(s)),
    );
  });

  router.get(`${API}/project/:projectIdOrKey`, (req, res) => {
    const wanted = String(req.params.projectIdOrKey);
    const project = render.project() as { id: string; key: string };
    if (wanted !== project.id && wanted.toUpperCase() !== project.key) throw notFound(`No project could be found with key '${wanted}'.`);
    reply(req, res, 200, project);
  });
  router.get(`${API}/myself`, (req, res) => reply(req, res, 200, render.user(actor.accountId)));

  const search = (req: Request, res: Response, params: SearchParams): void => {
    const result = runSearch(ctx, params);
    reply(req, res, 200, result);
  };
  router.get(`${API}/search/jql`, (req, res) =>
    search(req, res, {
      jql: req.query.jql === undefined ? '' : String(req.query.jql),
      nextPageToken: req.query.nextPageToken === undefined ? undefined : String(req.query.nextPageToken),
      maxResults: req.query.maxResults === undefined ? undefined : Number(req.query.maxResults),
      fields: list(req.query.fields),
      properties: list(req.query.properties),
      expand: list(req.query.expand),
    }),
  );
  router.post(`${API}/search/jql`, (req, res) => {
    const body = bodyObject(req);
    search(req, res, {
      jql: typeof body.jql === 'string' ? body.jql : '',
      nextPageToken: typeof body.nextPageToken === 'string' ? body.nextPageToken : undefined,
      maxResults: body.maxResults === undefined ? undefined : Number(body.maxResults),
      fields: Array.isArray(body.fields) ? body.fields.map(String) : [],
      properties: Array.isArray(body.properties) ? body.properties.map(String) : [],
      expand: list(body.expand),
    });
  });

  router.all(`${API}/search`, (_req, res) => {
    res.status(410).json(new JiraError(410, [SEARCH_REMOVED]).body);
  });

  router.use((req, res) => {
    res.status(404).json(new JiraError(404, [`null for uri: ${render.baseUrl}${req.originalUrl}`]).body);
  });

  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    if (error instanceof JiraError) {
      res.status(error.status).json(error.body);
      return;
    }
    const parseError = error as { type?: string; status?: number; message?: string };
    if (parseError.type === 'entity.parse.failed') {
      res.status(400).json(new JiraError(400, [`Unexpected character in JSON body: ${parseError.message}`]).body);
    } else if (parseError.type === 'entity.too.large') {
      res.status(413).json(new JiraError(413, ['The request body is too large.']).body);
    } else {
      console.error('jira-simulator: unhandled error', error);
      res.status(500).json(new JiraError(500, ['Internal server error']).body);
    }
  });

  return router;
}

function nonNegativeInt(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw badRequestMessage(`'${name}' must be a non-negative integer.`);
  return number;
}

interface SearchParams {
  jql: string;
  nextPageToken?: string;
  maxResults?: number;
  fields: string[];
  properties: string[];
  expand: string[];
}

/** Page-size ceilings: Jira serves far more issues per page when only ids/keys are asked for. */
const MAX_PAGE_IDS_ONLY = 5000;
const MAX_PAGE_WITH_FIELDS = 100;

function runSearch(ctx: RestContext, params: SearchParams): Record<string, unknown> {
  const jqlContext: JqlContext = {
    projectKey: ctx.store.projectKey,
    projectId: PROJECT.id,
    projectName: PROJECT.name,
    timeZone: ctx.timeZone,
    now: ctx.now(),
  };
  const compiled = compileJql(params.jql, jqlContext);
  if (!compiled.bounded) {
    throw badRequestMessage('Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
  }
  const wantedFields = params.fields.filter((f) => f !== 'id');
  const idsOnly = wantedFields.every((f) => f === 'key');
  const ceiling = idsOnly ? MAX_PAGE_IDS_ONLY : MAX_PAGE_WITH_FIELDS;
  const requested = params.maxResults;
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 0)) {
    throw badRequestMessage("'maxResults' must be a non-negative integer.");
  }
  const pageSize = Math.min(requested === undefined || requested === 0 ? 50 : requested, ceiling);

  const fingerprint = createHash('sha256').update(params.jql).digest('base64url').slice(0, 12);
  let offset = 0;
  if (params.nextPageToken !== undefined) {
    const token = decodePageToken(params.nextPageToken);
    if (!token || token.q !== fingerprint) throw badRequestMessage('The provided next page token is invalid or expired.');
    offset = token.o;
  }

  const now = ctx.now();
  const matching = [...ctx.store.issues.values()]
    .filter((issue) => issue.securityLevel === null && ctx.site.indexed(issue, now) && compiled.matches(issue))
    .sort(compiled.compare);
  const page = matching.slice(offset, offset + pageSize);
  const isLast = offset + page.length >= matching.length;
  const wanted = fieldSelector(wantedFields, '');
  const issues = page.map((issue) => {
    if (idsOnly && params.properties.length === 0) {
      return wantedFields.includes('key') ? { id: issue.id, key: issue.key } : { id: issue.id };
    }
    return ctx.render.issue(issue, { wanted, properties: params.properties, expand: params.expand });
  });
  const result: Record<string, unknown> = { issues, isLast };
  if (!isLast) result.nextPageToken = Buffer.from(JSON.stringify({ o: offset + page.length, q: fingerprint })).toString('base64url');
  return result;
}

function decodePageToken(token: string): { o: number; q: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (isRecord(parsed) && Number.isInteger(parsed.o) && typeof parsed.q === 'string') return { o: parsed.o as number, q: parsed.q };
  } catch {
    return undefined;
  }
  return undefined;
}

/** Files sent in the multipart field `file` (Jira ignores other fields); 413 past `maxBytes`. */
function readMultipartFiles(req: Request, maxBytes: number): Promise<NewAttachment[]> {
  return new Promise((resolve, reject) => {
    const files: NewAttachment[] = [];
    let failed = false;
    const parser = Busboy({ headers: req.headers as BusboyHeaders, limits: { fileSize: maxBytes } });
    parser.on('file', (field, stream, filename, _encoding, mimeType) => {
      const chunks: Buffer[] = [];
      // A body cut short errors the open part too (reported through the parser's own error below).
      stream.on('error', () => undefined);
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        failed = true;
        reject(new JiraError(413, [`The attachment '${filename}' is larger than ${maxBytes} bytes.`]));
      });
      stream.on('end', () => {
        if (field !== 'file' || failed) return;
        files.push({
          filename: filename ?? 'attachment',
          mimeType: mimeType || 'application/octet-stream',
          content: Buffer.concat(chunks),
        });
      });
    });
    parser.on('error', (error: Error) => reject(new JiraError(400, [`Malformed multipart body: ${error.message}`])));
    parser.on('finish', () => {
      if (!failed) resolve(files);
    });
    req.pipe(parser);
  });
}
