import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../actor/actor';
import type { AgreementDefinition } from '../agreements/agreements';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { diffFields } from '../common/diff';
import { replayOf } from '../common/idempotency-key';
import { hydrate, selectedColumns } from '../database/hydrate';
import { queryPrepared } from '../database/prepared';
import { Deviation, DeviationSource, DeviationStatus } from './deviation.entity';
import { JIRA_ACTOR } from './deviation-lifecycle';
import { DeviationPartsService } from './deviation-parts.service';
import { REPORTED_FIELDS, reportedFields } from './deviation-report';
import { withTimingAndPriority } from './deviation-timing';
import type { CreateDeviationDto } from './dto/create-deviation.dto';
import { agreementOf } from './party-agreement';

/**
 * `AVV-<year in Sweden>-<sequence>`: one sequence, so concurrent creates never collide and gaps are harmless. The
 * number is padded to at least five digits and never cut (PostgreSQL's lpad truncates a longer string).
 */
const KEY_SQL = `(SELECT 'AVV-' || to_char(now() AT TIME ZONE 'Europe/Stockholm', 'YYYY') || '-' || lpad(n::text, greatest(5, length(n::text)), '0')
  FROM (SELECT nextval('deviation_key_seq') AS n) seq)`;

/** A bound on the per-process cache of party → agreement bindings (there are a few hundred parties). */
const MAX_CACHED_PARTIES = 10_000;

/** The party's agreement binding changed between reading it and creating the deviation (see `insertDraft`): run again. */
export class AgreementRebound extends Error {}

export interface CreateResult {
  deviation: Deviation;
  /** True when an earlier request with the same Idempotency-Key created it. */
  replayed: boolean;
}

/** What SKR's Jira issue says of a known deviation it registered there. */
export interface JiraRegistration {
  id: string;
  responsiblePartyId: string;
  rubrik: string;
  utfall: string;
  status: DeviationStatus;
  prioritet: Deviation['prioritet'];
  resolution: string | null;
  submittedAt: Date;
}

/** How a deviation's row comes to be, with the history line that says it was created. */
@Injectable()
export class DeviationInsert {
  private readonly boundAgreements = new Map<string, AgreementDefinition>();

  constructor(
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly parts: DeviationPartsService,
  ) {}

  /**
   * The hottest write, in one statement: the deviation, its audit line and the party's current agreement binding
   * come back from a single round trip (a create is measured against a raw INSERT in the benchmark). The timing and
   * priority are worked out from the party's agreement as this process last read it; the statement reads the
   * binding again, and a binding changed since throws `AgreementRebound` for the caller to run the create again.
   */
  async insertDraft(
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
    await this.parts.assertExists(manager, dto.del, '/del');
    await this.parts.assertBastjänstExists(manager, dto.bastjänst, '/bastjänst');
    const agreement = await this.boundAgreement(manager, partyId);
    // Defaults written out, so the audited diff is the diff of the row the INSERT makes.
    const fields = { kontaktpersoner: [], ...withTimingAndPriority(agreement, reportedFields(dto), this.clock.now()) };
    const [insert, parameters] = manager
      .createQueryBuilder()
      .insert()
      .into(Deviation)
      .values({ ...draftRow(actor, fields), idempotencyKey, idempotencyHash: hash })
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

  /** A draft row with `fields` as they are, in the caller's transaction: the rare path, without the tuning. */
  async insert(manager: EntityManager, actor: Actor, fields: Partial<Deviation>): Promise<Deviation> {
    const inserted = (await manager
      .createQueryBuilder()
      .insert()
      .into(Deviation)
      .values(draftRow(actor, fields))
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
    return deviation;
  }

  /**
   * A deviation SKR registered in its Jira project (a known deviation), with the id its issue's identity property
   * already names: no reporting party, the responsible party from the issue, submitted when the issue was created.
   */
  async insertFromJira(manager: EntityManager, fields: JiraRegistration): Promise<Deviation> {
    const { id, ...rest } = fields;
    await manager
      .createQueryBuilder()
      .insert()
      .into(Deviation)
      .values({
        ...rest,
        id,
        key: () => KEY_SQL,
        partyId: null,
        source: DeviationSource.JiraImport,
        reporterUserId: JIRA_ACTOR.userId,
        // SKR's priority from Jira stands as SKR's decision: the matrix does not recompute it.
        prioritetOverridden: fields.prioritet !== null,
        version: 1,
      })
      .execute();
    const deviation = await manager.findOneByOrFail(Deviation, { id });
    await this.audit.record(manager, JIRA_ACTOR, {
      action: 'deviation.imported_from_jira',
      entityType: 'deviation',
      entityId: id,
      partyId: null,
      changes: diffFields({} as Deviation, deviation, REPORTED_FIELDS),
    });
    return deviation;
  }

  private async findByIdempotencyKey(manager: EntityManager, partyId: string, key: string, hash: string): Promise<Deviation | null> {
    return replayOf(await manager.findOneBy(Deviation, { partyId, idempotencyKey: key }), hash);
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
}

/** What every new deviation row is besides the party's fields: a draft of the acting reporter, keyed by the sequence. */
function draftRow(actor: Actor, fields: Partial<Deviation>) {
  return {
    ...fields,
    key: () => KEY_SQL,
    partyId: actor.partyId!,
    reporterUserId: actor.userId,
    status: DeviationStatus.Utkast,
    version: 1,
  };
}
