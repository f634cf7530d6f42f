import { Column, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { FieldChanges } from '../common/diff';

/**
 * One line of the append-only audit trail. The database refuses UPDATE and DELETE on this table (trigger), so no
 * code path can rewrite history.
 */
@Entity({ name: 'audit_entry' })
@Index('ix_audit_entry_entity', ['entityType', 'entityId', 'occurredAt'])
@Index('ix_audit_entry_party', ['partyId', 'occurredAt'])
export class AuditEntry {
  /** Internal order only, never shown: it counts every party's entries, so it would tell one party about the others. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** The entry's id in every response and cursor. */
  @Index('ux_audit_entry_public_id', { unique: true })
  @Column({ type: 'uuid' })
  @Generated('uuid')
  publicId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ type: 'text' })
  actorUserId: string;

  @Column({ type: 'uuid', nullable: true })
  actorPartyId: string | null;

  @Column({ type: 'text', nullable: true })
  requestId: string | null;

  /** e.g. `party.created`, `deviation.submitted`. */
  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  entityType: string;

  @Column({ type: 'text' })
  entityId: string;

  /** The party that owns the entity; null for service-wide entities. Row-level security keys on it. */
  @Column({ type: 'uuid', nullable: true })
  partyId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes: FieldChanges;

  /** SKR-internal entries (internal notes, SKR-only fields) never reach a party. */
  @Column({ type: 'boolean', default: false })
  internal: boolean;
}
