import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A comment or attachment of ours being added to Jira: started before the call, ended after it (see
 * JiraPushService.underClaim). Only the sync writes it.
 */
@Entity({ name: 'jira_push_attempt' })
@Check('ck_jira_push_attempt_kind', `kind IN ('comment', 'attachment')`)
export class JiraPushAttempt {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_jira_push_attempt' })
  kind: 'comment' | 'attachment';

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_jira_push_attempt' })
  localId: string;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  /** Set when an add got no answer: Jira may still apply it until then, so it is only looked for, not made again. */
  @Column({ type: 'timestamptz', nullable: true })
  unsettledUntil: Date | null;
}
