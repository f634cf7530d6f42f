import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { DeviationForJira, DeviationMirror } from '../deviations/deviation-mirror';
import { adfToText } from './adf';
import { JiraClient } from './jira-client';
import { JiraCustomFieldsService } from './jira-custom-fields.service';
import { JiraIdentityService } from './jira-identity.service';
import { bodyHash, deviationUrl, fieldsHash, outboundCommentBody } from './jira-issue-content';
import { JiraIssueEditService } from './jira-issue-edit.service';
import { JiraSyncState } from './jira-link.entity';
import { JiraMappingService } from './jira-mapping.service';
import { JiraPushAttempt } from './jira-push-attempt.entity';
import { JiraPushClaimsService } from './jira-push-claims.service';
import { JiraSyncStateService } from './jira-sync-state.service';
import { AwaitingAddOutcomeError, AwaitingSearchIndexError, DeviationBusyError } from './jira-sync.errors';
import { JiraWorkflowService } from './jira-workflow.service';
import { JiraCallError, type JiraFailureKind, type JiraSyncFailure } from './jira.errors';

/** Our status of a deviation just submitted, which a newly created issue's status mirrors. */
const SUBMITTED = 'inskickad';
/** Failures Jira answers before doing anything (a 503, even with Retry-After, may come from behind the work). */
/** A lost create is looked for again at least this often while search catches up. */
const MAX_INDEX_WAIT_MS = 15_000;
const NOT_APPLIED: readonly JiraFailureKind[] = ['rate_limited', 'permanent', 'auth', 'forbidden'];

/**
 * The outbound half of the mirror with SKR's Jira project: brings a deviation's issue up to its party-owned state.
 * It holds the per-deviation lock, so it never interleaves with another job for the deviation, and it is idempotent:
 * a duplicated or replayed job finds nothing left to do.
 */
@Injectable()
export class JiraPushService {
  private readonly logger = new Logger(JiraPushService.name);
  private readonly publicBaseUrl: string;
  private readonly projectKey: string;
  private readonly searchLagMs: number;

  constructor(
    private readonly db: ScopedDb,
    private readonly jira: JiraClient,
    private readonly mirror: DeviationMirror,
    private readonly state: JiraSyncStateService,
    private readonly claims: JiraPushClaimsService,
    private readonly mapping: JiraMappingService,
    private readonly identity: JiraIdentityService,
    private readonly edits: JiraIssueEditService,
    private readonly workflow: JiraWorkflowService,
    private readonly customFields: JiraCustomFieldsService,
    config: AppConfig,
  ) {
    this.publicBaseUrl = config.PUBLIC_BASE_URL;
    this.projectKey = config.JIRA_PROJECT_KEY;
    this.searchLagMs = config.JIRA_SEARCH_LAG_MS;
  }

  /**
   * Creates the deviation's issue when it has none, then brings fields, public comments, attachments and the status up
   * to date. The status goes last: a workflow that refuses it never holds back the comments and evidence, and its
   * failure, like an edit conflict, is recorded where SKR sees it.
   */
  async pushDeviation(deviationId: string): Promise<boolean> {
    await this.state.assertNotPaused();
    return this.state.withDeviationLock(deviationId, async () => {
      const deviation = await this.db.transaction(SYSTEM_SCOPE, (m) => this.mirror.readForJira(m, deviationId));
      if (!deviation || deviation.status === 'utkast') return false;
      const link = await this.state.openLink(deviation.id, deviation.partyId);
      // SKR decided that this deviation, whose issue was deleted, stays without one until it re-creates it.
      if (link.state === JiraSyncState.Unlinked) return false;
      let changed = false;
      let createFailure: JiraSyncFailure | null = null;
      if (!link.issueId) {
        // A first attempt skips the search, which would otherwise spend Jira's search budget once per new deviation.
        const existing = link.createAttemptedAt ? await this.findLostCreate(deviation.id, link.createAttemptedAt) : undefined;
        const created = existing ? null : await this.createIssue(deviation);
        const ref = existing ?? created!.ref;
        createFailure = created?.failure ?? null;
        // A new issue has what we sent, in the status that mirrors a submitted deviation (`inskickad`). An issue found
        // by its label was made by a create whose answer was lost: SKR may have worked on it since, so nothing of its
        // state is known; the next pull takes it as SKR's, and its fields are brought up to date below.
        const pushed = existing
          ? {
              pushedFieldsHash: null,
              writtenContentHash: null,
              jiraPriority: null,
              jiraStatus: null,
              jiraResolution: null,
              jiraResponsiblePartyId: null,
            }
          : {
              pushedFieldsHash: fieldsHash(deviation),
              writtenContentHash: this.edits.newContent(deviation).hash,
              jiraPriority: deviation.prioritet,
              jiraStatus: SUBMITTED,
              jiraResolution: null,
              jiraResponsiblePartyId: deviation.responsiblePartyId,
            };
        if (!(await this.identity.linkIssue(deviationId, ref, pushed))) return false;
        Object.assign(link, { issueId: ref.id, issueKey: ref.key, ...pushed });
        this.logger.log({ deviationId, jiraKey: ref.key, found: Boolean(existing) }, 'jira issue linked');
        changed = true;
      } else {
        // Nothing is sent to an issue that is not provably this deviation's (a site that lost its data hands its id
        // to another deviation's issue), nor to one that is gone: the link is marked failed instead.
        const current = await this.jira.getIssue(link.issueId);
        if (!current) {
          await this.identity.issueGone(deviationId, link.issueKey ?? link.issueId);
          return false;
        }
        if (!(await this.identity.verify(deviationId, link.issueId, current))) return false;
        if (current.key !== link.issueKey) {
          // Moved to another project: same id, new key.
          await this.state.recordIssueKey(deviationId, current.key);
          link.issueKey = current.key;
        }
      }
      const fields = await this.edits.pushFields(deviation, link);
      changed = fields.changed || changed;
      changed = (await this.pushComments(deviation, link.issueId!)) || changed;
      changed = (await this.pushAttachments(deviation, link.issueId!)) || changed;
      const status = await this.workflow.pushStatus(deviation, link);
      changed = status.changed || changed;
      const failure = status.failure ?? fields.failure ?? createFailure;
      if (failure) {
        await this.state.recordFailure(deviationId, JiraSyncState.Failed, failure.message, failure.code);
        return changed;
      }
      await this.state.markSynced(deviationId);
      return changed;
    });
  }

