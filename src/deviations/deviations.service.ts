import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, isSkr, scopeOf } from '../actor/actor';
import { AuditEntry } from '../audit/audit-entry.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { diffFields } from '../common/diff';
import { replayOf, requestHash } from '../common/idempotency-key';
import { FieldError, UnprocessableError } from '../common/domain-error';
import { hydrate, selectedColumns } from '../database/hydrate';
import { queryPrepared } from '../database/prepared';
import { ScopedDb } from '../database/scoped-db';
import { JiraSyncJob, JIRA_SYNC_QUEUE, pushJobKey } from '../queues/jira-sync.queue';
import { NotificationType } from '../notifications/notification-type';
import { NotificationsService } from '../notifications/notifications.service';
import { OutboxService } from '../outbox/outbox.service';
import { type AgreementDefinition, UC_SSBTEK_2024 } from '../agreements/agreements';
import { computePriority, type PriorityMatrix, type Påverkan, type Tidpunkt } from '../agreements/priority';
import { proposeTiming } from '../agreements/timing';
import { Deviation, DeviationStatus } from './deviation.entity';
import { DeviationComment } from './deviation-comment.entity';
import { DeviationPart } from './deviation-part.entity';
import { allowedTransitions, canTransition, isEditableByParty, type TransitionActor } from './deviation-lifecycle';
import {
  DeviationIncompleteError,
  DeviationNotEditableError,
  DeviationNotFoundError,
  IllegalTransitionError,
  ReopenWindowClosedError,
  VersionMismatchError,
} from './deviations.errors';
import { CreateDeviationDto, UpdateDeviationDto } from './dto/create-deviation.dto';
import { OverridePriorityDto, SetStatusDto } from './dto/lifecycle.dto';

/** How long after it was solved a reporter may reopen a deviation instead of reporting a new one. */
export const REOPEN_WINDOW_DAYS = 30;

/**
 * `AVV-<year in Sweden>-<sequence>`: one sequence, so concurrent creates never collide and gaps are harmless. The
 * number is padded to at least five digits and never cut (PostgreSQL's lpad truncates a longer string).
 */
const KEY_SQL = `(SELECT 'AVV-' || to_char(now() AT TIME ZONE 'Europe/Stockholm', 'YYYY') || '-' || lpad(n::text, greatest(5, length(n::text)), '0')
  FROM (SELECT nextval('deviation_key_seq') AS n) seq)`;

/** Why the calendar proposes a timing, in the seeds' words (UC §3.2, LEFI Bilaga 1). */
export type TimingReason = 'kritisk_period' | 'nära_kritisk_period' | 'normal_period' | 'lågsäsong';
const TIMING_REASONS: Record<Tidpunkt, TimingReason> = {
  1: 'kritisk_period',
  2: 'nära_kritisk_period',
  3: 'normal_period',
  4: 'lågsäsong',
};

export interface TimingProposal {
  tidpunkt: Tidpunkt;
  skäl: TimingReason;
  /** The agreement whose calendar was asked. */
  avtal: string;
}

/** A bound on the per-process cache of party → agreement bindings (there are a few hundred parties). */
const MAX_CACHED_PARTIES = 10_000;

/** The party's agreement binding changed between reading it and creating the deviation (see `insertDraft`). */
class AgreementRebound extends Error {}

/** The party-owned fields, for diffs in the history. */
const REPORTED_FIELDS = [
  'rubrik',
  'reproduktionssteg',
  'skäl',
  'utfall',
  'förväntat',
  'del',
  'miljö',
  'kravreferens',
  'påverkan',
  'tidpunkt',
  'tidpunktProposed',
  'kontaktpersoner',
  'prioritet',
] as const;

export interface CreateResult {
  deviation: Deviation;
  /** True when an earlier request with the same Idempotency-Key created it. */
  replayed: boolean;
}

