import { Injectable } from '@nestjs/common';
import { type Actor, scopeOf } from '../actor/actor';
import type { AuditEntry } from '../audit/audit-entry.entity';
import { DomainError } from '../common/domain-error';
import { DeviationAttachmentsService } from '../deviations/deviation-attachments.service';
import { DeviationCommentsService } from '../deviations/deviation-comments.service';
import { canTransition } from '../deviations/deviation-lifecycle';
import { DeviationPartsService } from '../deviations/deviation-parts.service';
import { DeviationQueriesService } from '../deviations/deviation-queries.service';
import { ScopedDb } from '../database/scoped-db';
import { type Deviation, DeviationStatus } from '../deviations/deviation.entity';
import { JiraAdminService } from '../jira/jira-admin.service';
import { JiraSyncNotFoundError } from '../jira/jira.errors';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import { SlaNotStartedError } from '../sla/sla.errors';
import { SlaService } from '../sla/sla.service';
import { evidenceOf } from './evidence-upload-answer';
import { OutageLinkPages } from './outage-link.pages';
import { PortalFormsService } from './portal-forms.service';
import type { PortalPage } from './portal-page.decorator';
import { TriagePages } from './triage.pages';

/** One line of the timeline: a catalogue key with its values, when and (for comments) the text. */
interface TimelineEvent {
  at: Date;
  key: string;
  values: Record<string, string>;
  text?: string;
}

/** A deviation's page: its fields, SLA clocks, timeline of status, priority and comments, evidence and the forms on it. */
@Injectable()
export class DeviationDetailPages {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly queries: DeviationQueriesService,
    private readonly comments: DeviationCommentsService,
    private readonly attachments: DeviationAttachmentsService,
    private readonly sla: SlaService,
    private readonly forms: PortalFormsService,
    private readonly parts: DeviationPartsService,
    private readonly triage: TriagePages,
    private readonly outageLinks: OutageLinkPages,
    private readonly jira: JiraAdminService,
    private readonly db: ScopedDb,
  ) {}

  async detail(page: PortalPage, actor: Actor, id: string): Promise<HtmlPage> {
    // Nine reads through eight services, in one read-only transaction (ScopedDb.together).
    const { deviation, reads } = await this.db.together(scopeOf(actor), async () => {
      const found = await this.queries.get(actor, id);
      return { deviation: found, reads: await this.reads(page, actor, found) };
    });
    const [history, comments, files, clocks, parts, responsible, outages, jira] = reads;
    // The part by its name in the reader's language, as the report form offered it, not by its code.
    const part = parts.find((candidate) => candidate.code === deviation.del);
    const partName = part ? (page.context.language === 'en' ? part.nameEn : part.nameSv) : deviation.del;
    const timeline: TimelineEvent[] = [
      ...history.flatMap(eventsOf),
      // A Jira comment here is one the sharing policy released to the party (src/jira/comment-sharing-policy.ts):
      // the others never become comment rows. It says where it came from, since SKR wrote it in Jira, not here.
      ...comments.map((comment) => ({
        at: comment.createdAt,
        key: comment.origin === 'jira' ? 'detail.event.jiraComment' : 'detail.event.comment',
        values: { author: comment.authorName },
        text: comment.body,
      })),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    const flash = await this.forms.takeFlash(page, `deviation:${id}`);
    const reported = deviation.partyId === actor.partyId;
    return this.renderer.render(
      '/portal/views/deviation',
      {
        deviation,
        timeline,
        files: files.map(evidenceOf),
        clocks: clocks?.reading ?? null,
        partName,
        jira: jira ? { state: jira.state, issueKey: jira.issueKey } : null,
        errors: flash?.errors ?? {},
        values: flash?.values ?? {},
        mayWithdraw: reported && canTransition('part', deviation.status, DeviationStatus.Återkallad),
        mayReopen: reported && deviation.status === DeviationStatus.Löst,
        draft: reported && deviation.status === DeviationStatus.Utkast,
        responsible,
        outages,
        outageLinked: page.query.linked === '1',
      },
      page.context,
    );
  }

  /** The page's reads beside the deviation itself, at once. */
  private reads(page: PortalPage, actor: Actor, deviation: Deviation) {
    const id = deviation.id;
    return Promise.all([
      this.queries.history(actor, id),
      this.comments.list(actor, id),
      this.attachments.list(actor, id),
      this.sla.clocksOf(actor, id).catch((error: unknown) => {
        if (error instanceof SlaNotStartedError) return null;
        throw error;
      }),
      this.parts.list(actor),
      this.triage.responsibleChoice(actor, deviation),
      this.outageLinks.outagesOf(actor, id, page.context.language),
      // The same sync state the API answers the party (GET /api/v1/deviations/:id/jira); none before the first submit.
      this.jira.statusOf(actor, id).catch((error: unknown) => {
        if (error instanceof JiraSyncNotFoundError) return null;
        throw error;
      }),
    ]);
  }
}

function eventsOf(entry: AuditEntry): TimelineEvent[] {
  const at = entry.occurredAt;
  if (entry.action === 'deviation.created') return [{ at, key: 'detail.event.created', values: {} }];
  const events: TimelineEvent[] = [];
  const status = entry.changes?.status?.to;
  if (typeof status === 'string') events.push({ at, key: 'detail.event.status', values: { status } });
  const priority = entry.changes?.prioritet?.to;
  if (typeof priority === 'string') events.push({ at, key: 'detail.event.priority', values: { priority } });
  return events;
}

/** A domain error a form shows beside its field rather than as an error page. */
export function isFormError(error: unknown): error is DomainError {
  return (
    error instanceof DomainError && ['conflict', 'unprocessable', 'invalid', 'too_large', 'unsupported_media', 'gone'].includes(error.kind)
  );
}
