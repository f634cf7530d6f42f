import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { ScopedDb } from '../database/scoped-db';
import { PartyNotFoundError } from './parties.errors';
import { Party } from './party.entity';
import { Agreement } from './agreement.entity';
import { agreementDocumentErrors } from '../agreements/agreement-validator';
import type { AgreementDefinition } from '../agreements/agreements';
import { BindAgreementDto, CreateAgreementDto } from './dto/agreement.dto';
import { AgreementCodeTakenError, AgreementInvalidError, AgreementUnknownError, BastjänstNotFoundError } from './agreements.errors';
import { AgreementBinding } from './agreement-binding.entity';
import { Bastjänst } from './bastjanst.entity';

/** The parties in scope with the agreement each is bound to. */
export interface PartyAgreement {
  partyId: string;
  partyName: string;
  agreement: AgreementDefinition;
}

/** Agreements as data: the shipped ones are seeded by the SLA migration, SKR admins add new versions. */
@Injectable()
export class AgreementsService {
  // Agreement rows are insert-only, so a definition read once is good for the life of the process; keeping the same
  // object also keeps BusinessCalendar's per-agreement cache warm.
  private readonly definitions = new Map<string, AgreementDefinition>();

  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<Agreement[]> {
    return this.db.transaction(scopeOf(actor), (m) => m.find(Agreement, { order: { code: 'ASC' } }));
  }

  async create(actor: Actor, dto: CreateAgreementDto): Promise<Agreement> {
    const errors = agreementDocumentErrors(dto.definition, '/definition');
    if (errors.length > 0) throw new AgreementInvalidError(errors);
    const definition = dto.definition as unknown as AgreementDefinition;
    return this.db.transaction(scopeOf(actor), async (manager) => {
      if (await manager.existsBy(Agreement, { code: definition.code })) throw new AgreementCodeTakenError();
      const saved = await manager.save(Agreement, {
        code: definition.code,
        name: definition.name,
        version: definition.version,
        definition,
      });
      await this.audit.record(manager, actor, {
        action: 'agreement.created',
        entityType: 'agreement',
        entityId: saved.code,
        partyId: null,
        changes: { version: { from: null, to: saved.version } },
      });
      return saved;
    });
  }

  async bindParty(actor: Actor, partyId: string, dto: BindAgreementDto): Promise<Party> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const party = await manager.findOneBy(Party, { id: partyId });
      if (!party) throw new PartyNotFoundError();
      if (!(await manager.existsBy(Agreement, { code: dto.agreementCode }))) throw new AgreementUnknownError();
      if (party.agreementCode === dto.agreementCode) return party;
      await manager.update(Party, { id: partyId }, { agreementCode: dto.agreementCode });
      await this.audit.record(manager, actor, {
        action: 'party.agreement_bound',
        entityType: 'party',
        entityId: partyId,
        partyId,
        changes: { agreementCode: { from: party.agreementCode, to: dto.agreementCode } },
      });
      return { ...party, agreementCode: dto.agreementCode };
    });
  }

  /**
   * Binds the party's obligation for one bastjänst to an agreement (`agreementCode` null: back to the party's default).
   * Clocks are computed on read, so every deviation the party is responsible for under that bastjänst is re-timed.
   */
  async bindForBastjänst(
    actor: Actor,
    partyId: string,
    bastjänst: string,
    agreementCode: string | null,
  ): Promise<{ partyId: string; bastjänst: string; agreementCode: string | null }> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      if (!(await manager.existsBy(Party, { id: partyId }))) throw new PartyNotFoundError();
      if (!(await manager.existsBy(Bastjänst, { code: bastjänst }))) throw new BastjänstNotFoundError();
      if (agreementCode !== null && !(await manager.existsBy(Agreement, { code: agreementCode }))) throw new AgreementUnknownError();
      const before = await manager.findOneBy(AgreementBinding, { partyId, bastjänst });
      if ((before?.agreementCode ?? null) === agreementCode) return { partyId, bastjänst, agreementCode };
      if (agreementCode === null) await manager.delete(AgreementBinding, { partyId, bastjänst });
      else await manager.upsert(AgreementBinding, { partyId, bastjänst, agreementCode }, ['partyId', 'bastjänst']);
      await this.audit.record(manager, actor, {
        action: 'party.agreement_bound',
        entityType: 'party',
        entityId: partyId,
        partyId,
        changes: { [`agreementCode.${bastjänst}`]: { from: before?.agreementCode ?? null, to: agreementCode } },
      });
      return { partyId, bastjänst, agreementCode };
    });
  }

  /** The parties visible in `manager`'s scope (one when `partyId` is given) with their agreements. */
  async partyAgreements(manager: EntityManager, partyId?: string): Promise<PartyAgreement[]> {
    const parties = await manager.find(Party, { where: partyId ? { id: partyId } : {}, order: { name: 'ASC' } });
    if (partyId && parties.length === 0) throw new PartyNotFoundError();
    const result: PartyAgreement[] = [];
    for (const party of parties) {
      result.push({ partyId: party.id, partyName: party.name, agreement: await this.definition(manager, party.agreementCode) });
    }
    return result;
  }

  async definition(manager: EntityManager, code: string): Promise<AgreementDefinition> {
    let definition = this.definitions.get(code);
    if (!definition) {
      const row = await manager.findOneByOrFail(Agreement, { code });
      definition = Object.freeze(row.definition);
      this.definitions.set(code, definition);
    }
    return definition;
  }
}
