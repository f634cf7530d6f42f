import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * Pairs one of our comments with its Jira comment. `origin` says which side wrote it, so a comment we pushed is never
 * imported back (echo) and a comment we imported is never pushed out again.
 */
@Entity({ name: 'jira_comment_link' })
@Unique('uq_jira_comment_link_comment', ['commentId'])
@Index('ix_jira_comment_link_deviation', ['deviationId'])
export class JiraCommentLink {
  @PrimaryColumn({ type: 'text' })
  jiraCommentId: string;

  @Column({ type: 'uuid' })
  deviationId: string;

  @Column({ type: 'uuid' })
  commentId: string;

  @Column({ type: 'text' })
  origin: 'ours' | 'jira';

  /** Hash of the Jira body last imported: an edit in Jira updates our copy once. */
  @Column({ type: 'text' })
  bodyHash: string;
}
