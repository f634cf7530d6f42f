import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { AuditService } from '../audit/audit.service';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { JIRA_ACTOR } from '../deviations/deviation-lifecycle';
import { MetricsService } from '../metrics/metrics.service';
import { textToAdf } from './adf';
import { JiraClient, JiraIssueState } from './jira-client';
import { JiraLink } from './jira-link.entity';
import { JiraSyncStateService } from './jira-sync-state.service';

/** The label that marks, in Jira, an issue made a second time for a deviation that has its issue already. */
export const DUPLICATE_LABEL = 'avvikelse-dubblett';

/** What the orphan says to SKR in Jira, in both languages: the readers are SKR's triagers. */
const orphanComment = (linkedKey: string) =>
  textToAdf(
    `[Avvikelse: dubblett] Det här ärendet skapades en gång till för samma avvikelse. Avvikelsen är kopplad till ${linkedKey}; ` +
      `det här ärendet synkas inte och kan stängas.\n\n` +
      `[Avvikelse: duplicate] This issue was created again for the same deviation. The deviation is linked to ${linkedKey}; ` +
      `this issue is not synced and may be closed.`,
  );

/**
 * Several issues carrying one deviation's identity: a create whose answer was lost, made again before Jira's search
 * showed the first. The issue our link row names stays the deviation's; any other carrying its identity is an
 * orphan, marked in Jira (a comment, then the label that says it is done) and recorded in the deviation's audit
 * trail, where SKR sees it. Found wherever an issue is read: its webhook, and the sweep's pass over updated issues.
 */
@Injectable()
export class JiraDuplicatesService {
  private readonly logger = new Logger(JiraDuplicatesService.name);
  private readonly marked: Counter;

  constructor(
    private readonly db: ScopedDb,
    private readonly jira: JiraClient,
    private readonly state: JiraSyncStateService,
    private readonly audit: AuditService,
    metrics: MetricsService,
  ) {
    this.marked = new Counter({
      name: 'jira_duplicate_issues_total',
      help: 'Issues found carrying the identity of a deviation linked to another issue, and marked as duplicates in Jira.',
      registers: [metrics.registry],
    });
  }

  /** True when the issue is an orphan (marked now or before): nothing of it may be applied to the deviation. */
  async markIfOrphan(seen: JiraIssueState): Promise<boolean> {
    if (!seen.deviationId || !(await this.linkedElsewhere(seen.deviationId, seen.id))) return false;
    const deviationId = seen.deviationId;
    // Under the deviation's lock and read again there: the issue's webhooks (its creation, the Automation rule's
    // comment) and the sweep may all meet it at once, and only one of them marks it.
    return this.state.withDeviationLock(deviationId, async () => {
      const issue = await this.jira.getIssue(seen.id);
      const link = await this.linkedElsewhere(deviationId, seen.id);
      if (!issue || !link) return false;
      if (issue.labels.includes(DUPLICATE_LABEL)) return true;
      await this.mark(issue, link);
      return true;
    });
  }

  private async linkedElsewhere(deviationId: string, issueId: string): Promise<JiraLink | null> {
    const link = await this.state.linkOf(deviationId);
    return link?.issueId && link.issueId !== issueId ? link : null;
  }

  private async mark(issue: JiraIssueState, link: JiraLink): Promise<void> {
    const linkedKey = link.issueKey ?? link.issueId!;
    // Our own comment: the pull never imports it, and the party never sees it.
    await this.jira.addComment(issue.id, orphanComment(linkedKey));
    await this.jira.editIssue(issue.id, { labels: [...issue.labels, DUPLICATE_LABEL] });
    await this.db.transaction(SYSTEM_SCOPE, (manager) =>
      this.audit.record(manager, JIRA_ACTOR, {
        action: 'jira.duplicate_marked',
        entityType: 'deviation',
        entityId: link.deviationId,
        partyId: link.partyId,
        changes: { duplicateIssue: { from: null, to: issue.key }, linkedIssue: { from: linkedKey, to: linkedKey } },
        internal: true,
      }),
    );
    this.marked.inc();
    this.logger.warn({ deviationId: link.deviationId, duplicate: issue.key, linked: linkedKey }, 'jira duplicate issue marked');
  }
}
