import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { Role, SKR_ROLES } from '../actor/role';
import { AuditService } from '../audit/audit.service';
import { diffFields, givenFields } from '../common/diff';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { isUniqueViolation } from '../database/pg-errors';
import { ScopedDb } from '../database/scoped-db';
import { AppUser } from './app-user.entity';
import { CreatePartyDto, UpdatePartyDto } from './dto/party.dto';
import { UpdateUserDto } from './dto/user.dto';
import { normaliseOrganisationNumber } from './organisation-number';
import { OrganisationNumberTakenError, PartyNotFoundError, RoleNotAssignableError, UserNotFoundError } from './parties.errors';
import { Party } from './party.entity';
import { PERSON_OF_TOKEN, pinIssuer } from './person-lookup';
import { Person } from './person.entity';

export interface Identity {
  party: Pick<Party, 'id' | 'active'> | null;
  /** Null when the token's issuer and subject are no person here: a machine client of today (see README). */
  person: Pick<Person, 'id'> | null;
  /** The person's membership in the party the token names (SKR when it names none). */
  user: Pick<AppUser, 'id' | 'role' | 'active' | 'language'> | null;
}

/** A party a person acts for, and as what. */
export interface Membership {
  partyId: string;
  partyName: string;
  role: Role;
}

/** How long an identity lookup is reused: a deactivated party or user is locked out within this time. */
const IDENTITY_TTL_MS = 5_000;
const PARTY_FIELDS = ['kind', 'additionalKinds', 'name', 'organisationNumber', 'active', 'emailDomains'] as const;
const USER_FIELDS = ['name', 'email', 'role', 'language', 'active'] as const;

