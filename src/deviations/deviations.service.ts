import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { Clock } from '../common/clock';
import { diffFields } from '../common/diff';
import { requestHash } from '../common/idempotency-key';
import { ScopedDb } from '../database/scoped-db';
import { NotificationType } from '../notifications/notification-type';
import { Deviation, DeviationStatus } from './deviation.entity';
import { incompleteFields } from './deviation-completeness';
import { DeviationEventsService } from './deviation-events.service';
import { AgreementRebound, type CreateResult, DeviationInsert } from './deviation-insert';
import { allowedTransitions, assertReopenable, assertTransition, isEditableByParty } from './deviation-lifecycle';
import { DeviationPartsService } from './deviation-parts.service';
import { DeviationQueriesService } from './deviation-queries.service';
import { REPORTED_FIELDS, reportedFields } from './deviation-report';
import { priorityOf, timingProposal, type TimingProposal, withTimingAndPriority } from './deviation-timing';
import { DeviationIncompleteError, DeviationNotEditableError, IllegalTransitionError, VersionMismatchError } from './deviations.errors';
import { CreateDeviationDto, UpdateDeviationDto } from './dto/create-deviation.dto';
import { agreementOf, timingAgreementOf } from './party-agreement';

/** The party's side: reporting, editing, submitting, withdrawing and reopening its deviations. */
@Injectable()
export class DeviationsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly queries: DeviationQueriesService,
    private readonly insert: DeviationInsert,
    private readonly parts: DeviationPartsService,
    private readonly events: DeviationEventsService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateDeviationDto, idempotencyKey?: string): Promise<CreateResult> {
    const hash = idempotencyKey ? requestHash(dto) : null;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(scopeOf(actor), (manager) =>
          this.insert.insertDraft(manager, actor, dto, idempotencyKey ?? null, hash),
        );
      } catch (error) {
        // SKR bound the party to another agreement since we read its binding: run again with the new one.
        if (!(error instanceof AgreementRebound) || attempt === 3) throw error;
      }
    }
  }

  /**
   * Registers a complete deviation straight as submitted, inside the caller's transaction: a self-declaration
   * describing a new deviation commits together with it. `pointer` prefixes the pointers of any field error.
   */
  async registerSubmitted(manager: EntityManager, actor: Actor, dto: CreateDeviationDto, pointer = ''): Promise<Deviation> {
    await this.parts.assertExists(manager, dto.del, `${pointer}/del`);
    await this.parts.assertBastjänstExists(manager, dto.bastjänst, `${pointer}/bastjänst`);
    const fields = withTimingAndPriority(await agreementOf(manager, actor.partyId!), reportedFields(dto), this.clock.now());
    const missing = incompleteFields(fields as Deviation);
    if (missing.length > 0) throw new DeviationIncompleteError(missing.map((e) => ({ ...e, pointer: `${pointer}${e.pointer}` })));
    const deviation = await this.insert.insert(manager, actor, fields);
    const saved = await this.events.moveTo(manager, actor, deviation, DeviationStatus.Inskickad, 'deviation.submitted', {
      submittedAt: this.clock.now(),
    });
    await this.events.notify(manager, saved, NotificationType.AvvikelseInskickad);
    return saved;
  }

  /** Changes the party's report. The caller's ETag must match: a concurrent change is never silently overwritten. */
  async update(actor: Actor, id: string, expected: number, dto: UpdateDeviationDto): Promise<Deviation> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const before = await this.queries.findReportedBy(manager, actor, id, true);
      if (before.version !== expected) throw new VersionMismatchError(before.version);
      if (!isEditableByParty(before.status)) throw new DeviationNotEditableError(before.status);
      await this.parts.assertExists(manager, dto.del, '/del');
      await this.parts.assertBastjänstExists(manager, dto.bastjänst, '/bastjänst');
      const after: Deviation = { ...before, ...reportedFields(dto) };
      // A timing the reporter sends is theirs from now on, even when it repeats the proposal: they have confirmed it.
      if (dto.tidpunkt !== undefined) after.tidpunktProposed = false;
      if (!before.prioritetOverridden)
        after.prioritet = priorityOf(after.påverkan, after.tidpunkt, (await timingAgreementOf(manager, before.id)).matrix);
      const changes = diffFields(before, after, REPORTED_FIELDS);
      if (Object.keys(changes).length === 0) return before;
      const saved = await manager.save(Deviation, after);
      await this.events.record(manager, actor, before, 'deviation.updated', changes);
      if (before.status !== DeviationStatus.Utkast) await this.events.queueJiraPush(manager, saved);
      return saved;
    });
  }

  /** From draft to submitted: everything seed 000 asks for must be there. */
  async submit(actor: Actor, id: string): Promise<Deviation> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const deviation = await this.queries.findReportedBy(manager, actor, id, true);
      assertTransition('part', deviation, DeviationStatus.Inskickad);
      if (deviation.status === DeviationStatus.Löst)
        throw new IllegalTransitionError(deviation.status, 'inskickad', allowedTransitions('part', deviation.status));
      const missing = incompleteFields(deviation);
      if (missing.length > 0) throw new DeviationIncompleteError(missing);
      const saved = await this.events.moveTo(manager, actor, deviation, DeviationStatus.Inskickad, 'deviation.submitted', {
        submittedAt: this.clock.now(),
      });
      await this.events.notify(manager, saved, NotificationType.AvvikelseInskickad);
      return saved;
    });
  }

  async withdraw(actor: Actor, id: string, reason?: string): Promise<Deviation> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const deviation = await this.queries.findReportedBy(manager, actor, id, true);
      assertTransition('part', deviation, DeviationStatus.Återkallad);
      const saved = await this.events.moveTo(manager, actor, deviation, DeviationStatus.Återkallad, 'deviation.withdrawn', {}, reason);
      await this.events.tellSkr(manager, actor, saved, `Parten har återkallat avvikelsen.${reason ? ` Motivering: ${reason}` : ''}`);
      return saved;
    });
  }

  /** A solved deviation that is not solved after all goes back to SKR, within the reopen window. */
  async reopen(actor: Actor, id: string, reason: string): Promise<Deviation> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const deviation = await this.queries.findReportedBy(manager, actor, id, true);
      assertReopenable(deviation, this.clock.now());
      const saved = await this.events.moveTo(
        manager,
        actor,
        deviation,
        DeviationStatus.Inskickad,
        'deviation.reopened',
        { resolvedAt: null, resolution: null },
        reason,
      );
      await this.events.tellSkr(manager, actor, saved, `Parten har återöppnat avvikelsen. Motivering: ${reason}`);
      return saved;
    });
  }

  /** What the calendar of the actor's agreement proposes as timing for a deviation reported now, and why. */
  async timingProposal(actor: Actor): Promise<TimingProposal> {
    return this.db.transaction(scopeOf(actor), async (manager) =>
      timingProposal(await agreementOf(manager, actor.partyId!), this.clock.now()),
    );
  }
}
