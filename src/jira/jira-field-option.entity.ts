import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Bastjänst } from '../parties/bastjanst.entity';
import { Party } from '../parties/party.entity';

/**
 * The option of a Jira select field that stands for one party or one bastjänst (README, "How parties map to Jira").
 * By id, not by value: SKR may rename an option in Jira without breaking the mapping.
 */
@Entity({ name: 'jira_field_option' })
@Index('uq_jira_field_option_party', ['fieldId', 'partyId'], { unique: true, where: 'party_id IS NOT NULL' })
@Check('ck_jira_field_option_one_subject', `(party_id IS NULL) <> (bastjanst IS NULL)`)
@Index('uq_jira_field_option_bastjanst', ['fieldId', 'bastjänst'], { unique: true, where: 'bastjanst IS NOT NULL' })
export class JiraFieldOption {
  @PrimaryColumn({ type: 'text' })
  fieldId: string;

  @PrimaryColumn({ type: 'text' })
  optionId: string;

  /** The option's value when it was created or adopted. */
  @Column({ type: 'text' })
  value: string;

  @Column({ type: 'uuid', nullable: true })
  partyId: string | null;

  @ManyToOne(() => Party, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'party_id', foreignKeyConstraintName: 'fk_jira_field_option_party' })
  party?: Party;

  @Column({ type: 'text', name: 'bastjanst', nullable: true })
  bastjänst: string | null;

  @ManyToOne(() => Bastjänst, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bastjanst', foreignKeyConstraintName: 'fk_jira_field_option_bastjanst' })
  bastjänstRow?: Bastjänst;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
