import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { CommentAuthorKind, NotSharedReason } from './comment-sharing-policy';

/** Where a Jira comment stands with the party: waiting out its hold, shared, never shared, or shared and withdrawn. */
export type CommentSharing = 'held' | 'shared' | 'not_shared' | 'withdrawn';

/**
 * Pairs one of our comments with its Jira comment. `origin` says which side wrote it, so a comment we pushed is never
 * imported back (echo) and a comment we imported is never pushed out again. A Jira comment that is not (or not yet)
 * shared has no comment of ours: the row is its only trace, metadata without the text.
 */
@Entity({ name: 'jira_comment_link' })
@Unique('uq_jira_comment_link_comment', ['commentId'])
@Index('ix_jira_comment_link_deviation', ['deviationId'])
export class JiraCommentLink {
  @PrimaryColumn({ type: 'text' })
  jiraCommentId: string;

  @Column({ type: 'uuid' })
  deviationId: string;

  @Column({ type: 'uuid', nullable: true })
  commentId: string | null;

  @Column({ type: 'text' })
  origin: 'ours' | 'jira';

  /** Hash of the Jira body last seen: an edit in Jira is noticed once. */
  @Column({ type: 'text' })
  bodyHash: string;

  /** Null for our own comments. */
  @Column({ type: 'text', nullable: true })
  sharing: CommentSharing | null;

  @Column({ type: 'text', nullable: true })
  notSharedReason: NotSharedReason | null;

  @Column({ type: 'text', nullable: true })
  authorKind: CommentAuthorKind | null;

  @Column({ type: 'timestamptz', nullable: true })
  jiraCreatedAt: Date | null;

  /** A held comment is released by the pull that runs at or after this time. */
  @Column({ type: 'timestamptz', nullable: true })
  holdUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  releasedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  /** When the `avvikelse.shared` comment property was written in Jira, so triagers can see what the party got. */
  @Column({ type: 'timestamptz', nullable: true })
  markedInJiraAt: Date | null;
}
