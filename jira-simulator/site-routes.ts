// The site-level operations around the issues: attachment settings and admin webhooks (Settings → System → WebHooks,
// also POST /rest/webhooks/1.0/webhook, which needs Administer Jira). Registered webhooks are only remembered: the
// simulator delivers to the `webhookUrl` it was started with.
import express from 'express';
import { badRequest, JiraError } from './errors';
import type { SiteAccess } from './site-access';
import { isRecord } from './store';

export interface RegisteredWebhook {
  self: string;
  name: string;
  url: string;
  events: string[];
  filters: { 'issue-related-events-section'?: string };
  excludeBody: boolean;
  enabled: boolean;
  /** Jira keeps it but never shows it again. */
  secret?: string;
}

const WEBHOOKS = '/rest/webhooks/1.0/webhook';
const ADMIN_ONLY = 'You are not authorized to perform this operation. Only Jira administrators can manage webhooks.';

export class AdminWebhooks {
  private registered: RegisteredWebhook[] = [];

  list(): RegisteredWebhook[] {
    return this.registered.map((webhook) => structuredClone(webhook));
  }

  reset(): void {
    this.registered = [];
  }

  routes(site: SiteAccess, baseUrl: string): express.Router {
    const router = express.Router();

    router.get('/rest/api/3/attachment/meta', (_req, res) => {
      res.json(site.get().attachments);
    });

    router.post('/rest/api/3/issue/:issueIdOrKey/attachments', (_req, _res, next) => {
      if (!site.get().attachments.enabled) throw new JiraError(403, ['Attachments are disabled.']);
      next();
    });

    router.use(WEBHOOKS, (_req, _res, next) => {
      if (!site.get().administer) throw new JiraError(403, [ADMIN_ONLY]);
      next();
    });

    router.get(WEBHOOKS, (_req, res) => {
      res.json(this.registered.map(({ secret: _secret, ...shown }) => shown));
    });

    router.post(WEBHOOKS, express.json(), (req, res) => {
      const body: unknown = req.body;
      if (!isRecord(body)) throw badRequest({ body: 'A webhook must be a JSON object.' });
      const problems: Record<string, string> = {};
      if (typeof body.name !== 'string' || body.name === '') problems.name = 'The webhook needs a name.';
      if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url)) problems.url = 'The URL must be an http(s) URL.';
      if (!Array.isArray(body.events) || body.events.length === 0) problems.events = 'At least one event is required.';
      if (Object.keys(problems).length > 0) throw badRequest(problems);
      const filters = isRecord(body.filters) ? (body.filters as RegisteredWebhook['filters']) : {};
      const webhook: RegisteredWebhook = {
        self: `${baseUrl}${WEBHOOKS}/${this.registered.length + 1}`,
        name: body.name as string,
        url: body.url as string,
        events: (body.events as unknown[]).map(String),
        filters,
        excludeBody: body.excludeBody === true,
        enabled: true,
        ...(typeof body.secret === 'string' ? { secret: body.secret } : {}),
      };
      this.registered.push(webhook);
      const { secret: _secret, ...shown } = webhook;
      res.status(201).json(shown);
    });

    return router;
  }
}
