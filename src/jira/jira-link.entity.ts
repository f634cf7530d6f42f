import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';

/** Where a deviation stands with Jira, as shown to its party and to SKR. */
export enum JiraSyncState {
  Waiting = 'väntar',
  Synced = 'synkad',
  Failed = 'fel',
  /** SKR decided that a deviation whose issue was deleted stays without one: the sync leaves it alone. */
  Unlinked = 'frikopplad',
}

/**
 * One deviation's Jira issue and its sync bookkeeping. The primary key on the deviation and the unique issue id
 * make a second issue for one deviation impossible to record.
 */
@Entity({ name: 'jira_link' })
@Unique('uq_jira_link_issue_id', ['issueId'])
@Index('ix_jira_link_state', ['state'])
@Check('ck_jira_link_pull_error', '(pull_error IS NULL) = (pull_error_at IS NULL) AND (pull_error_code IS NULL OR pull_error IS NOT NULL)')
export class JiraLink {
  @PrimaryColumn({ type: 'uuid' })
  deviationId: string;

  /** The deviation's reporting party when written; null for a deviation SKR registered itself. */
  @Column({ type: 'uuid', nullable: true })
  partyId: string | null;

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

  /** The failure's stable code (JiraSyncFailureCode: identity, workflow, edit conflict), when it has one; null for a plain Jira error. */
  @Column({ type: 'text', nullable: true })
  lastErrorCode: string | null;

  /**
   * Why the last pull could not apply all of the issue (SKR's responsible-party field naming no party of ours, an
   * unmapped status): the pull's own failure, beside the push's `lastError`. Only a pull writes or clears it, so a push
   * neither hides nor ends it; `state` stays `fel` while it is set.
   */
  @Column({ type: 'text', nullable: true })
  pullError: string | null;

  @Column({ type: 'text', nullable: true })
  pullErrorCode: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  pullErrorAt: Date | null;

  /** Hash of the party-owned fields last written to Jira: an unchanged deviation is not edited again. */
  @Column({ type: 'text', nullable: true })
  pushedFieldsHash: string | null;

  /**
   * Hash of the summary and description text as we last wrote them to the issue. Jira's text hashing otherwise is an
   * edit SKR made there, which the party's next edit must not silently overwrite. Null: not known (an issue found by its
   * label, or a replay that lets the party's version through).
   */
  @Column({ type: 'text', nullable: true })
  writtenContentHash: string | null;

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
   * What the issue is known to have in Jira of the fields both sides change — status and priority as our values,
   * the resolution as Jira names it — as last created, pushed or read by a pull. A pull takes a Jira value as SKR's
   * decision only when it differs from the known one; a push sends ours only when it differs. So a change on either
   * side is never undone by the other side's stale copy of it.
   */
  @Column({ type: 'text', nullable: true })
  jiraStatus: string | null;

  @Column({ type: 'text', nullable: true })
  jiraPriority: string | null;

  @Column({ type: 'text', nullable: true })
  jiraResolution: string | null;

  /** The responsible party the issue's select field is known to show, like jiraStatus (jira_field_option). */
  @Column({ type: 'uuid', nullable: true })
  jiraResponsiblePartyId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
