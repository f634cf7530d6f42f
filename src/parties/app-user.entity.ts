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
import { Role } from '../actor/role';

/**
 * A person or system client known to the service. Tokens identify it by `subject` (the token's `sub`). When a user
 * row exists it is authoritative for role and language and must belong to the token's party; machine clients
 * without a row act with the roles in their token.
 */
@Entity({ name: 'app_user' })
@Unique('uq_app_user_subject', ['subject'])
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
