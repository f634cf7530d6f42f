import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * How Jira's ids map to our values, by id (names change, ids do not): `status` ids to party-facing statuses,
 * `priority` ids to prioritet and `resolution` ids to the keys of the party's resolution texts. SKR admins edit it; an id without a row makes the sync fail visibly.
 */
@Entity({ name: 'jira_mapping' })
@Index('uq_jira_mapping_outbound', ['kind', 'value'], { unique: true, where: 'outbound' })
export class JiraMapping {
  @PrimaryColumn({ type: 'text' })
  kind: 'status' | 'priority' | 'resolution';

  @PrimaryColumn({ type: 'text' })
  jiraId: string;

  @Column({ type: 'text' })
  value: string;

  /**
   * The row used from our value to Jira's: where two Jira statuses mean the same to us, the one the sync moves an
   * issue to. Exactly one per value that is mapped at all.
   */
  @Column({ type: 'boolean', default: false })
  outbound: boolean;
}
