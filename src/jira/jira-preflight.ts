// The preflight's judgement, apart from the calls that gather its facts (jira-preflight.service.ts): each fact is what
// Jira answered or the error it answered with, and each check says ok, fail or unknown with a message and a hint.
import { type JiraAdminWebhook, type JiraAttachmentSettings } from './jira-client';
import { type CustomFieldProblem } from './jira-custom-fields';
import { type FieldOptionsState } from './jira-field-options';
import { PREFLIGHT_TEXTS as T, type PreflightText } from './jira-preflight-texts';
import { JiraCallError, JiraTokenUnavailableError } from './jira.errors';

export type PreflightStatus = 'ok' | 'fail' | 'unknown';

export interface PreflightCheck {
  id: string;
  status: PreflightStatus;
  message: PreflightText;
  hint: PreflightText | null;
}

export interface PreflightReport {
  /** fail when a check failed, degraded when one could not be judged, ok when every check passed. */
  status: 'ok' | 'degraded' | 'fail';
  checks: PreflightCheck[];
}

/** What one call answered: its value, or the error it failed with. */
export type Fact<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function factOf<T>(call: () => Promise<T>): Promise<Fact<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** A mapped status: Jira's id, our value and whether the sync moves issues to it (the outbound row). */
export interface MappedStatus {
  jiraId: string;
  value: string;
  outbound: boolean;
}

/** The workflow as far as the latest issues show it: the statuses they are in and those their transitions lead to. */
export interface SeenWorkflow {
  issues: number;
  reached: ReadonlySet<string>;
}

const check = (id: string, status: PreflightStatus, message: PreflightText, hint: PreflightText | null = null): PreflightCheck => ({
  id,
  status,
  message,
  hint,
});

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** A failure that says nothing about the configuration (an outage, a timeout, a rate limit): the check is unknown. */
const inconclusive = (error: unknown) => !(error instanceof JiraCallError) || ['transient', 'rate_limited'].includes(error.kind);

export function reportOf(checks: PreflightCheck[]): PreflightReport {
  const status = checks.some((c) => c.status === 'fail') ? 'fail' : checks.some((c) => c.status === 'unknown') ? 'degraded' : 'ok';
  return { status, checks };
}

export function notChecked(ids: string[], reason: PreflightText): PreflightCheck[] {
  return ids.map((id) => check(id, 'unknown', T.notChecked(reason)));
}

export function tokenCheck(me: Fact<string>): PreflightCheck {
  if (me.ok) return check('token', 'ok', T.tokenOk(me.value));
  // Nothing was sent: the file cannot be read or no configured key opens the stored token. Jira is not to blame.
  if (me.error instanceof JiraTokenUnavailableError)
    return check('token', 'fail', T.tokenUnavailable(me.error.message), T.tokenUnavailableHint);
  if (inconclusive(me.error)) return check('token', 'unknown', T.jiraError(describe(me.error)));
  return check('token', 'fail', T.tokenAnonymous(describe(me.error)), T.tokenHint);
}

export function projectCheck(browse: Fact<void>, projectKey: string): PreflightCheck {
  if (browse.ok) return check('project', 'ok', T.projectOk(projectKey));
  if (inconclusive(browse.error)) return check('project', 'unknown', T.jiraError(describe(browse.error)));
  return check('project', 'fail', T.projectMissing(projectKey, describe(browse.error)), T.projectHint);
}

/** The create screen's metadata answers 404 for an issue type the project does not have. */
export function issueTypeCheck(createMeta: Fact<unknown>, issueTypeId: string): PreflightCheck {
  if (createMeta.ok) return check('issue_type', 'ok', T.issueTypeOk(issueTypeId));
  const missing = createMeta.error instanceof JiraCallError && createMeta.error.status === 404;
  if (!missing) return check('issue_type', 'unknown', T.jiraError(describe(createMeta.error)));
  return check('issue_type', 'fail', T.issueTypeMissing(issueTypeId), T.issueTypeHint);
}

