import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../actor/role';
import { AppUser } from './app-user.entity';
import { Party } from './party.entity';

/**
 * An offer of a membership, made to an e-mail address and accepted by whoever proves they read that mailbox (the
 * secret) while logged in as themselves (their token). Only the secret's SHA-256 is stored; the worker makes the
 * secret when it mails it, so it exists nowhere at rest.
 */
@Entity({ name: 'invitation' })
@Check('ck_invitation_role_party', `(role IN ('skr', 'skr-admin')) = (party_id IS NULL)`)
@Check('ck_invitation_accepted', `(accepted_at IS NULL) = (membership_id IS NULL)`)
@Index('ix_invitation_party', ['partyId', 'createdAt'])
export class Invitation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null for an SKR membership, which only an SKR admin offers. */
  @Column({ type: 'uuid', nullable: true })
  partyId: string | null;

  @ManyToOne(() => Party, { nullable: true })
  @JoinColumn({ name: 'party_id', foreignKeyConstraintName: 'fk_invitation_party' })
  party?: Party;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role' })
  role: Role;

  @Column({ type: 'varchar', length: 2, default: 'sv' })
  language: 'sv' | 'en';

  @Index('uq_invitation_secret_hash', { unique: true, where: 'secret_hash IS NOT NULL' })
  @Column({ type: 'char', length: 64, nullable: true, select: false })
  secretHash: string | null;

  /** The inviting actor's subject, as the audit trail names actors. */
  @Column({ type: 'text' })
  invitedBy: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  mailedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  membershipId: string | null;

  @ManyToOne(() => AppUser, { nullable: true })
  @JoinColumn({ name: 'membership_id', foreignKeyConstraintName: 'fk_invitation_membership' })
  membership?: AppUser;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