@Injectable()
export class PartiesService {
  private readonly identityCache = new Map<string, { at: number; identity: Identity }>();

  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
  ) {}

  /**
   * The party, person and membership a verified token names, in one query; cached briefly because every request
   * asks. A person carried over from before issuers were recorded gets this token's issuer pinned here.
   */
  async identify(issuer: string, subject: string, partyId: string | null): Promise<Identity> {
    const cacheKey = `${issuer}\u0000${subject}\u0000${partyId ?? ''}`;
    const cached = this.identityCache.get(cacheKey);
    if (cached && Date.now() - cached.at < IDENTITY_TTL_MS) return cached.identity;
    const identity = await this.db.transaction(SYSTEM_SCOPE, async (manager) => {
      const [row] = (await manager.query(
        `SELECT p.id AS party_id, p.active AS party_active, pe.id AS person_id, pe.issuer AS person_issuer,
                u.id AS user_id, u.role, u.active AS user_active, u.language
           FROM (SELECT 1) one
           LEFT JOIN party p ON p.id = $3::uuid
           LEFT JOIN LATERAL (${PERSON_OF_TOKEN}) pe ON true
           LEFT JOIN app_user u ON u.person_id = pe.id AND u.party_id IS NOT DISTINCT FROM $3::uuid`,
        [issuer, subject, partyId],
      )) as Record<string, unknown>[];
      if (row.person_id && row.person_issuer === null) await pinIssuer(manager, row.person_id as string, issuer);
      return {
        party: row.party_id ? { id: row.party_id as string, active: row.party_active as boolean } : null,
        person: row.person_id ? { id: row.person_id as string } : null,
        user: row.user_id
          ? {
              id: row.user_id as string,
              role: row.role as Role,
              active: row.user_active as boolean,
              language: row.language as 'sv' | 'en',
            }
          : null,
      };
    });
    if (this.identityCache.size > 10_000) this.identityCache.clear();
    this.identityCache.set(cacheKey, { at: Date.now(), identity });
    return identity;
  }

  /** The parties a person (issuer + subject) may act for: active memberships in active parties, by party name. */
  async membershipsOf(issuer: string, subject: string): Promise<Membership[]> {
    return this.db.transaction(SYSTEM_SCOPE, async (manager) => {
      const rows = (await manager.query(
        `SELECT p.id, p.name, u.role FROM (${PERSON_OF_TOKEN}) pe
           JOIN app_user u ON u.person_id = pe.id AND u.active
           JOIN party p ON p.id = u.party_id AND p.active
          ORDER BY p.name, p.id`,
        [issuer, subject],
      )) as { id: string; name: string; role: Role }[];
      return rows.map((row) => ({ partyId: row.id, partyName: row.name, role: row.role }));
    });
  }

  /** After a binding: the next request of that person must see the new membership, not a cached absence. */
  forgetIdentities(): void {
    this.identityCache.clear();
  }

  async createParty(actor: Actor, dto: CreatePartyDto): Promise<Party> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const organisationNumber = normaliseOrganisationNumber(dto.organisationNumber)!;
      let party: Party;
      try {
        party = await manager.save(
          manager.create(Party, {
            ...dto,
            organisationNumber,
            active: true,
            emailDomains: dto.emailDomains ?? [],
            additionalKinds: dto.additionalKinds ?? [],
          }),
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new OrganisationNumberTakenError();
        throw error;
      }
      await this.audit.record(manager, actor, {
        action: 'party.created',
        entityType: 'party',
        entityId: party.id,
        partyId: party.id,
        changes: diffFields({} as Party, party, PARTY_FIELDS),
      });
      return party;
    });
  }

  async listParties(actor: Actor): Promise<Party[]> {
    return this.db.transaction(scopeOf(actor), (manager) => manager.find(Party, { order: { name: 'ASC' } }));
  }

  async getParty(actor: Actor, id: string): Promise<Party> {
    return this.db.transaction(scopeOf(actor), (manager) => this.findParty(manager, id));
  }

  async updateParty(actor: Actor, id: string, dto: UpdatePartyDto): Promise<Party> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const before = await this.findParty(manager, id, true);
      const after: Party = {
        ...before,
        ...givenFields(dto),
        ...(dto.organisationNumber ? { organisationNumber: normaliseOrganisationNumber(dto.organisationNumber)! } : {}),
      };
      const changes = diffFields(before, after, PARTY_FIELDS);
      if (Object.keys(changes).length === 0) return before;
      try {
        await manager.save(Party, after);
      } catch (error) {
        if (isUniqueViolation(error)) throw new OrganisationNumberTakenError();
        throw error;
      }
      await this.audit.record(manager, actor, { action: 'party.updated', entityType: 'party', entityId: id, partyId: id, changes });
      this.identityCache.clear();
      return after;
    });
  }

  async listUsers(actor: Actor, partyId: string): Promise<AppUser[]> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      await this.findParty(manager, partyId);
      return manager.find(AppUser, { where: { partyId }, order: { name: 'ASC' } });
    });
  }

  async updateUser(actor: Actor, partyId: string, userId: string, dto: UpdateUserDto): Promise<AppUser> {
    if (dto.role && SKR_ROLES.includes(dto.role)) throw new RoleNotAssignableError();
    return this.db.transaction(scopeOf(actor), async (manager) => {
      await this.findParty(manager, partyId);
      const before = await manager.findOne(AppUser, { where: { id: userId, partyId }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw new UserNotFoundError();
      const after: AppUser = { ...before, ...givenFields(dto) };
      const changes = diffFields(before, after, USER_FIELDS);
      if (Object.keys(changes).length === 0) return before;
      await manager.save(AppUser, after);
      await this.audit.record(manager, actor, { action: 'user.updated', entityType: 'user', entityId: userId, partyId, changes });
      this.identityCache.clear();
      return after;
    });
  }

  /**
   * Row-level security already hides foreign parties; the explicit check keeps a party admin on its own party even
   * for SKR-visible rows, and turns "not visible" into the same 404 as "does not exist".
   */
  private async findParty(manager: EntityManager, id: string, forUpdate = false): Promise<Party> {
    const party = await manager.findOne(Party, { where: { id }, ...(forUpdate ? { lock: { mode: 'pessimistic_write' } } : {}) });
    if (!party) throw new PartyNotFoundError();
    return party;
  }
}