/** Reporting, editing and moving deviations through their lifecycle. */
@Injectable()
export class DeviationsService {
  private readonly boundAgreements = new Map<string, AgreementDefinition>();
  private partCodes: Set<string> | null = null;

  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
  ) {}

  async create(actor: Actor, dto: CreateDeviationDto, idempotencyKey?: string): Promise<CreateResult> {
    const hash = idempotencyKey ? requestHash(dto) : null;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(scopeOf(actor), (manager) => this.insertDraft(manager, actor, dto, idempotencyKey ?? null, hash));
      } catch (error) {
        // SKR bound the party to another agreement since we read its binding: run again with the new one.
        if (!(error instanceof AgreementRebound) || attempt === 3) throw error;
      }
    }
  }

  /**
   * The hottest write, in one statement: the deviation, its audit line and the party's current agreement binding
   * come back from a single round trip (a create is measured against a raw INSERT in the benchmark). The timing and
   * priority are worked out from the party's agreement as this process last read it; the statement reads the
   * binding again, and a binding changed since is caught by the caller and the create runs again.
   */
  private async insertDraft(
    manager: EntityManager,
    actor: Actor,
    dto: CreateDeviationDto,
    idempotencyKey: string | null,
    hash: string | null,
  ): Promise<CreateResult> {
    const partyId = actor.partyId!;
    if (idempotencyKey) {
      const earlier = await this.findByIdempotencyKey(manager, partyId, idempotencyKey, hash!);
      if (earlier) return { deviation: earlier, replayed: true };
    }
    await this.assertPartExists(manager, dto.del, '/del');
    const agreement = await this.boundAgreement(manager, partyId);
    // Defaults written out, so the audited diff is the diff of the row the INSERT makes.
    const fields = { kontaktpersoner: [], ...this.withTimingAndPriority(agreement, this.reportedFields(dto)) };
    const [insert, parameters] = manager
      .createQueryBuilder()
      .insert()
      .into(Deviation)
      .values({
        ...fields,
        key: () => KEY_SQL,
        partyId,
        reporterUserId: actor.userId,
        status: DeviationStatus.Utkast,
        idempotencyKey,
        idempotencyHash: hash,
        version: 1,
      })
      .orIgnore()
      // Named, not `*`: a prepared statement's result must not follow the schema.
      .returning(selectedColumns(manager, Deviation).map((c) => c.propertyPath))
      .getQueryAndParameters();
    const audit = this.audit.entriesFor(
      'created',
      actor,
      { action: 'deviation.created', entityType: 'deviation', changes: diffFields({} as Partial<Deviation>, fields, REPORTED_FIELDS) },
      parameters.length,
    );
    const [row] = await queryPrepared<Record<string, unknown> & { bound_agreement_code: string }>(
      manager,
      `WITH created AS (${insert}), audited AS (${audit.sql})
       SELECT created.*, party.agreement_code AS bound_agreement_code FROM created JOIN party ON party.id = created.party_id`,
      [...parameters, ...audit.parameters],
    );
    if (!row) {
      // A concurrent request with the same key won the insert; its row is committed and is the answer.
      return { deviation: (await this.findByIdempotencyKey(manager, partyId, idempotencyKey!, hash!))!, replayed: true };
    }
    if (row.bound_agreement_code !== agreement.code) {
      this.boundAgreements.delete(partyId);
      throw new AgreementRebound();
    }
    return { deviation: hydrate(manager, Deviation, row), replayed: false };
  }

  /**
   * Registers a complete deviation straight as submitted, inside the caller's transaction: a self-declaration
   * describing a new deviation commits together with it. `pointer` prefixes the pointers of any field error.
   */
  async registerSubmitted(manager: EntityManager, actor: Actor, dto: CreateDeviationDto, pointer = ''): Promise<Deviation> {
    await this.assertPartExists(manager, dto.del, `${pointer}/del`);
    const fields = this.withTimingAndPriority(await agreementOf(manager, actor.partyId!), this.reportedFields(dto));
    const missing = incompleteFields(fields as Deviation);
    if (missing.length > 0) throw new DeviationIncompleteError(missing.map((e) => ({ ...e, pointer: `${pointer}${e.pointer}` })));
    const inserted = (await manager
      .createQueryBuilder()
      .insert()
      .into(Deviation)
      .values({
        ...fields,
        key: () => KEY_SQL,
        partyId: actor.partyId!,
        reporterUserId: actor.userId,
        status: DeviationStatus.Utkast,
        version: 1,
      })
      .returning(['id'])
      .execute()) as { raw: { id: string }[] };
    const deviation = await manager.findOneByOrFail(Deviation, { id: inserted.raw[0].id });
    await this.audit.record(manager, actor, {
      action: 'deviation.created',
      entityType: 'deviation',
      entityId: deviation.id,
      partyId: deviation.partyId,
      changes: diffFields({} as Deviation, deviation, REPORTED_FIELDS),
    });
    const saved = await this.moveTo(manager, actor, deviation, DeviationStatus.Inskickad, 'deviation.submitted', {
      submittedAt: this.clock.now(),
    });
    await this.notify(manager, saved, NotificationType.AvvikelseInskickad);
    return saved;
  }

  async get(actor: Actor, id: string): Promise<Deviation> {
    return this.db.transaction(scopeOf(actor), (manager) => this.findFor(manager, actor, id));
  }

  /** Changes the party's report. The caller's ETag must match: a concurrent change is never silently overwritten. */
  async update(actor: Actor, id: string, expected: number, dto: UpdateDeviationDto): Promise<Deviation> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const before = await this.findFor(manager, actor, id, true);
      if (before.version !== expected) throw new VersionMismatchError(before.version);
      if (!isEditableByParty(before.status)) throw new DeviationNotEditableError(before.status);
      await this.assertPartExists(manager, dto.del, '/del');
      const after: Deviation = { ...before, ...this.reportedFields(dto) };
      // A timing the reporter sends is theirs from now on, even when it repeats the proposal: they have confirmed it.
      if (dto.tidpunkt !== undefined) after.tidpunktProposed = false;
      if (!before.prioritetOverridden)
        after.prioritet = priorityOf(after.påverkan, after.tidpunkt, (await agreementOf(manager, before.partyId)).matrix);
      const changes = diffFields(before, after, REPORTED_FIELDS);
      if (Object.keys(changes).length === 0) return before;
      const saved = await manager.save(Deviation, after);
      await this.audit.record(manager, actor, {
        action: 'deviation.updated',
        entityType: 'deviation',
        entityId: id,
        partyId: before.partyId,
        changes,
      });
      if (before.status !== DeviationStatus.Utkast) await this.queueJiraPush(manager, saved);
      return saved;
    });
  }

  /** From draft to submitted: everything seed 000 asks for must be there. */
  async submit(actor: Actor, id: string): Promise<Deviation> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const deviation = await this.findFor(manager, actor, id, true);
      this.assertTransition('part', deviation, DeviationStatus.Inskickad);
      if (deviation.status === DeviationStatus.Löst)
        throw new IllegalTransitionError(deviation.status, 'inskickad', allowedTransitions('part', deviation.status));
      const missing = incompleteFields(deviation);
      if (missing.length > 0) throw new DeviationIncompleteError(missing);
      const saved = await this.moveTo(manager, actor, deviation, DeviationStatus.Inskickad, 'deviation.submitted', {
        submittedAt: this.clock.now(),
      });
      await this.notify(manager, saved, NotificationType.AvvikelseInskickad);
      return saved;
    });
  }

  async withdraw(actor: Actor, id: string, reason?: string): Promise<Deviation> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const deviation = await this.findFor(manager, actor, id, true);
      this.assertTransition('part', deviation, DeviationStatus.Återkallad);
      const saved = await this.moveTo(manager, actor, deviation, DeviationStatus.Återkallad, 'deviation.withdrawn', {}, reason);
      await this.tellSkr(manager, actor, saved, `Parten har återkallat avvikelsen.${reason ? ` Motivering: ${reason}` : ''}`);
      return saved;
    });
  }

  /** A solved deviation that is not solved after all goes back to SKR, within the reopen window. */
  async reopen(actor: Actor, id: string, reason: string): Promise<Deviation> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const deviation = await this.findFor(manager, actor, id, true);
      if (deviation.status !== DeviationStatus.Löst) {
        throw new IllegalTransitionError(
          deviation.status,
          'inskickad',
          deviation.status === DeviationStatus.Utkast ? [] : allowedTransitions('part', deviation.status),
        );
      }
      const solvedAt = deviation.resolvedAt ?? deviation.updatedAt;
      if (this.clock.now().getTime() - solvedAt.getTime() > REOPEN_WINDOW_DAYS * 86_400_000)
        throw new ReopenWindowClosedError(REOPEN_WINDOW_DAYS);
      const saved = await this.moveTo(
        manager,
        actor,
        deviation,
        DeviationStatus.Inskickad,
        'deviation.reopened',
        { resolvedAt: null, resolution: null },
        reason,
      );
      await this.tellSkr(manager, actor, saved, `Parten har återöppnat avvikelsen. Motivering: ${reason}`);
      return saved;
    });
  }

  /**
   * The party's reason for withdrawing or reopening, as a public comment from the party: the sync takes it to the
   * Jira issue, where SKR triages, which would otherwise only see a status change without a why (or, for a
   * withdrawal, nothing: Jira has no such status). The status change's audit entry carries the same words.
   */
  private async tellSkr(manager: EntityManager, actor: Actor, deviation: Deviation, text: string): Promise<void> {
    if (!deviation.submittedAt) return;
    await manager.insert(DeviationComment, {
      deviationId: deviation.id,
      partyId: deviation.partyId,
      authorUserId: actor.userId,
      authorName: actor.userId,
      origin: 'part',
      body: text,
      internal: false,
    });
  }

  async setStatus(actor: Actor, id: string, dto: SetStatusDto): Promise<Deviation> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const deviation = await this.findFor(manager, actor, id, true);
      this.assertTransition('skr', deviation, dto.status);
      const saved = await this.moveTo(
        manager,
        actor,
        deviation,
        dto.status,
        'deviation.status_set',
        resolutionFields(dto.status, dto.resolution ?? null, this.clock.now()),
      );
      await this.notifyStatus(manager, saved);
      return saved;
    });
  }

  async overridePriority(actor: Actor, id: string, dto: OverridePriorityDto): Promise<Deviation> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const before = await this.findFor(manager, actor, id, true);
      const saved = await manager.save(Deviation, { ...before, prioritet: dto.prioritet, prioritetOverridden: true });
      await this.audit.record(manager, actor, {
        action: 'deviation.priority_overridden',
        entityType: 'deviation',
        entityId: id,
        partyId: before.partyId,
        changes: { prioritet: { from: before.prioritet, to: dto.prioritet }, motivering: { from: null, to: dto.motivering } },
      });
      await this.notify(manager, saved, NotificationType.PrioritetÄndrad, { prioritet: dto.prioritet });
      // Jira's priority field follows: otherwise the next pull would read Jira's old priority back over the override.
      if (saved.status !== DeviationStatus.Utkast) await this.queueJiraPush(manager, saved);
      return saved;
    });
  }

  /** Links a deviation to the one it duplicates. Each party still sees only its own. */
  async markDuplicate(actor: Actor, id: string, duplicateOf: string): Promise<Deviation> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const deviation = await this.findFor(manager, actor, id, true);
      const original = await manager.findOneBy(Deviation, { id: duplicateOf });
      if (!original || original.id === id || !original.submittedAt) {
        throw new UnprocessableError('DUPLICATE_TARGET_INVALID', 'The deviation it duplicates must be another existing deviation.', [
          { pointer: '/duplicateOf', detail: 'No such other deviation.', code: 'exists' },
        ]);
      }
      const saved = await manager.save(Deviation, { ...deviation, duplicateOfId: original.id });
      await this.audit.record(manager, actor, {
        action: 'deviation.marked_duplicate',
        entityType: 'deviation',
        entityId: id,
        partyId: deviation.partyId,
        // The other deviation's key only: it may belong to another party, whose details this party must not see.
        changes: { duplicateOf: { from: null, to: original.partyId === deviation.partyId ? original.key : 'annan parts avvikelse' } },
      });
      return saved;
    });
  }

  async parts(actor: Actor): Promise<DeviationPart[]> {
    return this.db.transaction(scopeOf(actor), (m) => m.find(DeviationPart, { order: { sortOrder: 'ASC' } }));
  }

  async history(actor: Actor, id: string): Promise<AuditEntry[]> {
    await this.get(actor, id);
    return this.audit.history(actor, 'deviation', id);
  }

  /** Applies a status decided in Jira (through the sync), recorded as Jira's doing. */
  async applyStatusFromJira(
    manager: EntityManager,
    deviation: Deviation,
    status: DeviationStatus,
    resolution: string | null,
  ): Promise<boolean> {
    if (deviation.status === status || !canTransition('jira', deviation.status, status)) return false;
    const saved = await this.moveTo(
      manager,
      JIRA_ACTOR,
      deviation,
      status,
      'deviation.status_from_jira',
      resolutionFields(status, resolution, this.clock.now()),
    );
    await this.notifyStatus(manager, saved);
    return true;
  }

  /**
   * Finds a deviation the actor may see, or the same 404 for "foreign", "missing" and — for SKR — "never submitted":
   * a draft is the party's own until it is submitted, and stays so when the party withdraws it unsubmitted.
   * Row-level security cannot say this (the worker acts as SKR and reads every row), so every use case acting for a
   * person comes through here.
   */
  async findFor(manager: EntityManager, actor: Actor, id: string, forUpdate = false): Promise<Deviation> {
    const deviation = await this.find(manager, id, forUpdate);
    if (isSkr(actor) && !deviation.submittedAt) throw new DeviationNotFoundError();
    return deviation;
  }

  /** Finds a deviation the transaction's scope may see, or the same 404 for "foreign" and "missing". */
  async find(manager: EntityManager, id: string, forUpdate = false): Promise<Deviation> {
    const deviation = await manager.findOne(Deviation, {
      where: { id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!deviation) throw new DeviationNotFoundError();
    return deviation;
  }

  /** Tells the party (reporter contacts and users) about something that happened to its deviation. */
  async notify(
    manager: EntityManager,
    deviation: Deviation,
    type: NotificationType,
    data: Record<string, string | number | null> = {},
  ): Promise<void> {
    await this.notifications.emit(manager, {
      type,
      partyId: deviation.partyId,
      subject: { kind: 'deviation', id: deviation.id, key: deviation.key, title: deviation.rubrik },
      data,
      contacts: deviation.kontaktpersoner.map((c) => ({ name: c.namn, email: c.epost })),
    });
  }

  private async notifyStatus(manager: EntityManager, deviation: Deviation): Promise<void> {
    if (deviation.status === DeviationStatus.VäntarPåKomplettering)
      await this.notify(manager, deviation, NotificationType.KompletteringBegärd);
    else if (deviation.status === DeviationStatus.Löst)
      await this.notify(manager, deviation, NotificationType.LösningSatt, { resolution: deviation.resolution });
    else await this.notify(manager, deviation, NotificationType.StatusÄndrad, { status: deviation.status });
  }

  async queueJiraPush(manager: EntityManager, deviation: Deviation): Promise<void> {
    await this.outbox.add(manager, {
      queue: JIRA_SYNC_QUEUE,
      jobName: JiraSyncJob.PushDeviation,
      jobKey: pushJobKey(deviation.id),
      payload: { deviationId: deviation.id },
      partyId: deviation.partyId,
    });
  }

  private async moveTo(
    manager: EntityManager,
    actor: Pick<Actor, 'userId' | 'partyId'>,
    deviation: Deviation,
    to: DeviationStatus,
    action: string,
    extra: Partial<Deviation> = {},
    reason?: string,
  ): Promise<Deviation> {
    const saved = await manager.save(Deviation, { ...deviation, ...extra, status: to });
    await this.audit.record(manager, actor, {
      action,
      entityType: 'deviation',
      entityId: deviation.id,
      partyId: deviation.partyId,
      changes: { status: { from: deviation.status, to }, ...(reason ? { motivering: { from: null, to: reason } } : {}) },
    });
    // A deviation withdrawn before it was submitted never reached Jira; everything else brings its issue up to date.
    if (saved.submittedAt) await this.queueJiraPush(manager, saved);
    return saved;
  }

  private assertTransition(actor: TransitionActor, deviation: Deviation, to: DeviationStatus): void {
    if (!canTransition(actor, deviation.status, to)) {
      throw new IllegalTransitionError(deviation.status, to, allowedTransitions(actor, deviation.status));
    }
  }

  private async findByIdempotencyKey(manager: EntityManager, partyId: string, key: string, hash: string): Promise<Deviation | null> {
    return replayOf(await manager.findOneBy(Deviation, { partyId, idempotencyKey: key }), hash);
  }

  /** Parts are reference data seeded by migration: read once, and again only when a code is not among them. */
  private async assertPartExists(manager: EntityManager, code: string | undefined, pointer: string): Promise<void> {
    if (code === undefined || this.partCodes?.has(code)) return;
    this.partCodes = new Set((await manager.find(DeviationPart)).map((p) => p.code));
    if (!this.partCodes.has(code)) {
      throw new UnprocessableError('DEVIATION_PART_UNKNOWN', 'Unknown part.', [
        { pointer, detail: `Must be one of: ${[...this.partCodes].join(', ')}.`, code: 'isIn' },
      ]);
    }
  }

  /**
   * The timing the calendar proposes when the reporter gives none (issue 9: the critical period → 1, near it → 2,
   * low season → 4, else 3; a PATCH corrects it), and the priority the party's matrix gives.
   */
  private withTimingAndPriority(agreement: AgreementDefinition, fields: Partial<Deviation>): Partial<Deviation> {
    const tidpunktProposed = fields.tidpunkt === undefined;
    const tidpunkt = fields.tidpunkt ?? proposeTiming(agreement, this.clock.now());
    return { ...fields, tidpunkt, tidpunktProposed, prioritet: priorityOf(fields.påverkan, tidpunkt, agreement.matrix) };
  }

  /**
   * The agreement the party was bound to when this process last read it. Agreements are insert-only, so only the
   * binding can go stale, and `insertDraft` checks it in its own statement. (Bounded: one entry per party.)
   */
  private async boundAgreement(manager: EntityManager, partyId: string): Promise<AgreementDefinition> {
    let agreement = this.boundAgreements.get(partyId);
    if (!agreement) {
      agreement = await agreementOf(manager, partyId);
      if (this.boundAgreements.size >= MAX_CACHED_PARTIES) this.boundAgreements.clear();
      this.boundAgreements.set(partyId, agreement);
    }
    return agreement;
  }

  /** What the calendar of the actor's agreement proposes as timing for a deviation reported now, and why. */
  async timingProposal(actor: Actor): Promise<TimingProposal> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const agreement = await agreementOf(manager, actor.partyId!);
      const tidpunkt = proposeTiming(agreement, this.clock.now());
      return { tidpunkt, skäl: TIMING_REASONS[tidpunkt], avtal: agreement.code };
    });
  }

  private reportedFields(dto: Partial<CreateDeviationDto>): Partial<Deviation> {
    const fields: Partial<Deviation> = {};
    for (const name of [
      'rubrik',
      'reproduktionssteg',
      'skäl',
      'utfall',
      'förväntat',
      'del',
      'miljö',
      'kravreferens',
      'påverkan',
      'tidpunkt',
    ] as const) {
      if (dto[name] !== undefined) (fields as Record<string, unknown>)[name] = dto[name];
    }
    if (dto.kontaktpersoner) fields.kontaktpersoner = dto.kontaktpersoner.map(({ namn, telefon, epost }) => ({ namn, telefon, epost }));
    return fields;
  }
}

