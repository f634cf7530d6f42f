import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Party } from './party.entity';
import { Person } from './person.entity';
import { Role } from '../actor/role';

/**
 * A membership: one person acting for one party (or for SKR, party null) with a role, language and e-mail of
 * its own — a consultant serving three municipalities has three. The table keeps its historical name. The token's
 * party claim selects which membership acts; its role, not the token's, decides. Rows are made by accepting an
 * invitation (see InvitationsService), never by typing someone's subject.
 */
@Entity({ name: 'app_user' })
@Unique('uq_app_user_person_party', ['personId', 'partyId'])
@Check('ck_app_user_role_party', `(role IN ('skr', 'skr-admin')) = (party_id IS NULL)`)
export class AppUser {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null for SKR users. */
  @Index('ix_app_user_party_id')
  @Column({ type: 'uuid', nullable: true })
  partyId: string | null;

  @ManyToOne(() => Party, { nullable: true })
  @JoinColumn({ name: 'party_id', foreignKeyConstraintName: 'fk_app_user_party' })
  party?: Party;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person)
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_app_user_person' })
  person?: Person;

  /** The person's subject, copied: notification preferences and deliveries key on the token subject. */
  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role' })
  role: Role;

  @Column({ type: 'varchar', length: 2, default: 'sv' })
  language: 'sv' | 'en';

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
