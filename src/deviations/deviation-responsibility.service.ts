import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { UnprocessableError } from '../common/domain-error';
import { ScopedDb } from '../database/scoped-db';
import { NotificationType } from '../notifications/notification-type';
import { Party } from '../parties/party.entity';
import { Deviation, DeviationStatus } from './deviation.entity';
import { JIRA_ACTOR } from './deviation-lifecycle';
import { DeviationEventsService } from './deviation-events.service';
import { DeviationQueriesService } from './deviation-queries.service';
import { priorityOf } from './deviation-timing';
import { DeviationNotFoundError } from './deviations.errors';
import { AssignResponsibleDto, BulkAssignResponsibleDto } from './dto/responsibility.dto';
import { timingAgreementOf } from './party-agreement';

/**
 * SKR's triage decision of whose deviation it is: the responsible party, for one deviation or many. Visibility follows
 * the deviation row alone (see migration 1764500000000), so this one UPDATE moves everything that hangs off it; the
 * row lock orders it against concurrent writes to the same deviation.
 */
/** Who assigns: a person of SKR, or the sync applying SKR's choice made in Jira (`JIRA_ACTOR`). */
type Recorder = Pick<Actor, 'userId' | 'partyId'>;

@Injectable()
export class DeviationResponsibilityService {
  constructor(
    private readonly db: ScopedDb,
    private readonly queries: DeviationQueriesService,
    private readonly events: DeviationEventsService,
  ) {}

  async assign(actor: Actor, id: string, dto: AssignResponsibleDto): Promise<Deviation> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      await this.assertParty(manager, dto.responsiblePartyId, '/responsiblePartyId');
      const deviation = await this.queries.findFor(manager, actor, id, true);
      return this.assignOne(manager, actor, deviation, dto);
    });
  }

  /** All or nothing: one unknown or draft deviation refuses the whole batch, naming it. */
  async assignMany(actor: Actor, dto: BulkAssignResponsibleDto): Promise<number> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      await this.assertParty(manager, dto.responsiblePartyId, '/responsiblePartyId');
      // Locked in id order, so two overlapping batches cannot deadlock.
      const ids = [...new Set(dto.deviationIds.map((id) => id.toLowerCase()))].sort();
      let changed = 0;
      for (const id of ids) {
        const deviation = await this.queries.findFor(manager, actor, id, true).catch((error: unknown) => {
          if (!(error instanceof DeviationNotFoundError)) throw error;
          throw new UnprocessableError('DEVIATION_NOT_FOUND', 'No such submitted deviation.', [
            {
              pointer: `/deviationIds/${dto.deviationIds.findIndex((d) => d.toLowerCase() === id)}`,
              detail: 'No such deviation.',
              code: 'exists',
            },
          ]);
        });
        if (deviation.responsiblePartyId !== dto.responsiblePartyId) changed += 1;
        await this.assignOne(manager, actor, deviation, dto);
      }
      return changed;
    });
  }

  /**
   * SKR's choice of responsible party made in Jira's field (the pull, in its transaction): the same change as in the
   * service — re-timing, history, notification — recorded as the sync's. False when it changes nothing.
   */
  async assignFromJira(manager: EntityManager, deviationId: string, responsiblePartyId: string): Promise<boolean> {
    await this.assertParty(manager, responsiblePartyId, '/responsiblePartyId');
    const before = await this.queries.find(manager, deviationId, true);
    if (before.responsiblePartyId === responsiblePartyId || before.status === DeviationStatus.Utkast) return false;
    await this.assignOne(manager, JIRA_ACTOR, before, { responsiblePartyId });
    return true;
  }

  private async assignOne(manager: EntityManager, actor: Recorder, before: Deviation, dto: AssignResponsibleDto): Promise<Deviation> {
    if (before.responsiblePartyId === dto.responsiblePartyId) return before;
    await manager.update(Deviation, { id: before.id }, { responsiblePartyId: dto.responsiblePartyId });
    // The responsible party's agreement now times the case: its matrix sets the priority, unless SKR set it by hand.
    const agreement = await timingAgreementOf(manager, before.id);
    const prioritet = before.prioritetOverridden ? before.prioritet : priorityOf(before.påverkan, before.tidpunkt, agreement.matrix);
    const saved = await manager.save(Deviation, { ...before, responsiblePartyId: dto.responsiblePartyId, prioritet });
    await this.events.record(manager, actor, before, 'deviation.responsible_party_set', {
      ansvarigPart: { from: null, to: dto.responsiblePartyId },
      ...(before.responsiblePartyId ? { tidigareAnsvarigPart: { from: before.responsiblePartyId, to: null } } : {}),
      ...(prioritet !== before.prioritet ? { prioritet: { from: before.prioritet, to: prioritet } } : {}),
      ...(dto.motivering ? { motivering: { from: null, to: dto.motivering } } : {}),
    });
    await this.events.notify(manager, saved, NotificationType.AnsvarTilldelat, {}, 'responsible');
    if (saved.status !== DeviationStatus.Utkast) await this.events.queueJiraPush(manager, saved);
    return saved;
  }

  private async assertParty(manager: EntityManager, partyId: string, pointer: string): Promise<void> {
    if (await manager.existsBy(Party, { id: partyId, active: true })) return;
    throw new UnprocessableError('RESPONSIBLE_PARTY_UNKNOWN', 'The responsible party must be an active party.', [
      { pointer, detail: 'No such active party.', code: 'exists' },
    ]);
  }
}