/** The sync acts as this actor in the history. */
export const JIRA_ACTOR = { userId: 'jira', partyId: null } as const;

/**
 * The priority from the party's agreement's matrix (the Underpinning Contract's, seed 001 §4.3, by default) once
 * both påverkan and tidpunkt are known.
 */
export function priorityOf(
  påverkan: number | null | undefined,
  tidpunkt: number | null | undefined,
  matrix: PriorityMatrix = UC_SSBTEK_2024.matrix,
) {
  if (!påverkan || !tidpunkt) return null;
  return computePriority(matrix, påverkan as Påverkan, tidpunkt as Tidpunkt);
}

/** The agreement the party is bound to: its calendar proposes the timing, its matrix sets the priority. */
async function agreementOf(manager: EntityManager, partyId: string): Promise<AgreementDefinition> {
  const [row] = (await manager.query(`SELECT a.definition FROM party p JOIN agreement a ON a.code = p.agreement_code WHERE p.id = $1`, [
    partyId,
  ])) as {
    definition: AgreementDefinition | null;
  }[];
  return row?.definition ?? UC_SSBTEK_2024;
}

function resolutionFields(status: DeviationStatus, resolution: string | null, now: Date): Partial<Deviation> {
  if (status === DeviationStatus.Löst) return { resolution, resolvedAt: now };
  if (status === DeviationStatus.Stängd) return {};
  return { resolution: null, resolvedAt: null };
}

/** What seed 000 requires of a submitted deviation, as one error per missing field. */
export function incompleteFields(d: Deviation): FieldError[] {
  const errors: FieldError[] = [];
  const missing = (pointer: string, detail = 'Required when submitting.') => errors.push({ pointer, detail, code: 'required' });
  if (!d.reproduktionssteg && !d.skäl) {
    const detail = 'Give reproduktionssteg (steps that bring it about again) or skäl (why the requirement cannot be met).';
    missing('/reproduktionssteg', detail);
    missing('/skäl', detail);
  }
  if (!d.utfall) missing('/utfall');
  if (!d.del) missing('/del');
  if (!d.miljö) missing('/miljö');
  if (!d.kravreferens)
    missing('/kravreferens', 'Deviation handling is for agreed requirements: name the requirement, contract or agreement.');
  if (!d.påverkan) missing('/påverkan');
  if (!d.tidpunkt) missing('/tidpunkt');
  if (!d.kontaktpersoner?.length) missing('/kontaktpersoner', 'At least one contact person is required.');
  return errors;
}
