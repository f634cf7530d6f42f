import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';

/** Where a deviation stands with Jira, as shown to its party and to SKR. */
export enum JiraSyncState {
  Waiting = 'väntar',
  Synced = 'synkad',
  Failed = 'fel',
}

/**
 * One deviation's Jira issue and its sync bookkeeping. The primary key on the deviation and the unique issue id
 * make a second issue for one deviation impossible to record.
 */
@Entity({ name: 'jira_link' })
@Unique('uq_jira_link_issue_id', ['issueId'])
@Index('ix_jira_link_state', ['state'])
export class JiraLink {
  @PrimaryColumn({ type: 'uuid' })
  deviationId: string;

  @Column({ type: 'uuid' })
  partyId: string;

  @Column({ type: 'text', nullable: true })
  issueId: string | null;

  @Column({ type: 'text', nullable: true })
  issueKey: string | null;

  @Column({ type: 'enum', enum: JiraSyncState, enumName: 'jira_sync_state', default: JiraSyncState.Waiting })
  state: JiraSyncState;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastErrorAt: Date | null;

  /** Hash of the party-owned fields last written to Jira: an unchanged deviation is not edited again. */
  @Column({ type: 'text', nullable: true })
  pushedFieldsHash: string | null;

  /** Jira's `updated` of the newest issue state applied here; older states are stale and ignored. */
  @Column({ type: 'timestamptz', nullable: true })
  watermark: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSyncedAt: Date | null;

  /**
   * Set (and committed) just before the issue is created. Only a create attempted before can have reached Jira
   * without its answer reaching us, so only then is Jira searched for our label first.
   */
  @Column({ type: 'timestamptz', nullable: true })
  createAttemptedAt: Date | null;

  /**
   * The priority (our value, e.g. `hög`) the issue is known to have in Jira: what we sent at create or at the last
   * push, or read at the last pull. A pull applies Jira's priority only when it differs from this (SKR changed it in
   * Jira); a push sends ours only when it differs (SKR overrode it in the service, or the report's matrix moved it).
   * So neither side's change is undone by the other's stale copy.
   */
  @Column({ type: 'text', nullable: true })
  jiraPriority: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
