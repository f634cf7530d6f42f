import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Party } from '../parties/party.entity';

/** A deviation-list filter a person saved under a name in the portal, in the party they acted for (null: SKR). */
@Entity({ name: 'saved_filter' })
@Index('uq_saved_filter_party_name', ['partyId', 'userSubject', 'name'], { unique: true, where: 'party_id IS NOT NULL' })
@Index('uq_saved_filter_skr_name', ['userSubject', 'name'], { unique: true, where: 'party_id IS NULL' })
@Check('ck_saved_filter_name', 'char_length(name) BETWEEN 1 AND 80')
@Check('ck_saved_filter_query', 'char_length(query) <= 1000')
export class SavedFilter {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  partyId: string | null;

  @ManyToOne(() => Party)
  @JoinColumn({ name: 'party_id', foreignKeyConstraintName: 'fk_saved_filter_party' })
  party?: Party;

  /** The person's token subject, as `notification_preference.user_subject`. */
  @Column({ type: 'text' })
  userSubject: string;

  @Column({ type: 'text' })
  name: string;

  /** The list page's query string (`status=mottagen&q=csn`), without a cursor. */
  @Column({ type: 'text' })
  query: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
