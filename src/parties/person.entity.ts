import { CreateDateColumn, Entity, PrimaryGeneratedColumn, Column, Unique } from 'typeorm';

/**
 * One identity at the identity provider: the token's `iss` and `sub`. Created only when the person accepts an
 * invitation with their own token, so nobody can bind another person's identity. What the person may do lives in
 * their memberships (`app_user`), one per party.
 */
@Entity({ name: 'person' })
@Unique('uq_person_issuer_subject', ['issuer', 'subject'])
export class Person {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null only for people carried over from before issuers were recorded; their first login pins it. */
  @Column({ type: 'text', nullable: true })
  issuer: string | null;

  @Column({ type: 'text' })
  subject: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
