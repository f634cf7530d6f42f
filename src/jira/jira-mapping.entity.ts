import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How Jira's ids map to our values, by id (names change, ids do not): `status` ids to party-facing statuses and
 * `priority` ids to prioritet. SKR admins edit it; an id without a row makes the sync fail visibly.
 */
@Entity({ name: 'jira_mapping' })
export class JiraMapping {
  @PrimaryColumn({ type: 'text' })
  kind: 'status' | 'priority';

  @PrimaryColumn({ type: 'text' })
  jiraId: string;

  @Column({ type: 'text' })
  value: string;
}
