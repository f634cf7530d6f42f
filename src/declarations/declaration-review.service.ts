import { Injectable } from '@nestjs/common';
import { Actor, scopeOf } from '../actor/actor';
import { Clock } from '../common/clock';
import { ScopedDb } from '../database/scoped-db';
import { NotificationType } from '../notifications/notification-type';
import { questionsOf } from './declaration-answers';
import { DeclarationEventsService } from './declaration-events.service';
import { DeclarationQueriesService } from './declaration-queries.service';
import { DeclarationReview } from './declaration-review.entity';
import { assertReviewComplete, NEXT_STATUS } from './declaration-review-rules';
import { DeclarationTemplate } from './declaration-template.entity';
import type { DeclarationView } from './declaration-view';
import { Declaration, DeclarationStatus } from './declaration.entity';
import { DeclarationStateError } from './declarations.errors';
import type { CreateReviewDto } from './dto/declaration-requests.dto';

/** SKR's review of a submitted declaration, round after round. */
@Injectable()
export class DeclarationReviewService {
  constructor(
    private readonly db: ScopedDb,
    private readonly queries: DeclarationQueriesService,
    private readonly events: DeclarationEventsService,
    private readonly clock: Clock,
  ) {}

  /** SKR's decision on the current round; kept as history, and it reopens or closes the declaration. */
  async review(actor: Actor, id: string, dto: CreateReviewDto): Promise<DeclarationView> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const declaration = await this.queries.find(m, actor, id, true);
      if (declaration.status !== DeclarationStatus.Inskickad) throw new DeclarationStateError(declaration.status, 'reviewed');
      const template = await m.findOneByOrFail(DeclarationTemplate, { id: declaration.templateId });
      const items = dto.items ?? [];
      assertReviewComplete(dto, items, questionsOf(template.document));
      await m.insert(DeclarationReview, {
        declarationId: id,
        partyId: declaration.partyId,
        round: declaration.round,
        outcome: dto.outcome,
        comment: dto.comment ?? null,
        agreedDate: dto.agreedDate ?? null,
        newTimetable: dto.newTimetable ?? null,
        items,
        reviewerUserId: actor.userId,
        reviewerName: dto.reviewerName,
        decidedAt: this.clock.now(),
      });
      const status = NEXT_STATUS[dto.outcome];
      await m.update(Declaration, { id }, { status, reopenedKeys: items });
      // The decision, the agreed date and SKR's comment are what the party reads in its own review history anyway.
      await this.events.notify(m, declaration, template, NotificationType.GranskningBeslutad, {
        outcome: dto.outcome,
        dueDate: dto.agreedDate ?? null,
        comment: dto.comment ?? null,
      });
      return this.events.touch(m, actor, { ...declaration, status, reopenedKeys: items }, 'declaration.reviewed', {
        status: { from: declaration.status, to: status },
        outcome: { from: null, to: dto.outcome },
        ...(dto.agreedDate ? { agreedDate: { from: null, to: dto.agreedDate } } : {}),
        ...(dto.newTimetable ? { newTimetable: { from: null, to: dto.newTimetable } } : {}),
      });
    });
  }
}
