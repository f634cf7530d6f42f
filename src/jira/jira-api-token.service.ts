import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { RequestValidationError } from '../common/domain-error';
import { ScopedDb } from '../database/scoped-db';
import { OutboxService } from '../outbox/outbox.service';
import { JIRA_SYNC_QUEUE, JiraSyncJob, TOKEN_CHANGED_SWEEP_KEY } from '../queues/jira-sync.queue';
import { JiraTokenDto, SetJiraTokenDto } from './dto/jira-token.dto';
import { JiraApiToken } from './jira-api-token.entity';
import { JiraIntegration } from './jira-integration.entity';
import { fingerprintOf, JiraTokenCipher } from './jira-token-cipher';
import { JiraTokenSource } from './jira-token-source';
import { JiraTokenKeyNotConfiguredError } from './jira.errors';

/**
 * The API token an SKR admin sets, so it can be rotated without a redeploy or a mounted file: stored sealed (never
 * answered, never logged), described by metadata only, every change in the audit log.
 */
@Injectable()
export class JiraApiTokenService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly cipher: JiraTokenCipher,
    private readonly source: JiraTokenSource,
  ) {}

  async describe(actor: Actor): Promise<JiraTokenDto> {
    const stored = await this.db.transaction(scopeOf(actor), (m) => m.findOneBy(JiraApiToken, { id: 1 }));
    return JiraTokenDto.from(await this.source.inUse(), stored, new Date());
  }

  /** Stores the token sealed under JIRA_TOKEN_ENCRYPTION_KEY (re-sealing it when it was under the previous key). */
  async set(actor: Actor, dto: SetJiraTokenDto): Promise<JiraTokenDto> {
    if (!this.cipher.canSeal) throw new JiraTokenKeyNotConfiguredError();
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new RequestValidationError([{ pointer: '/expiresAt', detail: 'The token has already expired.', code: 'isFuture' }]);
    }
    const fingerprint = fingerprintOf(dto.token);
    await this.db.transaction(scopeOf(actor), async (manager) => {
      const before = await manager.findOneBy(JiraApiToken, { id: 1 });
      const row = { id: 1, ...this.cipher.seal(dto.token), fingerprint, expiresAt, setAt: new Date(), setBy: actor.userId };
      await manager.upsert(JiraApiToken, row, ['id']);
      await this.record(manager, actor, 'jira.token_set', {
        fingerprint: { from: before?.fingerprint ?? null, to: fingerprint },
        expiresAt: { from: before?.expiresAt ?? null, to: expiresAt },
      });
      await this.sweepWhenPaused(manager);
    });
    return this.describe(actor);
  }

  /** Forgets the stored token: the sync goes back to JIRA_API_TOKEN (a file, when set, was in use all along). */
  async remove(actor: Actor): Promise<JiraTokenDto> {
    await this.db.transaction(scopeOf(actor), async (manager) => {
      const before = await manager.findOneBy(JiraApiToken, { id: 1 });
      if (!before) return;
      await manager.delete(JiraApiToken, { id: 1 });
      await this.record(manager, actor, 'jira.token_removed', { fingerprint: { from: before.fingerprint, to: null } });
      await this.sweepWhenPaused(manager);
    });
    return this.describe(actor);
  }

  private async record(manager: EntityManager, actor: Actor, action: string, changes: Record<string, { from: unknown; to: unknown }>) {
    await this.audit.record(manager, actor, {
      action,
      entityType: 'jira_api_token',
      entityId: '1',
      partyId: null,
      internal: true,
      changes,
    });
  }

  /**
   * A paused integration (Jira refused the old token) is not simply unpaused: the worker's sweep asks Jira first, and
   * resumes, running at once the jobs the pause put off, only when Jira accepts the new token (JiraReconcileService).
   */
  private async sweepWhenPaused(manager: EntityManager): Promise<void> {
    const integration = await manager.findOneBy(JiraIntegration, { id: 1 });
    if (!integration?.paused) return;
    await this.outbox.add(manager, {
      queue: JIRA_SYNC_QUEUE,
      jobName: JiraSyncJob.Reconcile,
      jobKey: TOKEN_CHANGED_SWEEP_KEY,
      payload: {},
      partyId: null,
    });
  }
}