  /**
   * A create that timed out may still have been applied. Search is eventually consistent and may not show its issue
   * for minutes, so the issues numbered after the highest one we linked are read too (GET /issue is consistent); and
   * until search has had JIRA_SEARCH_LAG_MS since the attempt, finding nothing is no proof: the job waits.
   */
  private async findLostCreate(deviationId: string, attemptedAt: Date): Promise<{ id: string; key: string } | undefined> {
    // Found by label, kept only when the issue carries this deviation's identity property (labels can be copied).
    const found = await this.identity.findOwnIssue(deviationId);
    if (found) return found;
    const recent = await this.jira.findAmongKeysAfter(deviationId, await this.state.highestLinkedKey(this.projectKey));
    if (recent) return recent;
    const lagLeft = attemptedAt.getTime() + this.searchLagMs - Date.now();
    if (lagLeft > 0) throw new AwaitingSearchIndexError(deviationId, Math.min(lagLeft, MAX_INDEX_WAIT_MS));
    return undefined;
  }

  /** Creates the issue, recording the attempt first: see JiraLink.createAttemptedAt. */
  private async createIssue(deviation: DeviationForJira): Promise<{ ref: { id: string; key: string }; failure: JiraSyncFailure | null }> {
    await this.state.markCreateAttempted(deviation.id);
    const { summary, description } = this.edits.newContent(deviation);
    const priorityId = await this.mapping.jiraPriorityId(deviation.prioritet);
    try {
      const { result, failure } = await this.customFields.sendWith(await this.customFields.forCreate(deviation), (customFields) =>
        this.jira.createIssue({ summary, description, priorityId, labels: ['ssbtek'], customFields, deviationId: deviation.id }),
      );
      return { ref: result, failure };
    } catch (error) {
      // Refused outright (rate limit, bad request, credentials): nothing reached Jira, so the retry need not search.
      // A 5xx, a timeout or a lost connection may have been applied, and keep the mark.
      if (error instanceof JiraCallError && NOT_APPLIED.includes(error.kind) && error.status !== 503)
        await this.state.clearCreateAttempt(deviation.id);
      throw error;
    }
  }

  /** Adds the party's and SKR's public comments the issue lacks (SKR's internal notes never go out). */
  private async pushComments(deviation: DeviationForJira, issueId: string): Promise<boolean> {
    const whereWhole = deviationUrl(deviation, this.publicBaseUrl);
    const bodyOf = (comment: DeviationForJira['comments'][number]) => outboundCommentBody(comment, deviation.partyName, whereWhole);
    return this.pushMissing(deviation.id, 'comment', {
      local: deviation.comments,
      // A Jira comment that was not shared has no comment of ours to pair with.
      linked: async () =>
        (await this.claims.commentLinksOf(deviation.id)).flatMap((l) =>
          l.commentId ? [{ localId: l.commentId, jiraId: l.jiraCommentId }] : [],
        ),
      listInJira: () => this.jira.listComments(issueId),
      sameAs: (inJira, comment) => adfToText(inJira.body) === adfToText(bodyOf(comment)),
      add: async (comment) => (await this.jira.addComment(issueId, bodyOf(comment))).id,
      link: (comment, jiraId) =>
        this.claims.linkComment({
          jiraCommentId: jiraId,
          deviationId: deviation.id,
          commentId: comment.id,
          origin: 'ours',
          bodyHash: bodyHash(bodyOf(comment)),
        }),
    });
  }

