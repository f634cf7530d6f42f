import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An attachment of ours already uploaded to the deviation's Jira issue. */
@Entity({ name: 'jira_attachment_link' })
@Index('ix_jira_attachment_link_deviation', ['deviationId'])
export class JiraAttachmentLink {
  @PrimaryColumn({ type: 'uuid' })
  attachmentId: string;

  @Column({ type: 'uuid' })
  deviationId: string;

  @Column({ type: 'text' })
  jiraAttachmentId: string;
}
