import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, isSkr, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { replayOf, requestHash } from '../common/idempotency-key';
import { COMMENT_WITHDRAWN_TEXT } from '../notifications/notification-templates';
import { NotificationType } from '../notifications/notification-type';
import { NotificationsService } from '../notifications/notifications.service';
import { isUniqueViolation } from '../database/pg-errors';
import { ScopedDb } from '../database/scoped-db';
import { DeviationComment } from './deviation-comment.entity';
import { DeviationStatus } from './deviation.entity';
import { DeviationEventsService } from './deviation-events.service';
import { DeviationQueriesService } from './deviation-queries.service';
import { InternalNoteNotAllowedError } from './deviations.errors';
import { CreateCommentDto } from './dto/lifecycle.dto';

/** Public comments between the party and SKR, and SKR's internal notes. */
@Injectable()
export class DeviationCommentsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly queries: DeviationQueriesService,
    private readonly events: DeviationEventsService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Internal notes are filtered by row-level security for a party; the explicit filter documents the intent. */
  async list(actor: Actor, deviationId: string): Promise<DeviationComment[]> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      await this.queries.findFor(manager, actor, deviationId);
      return manager.find(DeviationComment, {
        where: { deviationId, ...(isSkr(actor) ? {} : { internal: false }) },
        order: { createdAt: 'ASC' },
      });
    });
  }

  /**
   * Adds a comment. With an Idempotency-Key, a retry of the same comment by the same author answers the first one
   * (`replayed`) instead of adding it twice, also when the retry races the first request.
   */
  async add(
    actor: Actor,
    deviationId: string,
    dto: CreateCommentDto,
    idempotencyKey?: string,
  ): Promise<{ comment: DeviationComment; replayed: boolean }> {
    const skr = isSkr(actor);
    // Refused rather than quietly made public: the party believed it was writing something private, and a public
    // comment goes on to SKR's Jira.
    if (dto.internal === true && !skr) throw new InternalNoteNotAllowedError();
    const internal = skr && dto.internal === true;
    const idempotency = idempotencyKey ? { idempotencyKey, idempotencyHash: requestHash(dto) } : null;
    try {
      return await this.db.transaction(scopeOf(actor), async (manager) => {
        const deviation = await this.queries.findFor(manager, actor, deviationId);
        const earlier = idempotency && (await this.earlier(manager, actor, deviationId, idempotency));
        if (earlier) return { comment: earlier, replayed: true };
        const comment = await manager.save(
          manager.create(DeviationComment, {
            deviationId,
            partyId: deviation.partyId,
            authorUserId: actor.userId,
            authorName: skr ? 'SKR' : actor.userId,
            origin: skr ? 'skr' : 'part',
            body: dto.text,
            internal,
            ...idempotency,
          }),
        );
        await this.audit.record(manager, actor, {
          action: internal ? 'comment.internal_added' : 'comment.added',
          entityType: 'deviation',
          entityId: deviationId,
          partyId: deviation.partyId,
          internal,
          changes: internal ? { internalNote: { from: null, to: dto.text } } : { kommentar: { from: null, to: dto.text } },
        });
        if (!internal && deviation.status !== DeviationStatus.Utkast) await this.events.queueJiraPush(manager, deviation);
        if (skr && !internal) await this.events.notify(manager, deviation, NotificationType.KommentarFrånSkr, { comment: dto.text });
        // A party's public comment reaches the deviation's other party (reporter ↔ responsible party) as well as Jira.
        if (!skr && deviation.status !== DeviationStatus.Utkast)
          await this.events.notify(
            manager,
            deviation,
            NotificationType.KommentarFrånPart,
            { comment: dto.text },
            { otherThan: actor.partyId },
          );
        return { comment, replayed: false };
      });
    } catch (error) {
      // The same key committed by a concurrent request between our check and our insert: that comment is the answer.
      if (!idempotency || !isUniqueViolation(error, 'uq_deviation_comment_idempotency')) throw error;
      const earlier = await this.db.transaction(scopeOf(actor), (manager) => this.earlier(manager, actor, deviationId, idempotency));
      return { comment: earlier!, replayed: true };
    }
  }

  private async earlier(
    manager: EntityManager,
    actor: Actor,
    deviationId: string,
    idempotency: { idempotencyKey: string; idempotencyHash: string },
  ): Promise<DeviationComment | null> {
    const found = await manager
      .createQueryBuilder(DeviationComment, 'c')
      .addSelect('c.idempotencyHash')
      .where('c.deviation_id = :deviationId AND c.author_user_id = :author AND c.idempotency_key = :key', {
        deviationId,
        author: actor.userId,
        key: idempotency.idempotencyKey,
      })
      .getOne();
    return replayOf(found, idempotency.idempotencyHash);
  }

  /** A public comment SKR wrote in Jira, added by the sync. */
  async importFromJira(manager: EntityManager, deviationId: string, body: string, createdAt: Date): Promise<string> {
    const deviation = await this.queries.find(manager, deviationId);
    const comment = await manager.save(
      manager.create(DeviationComment, {
        deviationId,
        partyId: deviation.partyId,
        authorUserId: 'jira',
        authorName: 'SKR',
        origin: 'jira',
        body,
        internal: false,
        createdAt,
      }),
    );
    // The trail names the comment, not its words: it is append-only, and SKR may yet withdraw the words in Jira.
    await this.audit.record(
      manager,
      { userId: 'jira', partyId: null },
      {
        action: 'comment.added_from_jira',
        entityType: 'deviation',
        entityId: deviationId,
        partyId: deviation.partyId,
        changes: { kommentarId: { from: null, to: comment.id } },
      },
    );
    await this.events.notify(manager, deviation, NotificationType.KommentarFrånSkr, { comment: body });
    return comment.id;
  }

  async updateImported(manager: EntityManager, commentId: string, body: string): Promise<void> {
    const comment = await manager.findOneBy(DeviationComment, { id: commentId, origin: 'jira' });
    if (!comment || comment.body === body) return;
    await manager.update(DeviationComment, { id: commentId, origin: 'jira' }, { body });
    await this.notifications.replaceText(manager, comment.deviationId, 'comment', comment.body, body);
  }

  /**
   * SKR restricted or deleted in Jira a comment the party already had: from now on every view shows that a comment
   * was withdrawn instead of its words, the notification feed included. An e-mail already sent stays sent.
   */
  async withdrawImported(manager: EntityManager, commentId: string): Promise<void> {
    const comment = await manager.findOneBy(DeviationComment, { id: commentId, origin: 'jira' });
    if (!comment || comment.body === COMMENT_WITHDRAWN_TEXT) return;
    await manager.update(DeviationComment, { id: commentId }, { body: COMMENT_WITHDRAWN_TEXT });
    await this.notifications.replaceText(manager, comment.deviationId, 'comment', comment.body, COMMENT_WITHDRAWN_TEXT);
    await this.audit.record(
      manager,
      { userId: 'jira', partyId: null },
      {
        action: 'comment.withdrawn_in_jira',
        entityType: 'deviation',
        entityId: comment.deviationId,
        partyId: comment.partyId,
        changes: { kommentarId: { from: commentId, to: null } },
      },
    );
  }
}