export function createFieldsCheck(problems: Fact<CustomFieldProblem[]>): PreflightCheck {
  if (!problems.ok) return check('create_fields', 'unknown', T.jiraError(describe(problems.error)));
  if (problems.value.length === 0) return check('create_fields', 'ok', T.fieldsOk);
  const list = problems.value.map((p) => `${p.fieldId} (${p.fact ?? '-'}: ${p.problem})`).join(', ');
  return check('create_fields', 'fail', T.fieldsProblems(list), T.fieldsHint);
}

/**
 * One check per mapped status. A status Jira does not know fails. A status the sync moves issues to that no issue is in
 * and no transition seen leads to is unknown, not failed: the latest issues show only part of the workflow, and a
 * status reachable from elsewhere cannot be told from one reachable from nowhere without Jira's admin workflow API.
 */
export function statusChecks(mapped: MappedStatus[], existing: Fact<string[]>, seen: Fact<SeenWorkflow>): PreflightCheck[] {
  return mapped.map(({ jiraId, value, outbound }) => {
    const id = `status:${jiraId}`;
    if (!existing.ok) return check(id, 'unknown', T.jiraError(describe(existing.error)));
    if (!existing.value.includes(jiraId)) return check(id, 'fail', T.statusMissing(jiraId, value), T.statusHint);
    if (!outbound) return check(id, 'ok', T.statusOk(jiraId, value));
    if (!seen.ok) return check(id, 'unknown', T.jiraError(describe(seen.error)));
    if (seen.value.reached.has(jiraId)) return check(id, 'ok', T.statusOk(jiraId, value));
    if (seen.value.issues === 0) return check(id, 'unknown', T.statusExistsOnly(jiraId, value));
    return check(id, 'unknown', T.statusUnreached(jiraId, value), T.statusHint);
  });
}

export function attachmentsCheck(settings: Fact<JiraAttachmentSettings>): PreflightCheck {
  if (!settings.ok) return check('attachments', 'unknown', T.jiraError(describe(settings.error)));
  if (!settings.value.enabled) return check('attachments', 'fail', T.attachmentsOff, T.attachmentsHint);
  return check('attachments', 'ok', T.attachmentsOk(settings.value.uploadLimit));
}

/** Our webhook is the one whose URL is ours; an account without Administer Jira cannot list them (403). */
export function webhookCheck(webhooks: Fact<JiraAdminWebhook[]>, url: string, projectKey: string): PreflightCheck {
  if (!webhooks.ok) {
    const forbidden = webhooks.error instanceof JiraCallError && webhooks.error.status === 403;
    if (forbidden) return check('webhook', 'unknown', T.webhookUnlisted(url), T.webhookManualHint(url, projectKey));
    return check('webhook', 'unknown', T.jiraError(describe(webhooks.error)));
  }
  if (webhooks.value.some((w) => sameUrl(w.url, url))) return check('webhook', 'ok', T.webhookOk(url));
  return check('webhook', 'fail', T.webhookMissing(url), T.webhookSetupHint);
}

export function sameUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/**
 * One check per select field that takes our parties or bastjänster as options: every one has its option, none of
 * those we map was deleted or disabled in Jira, and the field's context covers our project. Reading options needs Administer Jira: without it the checks are unknown.
 */
export function selectOptionsChecks(states: Fact<FieldOptionsState[]>, projectKey: string): PreflightCheck[] {
  if (!states.ok) {
    const forbidden = states.error instanceof JiraCallError && states.error.status === 403;
    return [check('select_options', 'unknown', forbidden ? T.optionsUnreadable : T.jiraError(describe(states.error)), T.optionsSetupHint)];
  }
  return states.value.map(({ fieldId, role, missing, deleted, disabled, problem }) => {
    const id = `select_options:${fieldId}`;
    if (problem) return check(id, 'fail', T.optionsContextMissesProject(fieldId, projectKey), T.optionsContextHint);
    if (deleted > 0) return check(id, 'fail', T.optionsDeleted(deleted, fieldId), T.optionsSetupHint);
    if (disabled > 0) return check(id, 'fail', T.optionsDisabled(disabled, fieldId), T.optionsSetupHint);
    if (missing > 0) return check(id, 'fail', T.optionsMissing(missing, fieldId, role === 'bastjanst'), T.optionsSetupHint);
    return check(id, 'ok', T.optionsOk(fieldId));
  });
}
