import { type JiraClient } from './jira-client';
import { PREFLIGHT_TEXTS } from './jira-preflight-texts';
import { sameUrl } from './jira-preflight';
import { JiraCallError } from './jira.errors';

/** The events the sync listens to (jira-webhook.service.ts handles each). */
export const WEBHOOK_EVENTS = [
  'jira:issue_created',
  'jira:issue_updated',
  'jira:issue_deleted',
  'comment_created',
  'comment_updated',
  'comment_deleted',
];

export interface WebhookSetup {
  name: string;
  url: string;
  secret: string;
  projectKey: string;
}

export type WebhookSetupOutcome =
  | { outcome: 'registered' | 'exists'; url: string }
  /** The account lacks Administer Jira: what an administrator does by hand, in Swedish and English. */
  | { outcome: 'manual'; url: string; steps: { sv: string; en: string } };

/**
 * Registers our admin webhook unless one to our URL exists already, so running the setup again changes nothing. An
 * existing webhook is left as it is: Jira never shows its secret, so whether it is the current one cannot be read
 * (rotation is JIRA_WEBHOOK_SECRET_PREVIOUS's job). Failures other than a missing permission are thrown.
 */
export async function setUpWebhook(jira: JiraClient, setup: WebhookSetup): Promise<WebhookSetupOutcome> {
  const manual = { outcome: 'manual' as const, url: setup.url, steps: PREFLIGHT_TEXTS.webhookManualHint(setup.url, setup.projectKey) };
  try {
    const existing = await jira.listAdminWebhooks();
    if (existing.some((webhook) => sameUrl(webhook.url, setup.url))) return { outcome: 'exists', url: setup.url };
    await jira.registerAdminWebhook({
      name: setup.name,
      url: setup.url,
      secret: setup.secret,
      events: WEBHOOK_EVENTS,
      jql: `project = ${setup.projectKey}`,
    });
    return { outcome: 'registered', url: setup.url };
  } catch (error) {
    if (error instanceof JiraCallError && error.status === 403) return manual;
    throw error;
  }
}
