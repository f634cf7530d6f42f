// How the site treats the service account's credentials and permissions, and what it offers around the issues (search
// index lag, attachment settings, admin webhooks). Each switch stands for one fact in ../shared/JIRA-REALITY.md and is
// off by default, so the forgiving simulator stays what older tests expect; `sim.site.set({...})` or
// POST /__admin/site switches them per test.
import express, { type NextFunction, type Request, type Response } from 'express';
import { badRequestMessage, ISSUE_NOT_FOUND, JiraError } from './errors';
import { isRecord } from './store';

/**
 * `valid`: the token works. `expired` / `revoked`: Jira no longer knows it and answers as it answers an anonymous
 * user — 200 or 404 where anonymous access is allowed, with `x-seraph-loginreason: AUTHENTICATED_FAILED`, 401 elsewhere.
 */
export type TokenState = 'valid' | 'expired' | 'revoked';

export interface SiteSettings {
  token: TokenState;
  /** False: the account lost its project permissions (or a security level now hides the issues): 403 everywhere. */
  projectPermission: boolean;
  /** Administer Jira: needed to register and list admin webhooks. A service account usually lacks it. */
  administer: boolean;
  /** GET /rest/api/3/attachment/meta; uploads answer 403 while attachments are off. */
  attachments: { enabled: boolean; uploadLimit: number };
  /** Search sees an issue only this long after its creation or last update; GET /issue stays consistent. */
  searchLagMs: number;
}

export const LOGIN_REASON_HEADER = 'x-seraph-loginreason';
const NOT_AUTHENTICATED = 'You are not authenticated. Authentication required to perform this operation.';
const NO_PERMISSION = 'You do not have the permission to see the specified project or issue.';

const SEARCH_PATH = /^\/rest\/api\/3\/search\/jql$/;
/** What Jira serves to anonymous users on a site that allows it: issue reads (404 for what they cannot browse), metadata. */
const ANONYMOUS_READS = [/^\/rest\/api\/3\/issue\/[^/]+$/, /^\/rest\/api\/3\/(priority|status|statuses|resolution)$/];

export class SiteAccess {
  private settings: SiteSettings;

  constructor(private readonly defaults: SiteSettings) {
    this.settings = structuredClone(defaults);
  }

  get(): SiteSettings {
    return structuredClone(this.settings);
  }

  /** Changes the settings given; the others keep their value. */
  set(changes: Partial<SiteSettings>): SiteSettings {
    const unknown = Object.keys(changes).filter((key) => !(key in this.defaults));
    if (unknown.length > 0) throw badRequestMessage(`Unknown site setting(s): ${unknown.join(', ')}`);
    this.settings = { ...this.settings, ...structuredClone(changes) };
    return this.get();
  }

  reset(): void {
    this.settings = structuredClone(this.defaults);
  }

  /** Whether search has indexed the issue's current state yet. */
  indexed(issue: { updated: number }, now: number): boolean {
    return now - issue.updated >= this.settings.searchLagMs;
  }

  /**
   * Runs after the credentials were checked. An expired token is answered as Jira answers an anonymous caller; a lost
   * permission is a 403 on every project call (`/myself` still answers: the account exists).
   */
  gate() {
    return (req: Request, res: Response, next: NextFunction): void => {
      if (this.settings.token !== 'valid') return this.answerAnonymous(req, res, next);
      if (!this.settings.projectPermission && req.path.startsWith('/rest/api/3/') && req.path !== '/rest/api/3/myself') {
        res.status(403).json(new JiraError(403, [NO_PERMISSION]).body);
        return;
      }
      next();
    };
  }

  private answerAnonymous(req: Request, res: Response, next: NextFunction): void {
    res.set(LOGIN_REASON_HEADER, 'AUTHENTICATED_FAILED');
    if (SEARCH_PATH.test(req.path)) {
      // Anonymous users browse nothing in a closed project: the search succeeds, empty.
      res.status(200).json({ issues: [], isLast: true });
      return;
    }
    if (req.method === 'GET' && /^\/rest\/api\/3\/issue\/[^/]+$/.test(req.path)) {
      res.status(404).json(new JiraError(404, [ISSUE_NOT_FOUND]).body);
      return;
    }
    if (req.method === 'GET' && ANONYMOUS_READS.some((pattern) => pattern.test(req.path))) return next();
    res.status(401).json(new JiraError(401, [NOT_AUTHENTICATED]).body);
  }

  /** POST /__admin/site {settings} and GET /__admin/site. */
  adminApi(): express.Router {
    const router = express.Router();
    router.use(express.json());
    router.get('/', (_req, res) => {
      res.json(this.get());
    });
    router.post('/', (req, res) => {
      if (!isRecord(req.body)) throw badRequestMessage('The request body must be a JSON object.');
      res.json(this.set(req.body as Partial<SiteSettings>));
    });
    router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
      if (!(error instanceof JiraError)) return next(error);
      res.status(error.status).json(error.body);
    });
    return router;
  }
}
