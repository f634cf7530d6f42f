import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * A comment on a deviation. Public comments are read by the party and SKR and mirrored to Jira; SKR's internal
 * notes (`internal`) are hidden from the party by row-level security itself, not only by code.
 */
@Entity({ name: 'deviation_comment' })
@Index('ix_deviation_comment_deviation', ['deviationId', 'createdAt'])
@Unique('uq_deviation_comment_idempotency', ['deviationId', 'authorUserId', 'idempotencyKey'])
export class DeviationComment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  deviationId: string;

  /** The deviation's reporting party when written; null for a deviation SKR registered itself. */
  @Column({ type: 'uuid', nullable: true })
  partyId: string | null;

  @Column({ type: 'text' })
  authorUserId: string;

  @Column({ type: 'text' })
  authorName: string;

  /** `part` (the reporting party), `skr` (SKR in this service) or `jira` (SKR, imported from Jira). */
  @Column({ type: 'text' })
  origin: 'part' | 'skr' | 'jira';

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'boolean', default: false })
  internal: boolean;

  /** The author's Idempotency-Key, and the hash of the body it was first sent with. */
  @Column({ type: 'text', nullable: true, select: false })
  idempotencyKey: string | null;

  @Column({ type: 'char', length: 64, nullable: true, select: false })
  idempotencyHash: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
