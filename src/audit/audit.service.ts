import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, isSkr, scopeOf } from '../actor/actor';
import { FieldChanges } from '../common/diff';
import { RequestContext } from '../common/request-context';
import { UUID_PATTERN } from '../common/uuid';
import { deviationConcernsSql } from '../database/deviation-visibility';
import { ScopedDb } from '../database/scoped-db';
import { AuditEntry } from './audit-entry.entity';
import { ListAuditQueryDto } from './dto/list-audit-query.dto';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  partyId: string | null;
  changes?: FieldChanges;
  internal?: boolean;
}

/** Field names that are SKR's own and are removed from every entry a party reads. */
// tidigareAnsvarigPart: who was responsible before a reassignment is SKR's triage, not the new responsible party's business.
const SKR_INTERNAL_FIELDS = new Set(['internalNote', 'jiraSyncError', 'priorityOverrideReason', 'tidigareAnsvarigPart']);

@Injectable()
export class AuditService {
  constructor(private readonly db: ScopedDb) {}

  /** Appends an entry in the caller's transaction, so the change and its audit line commit together. */
  async record(manager: EntityManager, actor: Pick<Actor, 'userId' | 'partyId'>, record: AuditRecord): Promise<void> {
    await manager.insert(AuditEntry, {
      actorUserId: actor.userId,
      actorPartyId: actor.partyId,
      requestId: RequestContext.requestId(),
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      partyId: record.partyId,
      changes: (record.changes ?? {}) as AuditEntry['changes'] & object,
      internal: record.internal ?? false,
    });
  }

  /**
   * The audit line of every row a `WITH <source> AS (INSERT … RETURNING *)` creates, as an INSERT to run as another
   * CTE of the same statement: the row and its line then commit together and cost one round trip, not two. The
   * row gives the entity id and the owning party; bind parameters are numbered after `offset`.
   */
  entriesFor(
    source: string,
    actor: Pick<Actor, 'userId' | 'partyId'>,
    record: Omit<AuditRecord, 'entityId' | 'partyId'>,
    offset: number,
  ): { sql: string; parameters: unknown[] } {
    const $ = (n: number) => `$${offset + n}`;
    return {
      sql: `INSERT INTO audit_entry (actor_user_id, actor_party_id, request_id, action, entity_type, changes, internal, entity_id, party_id)
            SELECT ${$(1)}, ${$(2)}::uuid, ${$(3)}, ${$(4)}, ${$(5)}, ${$(6)}::jsonb, ${$(7)}, ${source}.id::text, ${source}.party_id FROM ${source}`,
      parameters: [
        actor.userId,
        actor.partyId,
        RequestContext.requestId(),
        record.action,
        record.entityType,
        JSON.stringify(record.changes ?? {}),
        record.internal ?? false,
      ],
    };
  }

  /** Everything recorded about one entity, oldest first, as the actor may see it. */
  async history(actor: Actor, entityType: string, entityId: string): Promise<AuditEntry[]> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const entries = await manager.find(AuditEntry, {
        where: { entityType, entityId, ...(isSkr(actor) ? {} : { internal: false }) },
        order: { id: 'ASC' },
        take: 5000,
      });
      return isSkr(actor) ? entries : entries.map(withoutInternalFields);
    });
  }

  async list(actor: Actor, query: ListAuditQueryDto): Promise<AuditEntry[]> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const builder = manager.createQueryBuilder(AuditEntry, 'a').orderBy('a.id', 'DESC').limit(query.limit);
      // The cursor is an entry's public id; under row-level security one the actor may not see matches nothing.
      if (query.before) {
        builder.andWhere('a.id < (SELECT b.id FROM audit_entry b WHERE b.public_id = :before)', { before: query.before });
      }
      if (query.entityType) builder.andWhere('a.entity_type = :entityType', { entityType: query.entityType });
      if (query.entityId) builder.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
      if (query.action) builder.andWhere('a.action = :action', { action: query.action });
      if (query.actorUserId) builder.andWhere('a.actor_user_id = :actorUserId', { actorUserId: query.actorUserId });
      if (query.from) builder.andWhere('a.occurred_at >= :from', { from: query.from });
      if (query.to) builder.andWhere('a.occurred_at < :to', { to: query.to });
      if (isSkr(actor)) {
        if (query.partyId) builder.andWhere('a.party_id = :partyId', { partyId: query.partyId });
        // A deviation or declaration never submitted is the party's own: SKR sees nothing of it, its trail included.
        for (const [entityType, table] of NEVER_SUBMITTED) {
          builder.andWhere(
            `NOT EXISTS (SELECT 1 FROM ${table} s WHERE s.submitted_at IS NULL
               AND s.id = (CASE WHEN a.entity_type = '${entityType}' AND a.entity_id ~ '${UUID_PATTERN}' THEN CAST(a.entity_id AS uuid) END))`,
          );
        }
      } else {
        // Its own trail, and the trail of each deviation it is responsible for.
        builder.andWhere(
          `a.internal = false AND (a.party_id = :own OR (a.entity_type = 'deviation'
             AND ${deviationConcernsSql(`(CASE WHEN a.entity_id ~ '${UUID_PATTERN}' THEN CAST(a.entity_id AS uuid) END)`)}))`,
          { own: actor.partyId },
        );
      }
      const entries = await builder.getMany();
      return isSkr(actor) ? entries : entries.map(withoutInternalFields);
    });
  }
}

/** Entity types whose drafts SKR does not see, and their tables (each has `submitted_at`). */
const NEVER_SUBMITTED = [
  ['deviation', 'deviation'],
  ['declaration', 'declaration'],
] as const;

function withoutInternalFields(entry: AuditEntry): AuditEntry {
  const changes = Object.fromEntries(Object.entries(entry.changes).filter(([field]) => !SKR_INTERNAL_FIELDS.has(field)));
  return { ...entry, changes };
}
