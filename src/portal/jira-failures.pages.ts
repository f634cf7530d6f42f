import { Injectable } from '@nestjs/common';
import type { Actor } from '../actor/actor';
import { hasRole } from '../actor/actor';
import { Role } from '../actor/role';
import { fromLocalDateTime, parseTimeOfDay, type LocalDate } from '../agreements/time-zone';
import { isUuid } from '../common/uuid';
import { JiraAdminService } from '../jira/jira-admin.service';
import { JiraDeletedIssueService } from '../jira/jira-deleted-issue.service';
import { JiraIssueNotGoneError, JiraLinkUnlinkedError, JiraSyncFailureCode, JiraSyncNotFoundError } from '../jira/jira.errors';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import { PortalFormsService } from './portal-forms.service';
import type { FormOutcome } from './portal-memberships.service';
import type { PortalPage } from './portal-page.decorator';

/** SKR's wall clock: the times a person types into the replay filter are Swedish time, as every page shows them. */
const SWEDISH_TIME = 'Europe/Stockholm';
/** The API's limit on the reason filter (ReplayJiraFailuresDto). */
const REASON_MAX = 200;
const DECISIONS = ['recreate', 'unlink'] as const;

/** The Jira sync failures page: the list, replay of one or of all that match, and the decision on a deleted issue. */
@Injectable()
export class JiraFailuresPages {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly admin: JiraAdminService,
    private readonly deleted: JiraDeletedIssueService,
    private readonly forms: PortalFormsService,
  ) {}

  async failures(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const [links, flash] = await Promise.all([this.admin.failures(actor), this.forms.takeFlash(page, 'jira')]);
    const count = (name: string) =>
      typeof page.query[name] === 'string' && /^\d{1,4}$/.test(page.query[name]) ? Number(page.query[name]) : null;
    return this.renderer.render(
      '/portal/views/skr/jira-failures',
      {
        rows: links.map((link) => ({
          deviationId: link.deviationId,
          issueKey: link.issueKey,
          // Either side's failure, or both: a pull's stands beside the push's (JiraLink.pullError).
          reason: [link.lastError ?? link.lastErrorCode, link.pullError].filter(Boolean).join(' · '),
          failedAt: [link.lastErrorAt, link.pullErrorAt].reduce<Date | null>((a, b) => (b && (!a || b > a) ? b : a), null),
          gone: link.lastErrorCode === JiraSyncFailureCode.IssueNotFound,
        })),
        mayDecide: hasRole(actor, Role.SkrAdmin),
        decisions: DECISIONS,
        replayed: count('replayed'),
        decided: count('decided') !== null,
        errors: flash?.errors ?? {},
        values: flash?.values ?? {},
      },
      page.context,
    );
  }

  async replay(actor: Actor, deviationId: unknown): Promise<FormOutcome> {
    if (typeof deviationId !== 'string' || !isUuid(deviationId)) return { errors: { failures: 'skr.jira.errors.notFailed' } };
    try {
      await this.admin.replay(actor, deviationId);
      return { location: '/skr/jira?replayed=1' };
    } catch (error) {
      if (error instanceof JiraSyncNotFoundError || error instanceof JiraLinkUnlinkedError)
        return { errors: { failures: 'skr.jira.errors.notFailed' } };
      throw error;
    }
  }

  /** Replays every failure whose reason contains the text and that failed in the (Swedish-time) range, as the API does. */
  async replayMatching(actor: Actor, form: Record<string, unknown>): Promise<FormOutcome> {
    const errors: Record<string, string> = {};
    const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
    if (reason.length > REASON_MAX) errors.reason = 'skr.triage.errors.tooLong';
    const failedFrom = instantOf(form.failedFrom);
    if (failedFrom === undefined) errors.failedFrom = 'skr.jira.errors.date';
    const failedTo = instantOf(form.failedTo);
    if (failedTo === undefined) errors.failedTo = 'skr.jira.errors.date';
    if (Object.keys(errors).length > 0) return { errors };
    const result = await this.admin.replayFailures(actor, {
      ...(reason ? { reason } : {}),
      ...(failedFrom ? { failedFrom } : {}),
      ...(failedTo ? { failedTo } : {}),
    });
    return { location: `/skr/jira?replayed=${result.replayed}` };
  }

  /** SKR admin's decision on a deleted issue, taken only with the box ticked that it was checked in Jira. */
  async decide(actor: Actor, form: Record<string, unknown>): Promise<FormOutcome> {
    const id = typeof form.deviationId === 'string' && isUuid(form.deviationId) ? form.deviationId : null;
    if (!id) return { errors: { failures: 'skr.jira.errors.notGone' } };
    const errors: Record<string, string> = {};
    const decision = DECISIONS.find((candidate) => candidate === form.decision);
    if (!decision) errors[`decision-${id}`] = 'skr.jira.errors.chooseDecision';
    if (form.confirm !== 'yes') errors[`confirm-${id}`] = 'skr.jira.errors.confirm';
    if (!decision || Object.keys(errors).length > 0) return { errors };
    try {
      await (decision === 'recreate' ? this.deleted.recreate(actor, id) : this.deleted.unlink(actor, id));
      return { location: '/skr/jira?decided=1' };
    } catch (error) {
      if (error instanceof JiraIssueNotGoneError || error instanceof JiraSyncNotFoundError)
        return { errors: { failures: 'skr.jira.errors.notGone' } };
      throw error;
    }
  }
}

/** A `datetime-local` value (Swedish time) as an ISO instant; null when empty, undefined when it is no such time. */
function instantOf(value: unknown): string | null | undefined {
  if (value === undefined || value === '') return null;
  const match = typeof value === 'string' ? /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/.exec(value.trim()) : null;
  if (!match) return undefined;
  try {
    return fromLocalDateTime(match[1] as LocalDate, parseTimeOfDay(match[2]), SWEDISH_TIME).toISOString();
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
