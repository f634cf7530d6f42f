import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { JiraAttachmentLink } from './jira-attachment-link.entity';
import { JiraCommentLink } from './jira-comment-link.entity';
import { JiraPushAttempt } from './jira-push-attempt.entity';

/** How many Jira timeouts an add that got no answer is waited for (see markPushUnsettled). */
const UNSETTLED_TIMEOUTS = 5;

/**
 * Which of a deviation's comments and attachments are in its Jira issue (their links), and the claims on adding them:
 * an add is claimed before its call to Jira and ended after its link is recorded (see JiraPushService.underClaim).
 */
@Injectable()
export class JiraPushClaimsService {
  private readonly timeoutMs: number;

  constructor(
    private readonly db: ScopedDb,
    config: AppConfig,
  ) {
    this.timeoutMs = config.JIRA_TIMEOUT_MS;
  }

  async commentLinksOf(deviationId: string): Promise<JiraCommentLink[]> {
    return this.db.transaction(SYSTEM_SCOPE, (m) => m.findBy(JiraCommentLink, { deviationId }));
  }

  async attachmentLinksOf(deviationId: string): Promise<JiraAttachmentLink[]> {
    return this.db.transaction(SYSTEM_SCOPE, (m) => m.findBy(JiraAttachmentLink, { deviationId }));
  }

  async linkComment(link: Pick<JiraCommentLink, 'jiraCommentId' | 'deviationId' | 'commentId' | 'origin' | 'bodyHash'>): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, (m) => m.insert(JiraCommentLink, link));
  }

  async linkAttachment(link: JiraAttachmentLink): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, (m) => m.insert(JiraAttachmentLink, link));
  }

  /**
   * Claims the add of one comment or attachment, committed before the call to Jira (see JiraPushService.underClaim).
   * Null while another add of it is in flight: started within three Jira timeouts and not ended. The claim carries
   * how long an earlier add that got no answer may still appear in Jira.
   */
  async claimPush(kind: JiraPushAttempt['kind'], localId: string): Promise<{ unsettledMs: number } | null> {
    const [claimed] = (await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.query(
        `INSERT INTO jira_push_attempt (kind, local_id, started_at) VALUES ($1, $2, now())
         ON CONFLICT (kind, local_id) DO UPDATE SET started_at = now(), ended_at = NULL
          WHERE jira_push_attempt.ended_at IS NOT NULL OR jira_push_attempt.started_at < now() - make_interval(secs => $3)
         RETURNING GREATEST(0, ceil(extract(epoch FROM jira_push_attempt.unsettled_until - now()) * 1000))::int AS unsettled_ms`,
        [kind, localId, (3 * this.timeoutMs) / 1000],
      ),
    )) as { unsettled_ms: number }[];
    // Measured by the database's clock, which set the time.
    return claimed ? { unsettledMs: claimed.unsettled_ms } : null;
  }

  /**
   * The add got no answer, and Jira may still be working on it: how long it goes on with a request whose caller gave up
   * is not documented (to verify on the real site), so five of our timeouts from now is the bound we allow it.
   */
  async markPushUnsettled(kind: JiraPushAttempt['kind'], localId: string): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.query(`UPDATE jira_push_attempt SET unsettled_until = now() + make_interval(secs => $3) WHERE kind = $1 AND local_id = $2`, [
        kind,
        localId,
        (UNSETTLED_TIMEOUTS * this.timeoutMs) / 1000,
      ]),
    );
  }

  async endPush(kind: JiraPushAttempt['kind'], localId: string): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, (m) => m.update(JiraPushAttempt, { kind, localId }, { endedAt: new Date() }));
  }
}