  /** Uploads the evidence the issue lacks. */
  private async pushAttachments(deviation: DeviationForJira, issueId: string): Promise<boolean> {
    return this.pushMissing(deviation.id, 'attachment', {
      local: deviation.attachments,
      linked: async () =>
        (await this.claims.attachmentLinksOf(deviation.id)).map((l) => ({ localId: l.attachmentId, jiraId: l.jiraAttachmentId })),
      listInJira: () => this.jira.listAttachments(issueId),
      sameAs: (inJira, attachment) => inJira.filename === attachment.filename && inJira.size === attachment.sizeBytes,
      add: async (attachment) => {
        const content = await this.db.transaction(SYSTEM_SCOPE, (m) => this.mirror.openAttachment(m, attachment.id));
        return (await this.jira.addAttachment(issueId, attachment.filename, content)).id;
      },
      link: (attachment, jiraId) =>
        this.claims.linkAttachment({ attachmentId: attachment.id, deviationId: deviation.id, jiraAttachmentId: jiraId }),
    });
  }

  /**
   * Adds to the issue what it lacks of ours and links each. An add whose answer was lost (a timeout after Jira
   * applied it, a worker killed before it recorded the link) left ours in Jira unlinked: one of those that is the
   * same as the local item is linked instead of adding it a second time. The links and Jira are read again under the
   * item's claim: an add by another job that ended while this one was reading is linked by then, not repeated. An add
   * that got no answer may also show in Jira only later (Jira goes on with a request whose caller gave up): until it
   * has had time to, a look that does not find it waits and looks again instead of adding.
   */
  private async pushMissing<Local extends { id: string }, InJira extends { id: string; authorAccountId: string | null }>(
    deviationId: string,
    kind: JiraPushAttempt['kind'],
    items: {
      local: Local[];
      linked: () => Promise<{ localId: string; jiraId: string }[]>;
      listInJira: () => Promise<InJira[]>;
      sameAs: (inJira: InJira, local: Local) => boolean;
      add: (local: Local) => Promise<string>;
      link: (local: Local, jiraId: string) => Promise<void>;
    },
  ): Promise<boolean> {
    const linkedLocal = new Set((await items.linked()).map((l) => l.localId));
    const missing = items.local.filter((item) => !linkedLocal.has(item.id));
    if (missing.length === 0) return false;
    const me = await this.jira.myAccountId();
    for (const item of missing) {
      await this.underClaim(deviationId, kind, item.id, async (unsettledMs) => {
        const linked = await items.linked();
        if (linked.some((l) => l.localId === item.id)) return;
        const linkedInJira = new Set(linked.map((l) => l.jiraId));
        const earlier = (await items.listInJira()).find(
          (j) => j.authorAccountId === me && !linkedInJira.has(j.id) && items.sameAs(j, item),
        );
        if (earlier) return items.link(item, earlier.id);
        if (unsettledMs > 0) throw new AwaitingAddOutcomeError(deviationId, unsettledMs);
        await items.link(item, await this.addOnce(kind, item.id, () => items.add(item)));
      });
    }
    return true;
  }

  /** Makes the add, recording an answer that never came: see JiraPushAttempt.unsettledUntil. */
  private async addOnce(kind: JiraPushAttempt['kind'], localId: string, add: () => Promise<string>): Promise<string> {
    try {
      return await add();
    } catch (error) {
      // As for the create: only a refusal reached nothing. A timeout, a 5xx or a lost connection may yet be applied.
      if (!(error instanceof JiraCallError && NOT_APPLIED.includes(error.kind) && error.status !== 503))
        await this.claims.markPushUnsettled(kind, localId);
      throw error;
    }
  }

  /**
   * Adds one comment or attachment to Jira and links it, under a claim committed before the call and ended after the
   * link is recorded. The per-deviation lock is a PostgreSQL session lock: a database restart ends it while its holder
   * still waits for Jira, and a second job then gets the lock. Seeing the claim of an add still in flight (started
   * within three Jira timeouts, not ended), it waits (DeviationBusyError: its job is delayed) instead of adding the
   * same thing again; by its next try the first add is in Jira and is linked, or it failed and is looked for first.
   * The work is told how long an earlier add without an answer may still appear in Jira (0 when none).
   */
  private async underClaim(
    deviationId: string,
    kind: JiraPushAttempt['kind'],
    localId: string,
    addAndLink: (unsettledMs: number) => Promise<void>,
  ): Promise<void> {
    const claim = await this.claims.claimPush(kind, localId);
    if (!claim) throw new DeviationBusyError(deviationId);
    try {
      await addAndLink(claim.unsettledMs);
    } finally {
      // Best effort: a claim left open by a crash lapses by itself.
      await this.claims.endPush(kind, localId).catch(() => undefined);
    }
  }
}
