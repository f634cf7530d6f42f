import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { Clock } from '../common/clock';
import { UnprocessableError } from '../common/domain-error';
import { ScopedDb } from '../database/scoped-db';
import { NotificationType } from '../notifications/notification-type';
import { Deviation, DeviationStatus } from './deviation.entity';
import { DeviationEventsService } from './deviation-events.service';
import { assertTransition, canTransition, JIRA_ACTOR, resolutionFields } from './deviation-lifecycle';
import { DeviationQueriesService } from './deviation-queries.service';
import { OverridePriorityDto, SetStatusDto } from './dto/lifecycle.dto';

/** SKR's decisions on a submitted deviation: its status, its priority, the deviation it duplicates. */
@Injectable()
export class DeviationTriageService {
  constructor(
    private readonly db: ScopedDb,
    private readonly queries: DeviationQueriesService,
    private readonly events: DeviationEventsService,
    private readonly clock: Clock,
  ) {}

  async setStatus(actor: Actor, id: string, dto: SetStatusDto): Promise<Deviation> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const deviation = await this.queries.findFor(manager, actor, id, true);
      assertTransition('skr', deviation, dto.status);
      const saved = await this.events.moveTo(
        manager,
        actor,
        deviation,
        dto.status,
        'deviation.status_set',
        resolutionFields(dto.status, dto.resolution ?? null, this.clock.now()),
      );
      await this.events.notifyStatus(manager, saved);
      return saved;
    });
  }

  /** Applies a status decided in Jira (through the sync), recorded as Jira's doing. */
  async applyStatusFromJira(
    manager: EntityManager,
    deviation: Deviation,
    status: DeviationStatus,
    resolution: string | null,
  ): Promise<boolean> {
    if (deviation.status === status || !canTransition('jira', deviation.status, status)) return false;
    const saved = await this.events.moveTo(
      manager,
      JIRA_ACTOR,
      deviation,
      status,
      'deviation.status_from_jira',
      resolutionFields(status, resolution, this.clock.now()),
    );
    await this.events.notifyStatus(manager, saved);
    return true;
  }

  async overridePriority(actor: Actor, id: string, dto: OverridePriorityDto): Promise<Deviation> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const before = await this.queries.findFor(manager, actor, id, true);
      const saved = await manager.save(Deviation, { ...before, prioritet: dto.prioritet, prioritetOverridden: true });
      await this.events.record(manager, actor, before, 'deviation.priority_overridden', {
        prioritet: { from: before.prioritet, to: dto.prioritet },
        motivering: { from: null, to: dto.motivering },
      });
      await this.events.notify(manager, saved, NotificationType.PrioritetÄndrad, { prioritet: dto.prioritet });
      // Jira's priority field follows: otherwise the next pull would read Jira's old priority back over the override.
      if (saved.status !== DeviationStatus.Utkast) await this.events.queueJiraPush(manager, saved);
      return saved;
    });
  }

  /** Links a deviation to the one it duplicates. Each party still sees only its own. */
  async markDuplicate(actor: Actor, id: string, duplicateOf: string): Promise<Deviation> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const deviation = await this.queries.findFor(manager, actor, id, true);
      const original = await manager.findOneBy(Deviation, { id: duplicateOf });
      if (!original || original.id === id || !original.submittedAt) {
        throw new UnprocessableError('DUPLICATE_TARGET_INVALID', 'The deviation it duplicates must be another existing deviation.', [
          { pointer: '/duplicateOf', detail: 'No such other deviation.', code: 'exists' },
        ]);
      }
      const saved = await manager.save(Deviation, { ...deviation, duplicateOfId: original.id });
      await this.events.record(manager, actor, deviation, 'deviation.marked_duplicate', {
        // The other deviation's key only: it may belong to another party, whose details this party must not see.
        duplicateOf: { from: null, to: original.partyId === deviation.partyId ? original.key : 'annan parts avvikelse' },
      });
      return saved;
    });
  }
}
