import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { Agreement } from './agreement.entity';
import { DEFAULT_AGREEMENT_CODE } from '../agreements/agreements';

/** Values from the seeds: who takes part in SSBTEK. */
export enum PartyKind {
  Uppgiftslämnare = 'uppgiftslämnare',
  Driftleverantör = 'driftleverantör',
  Kommun = 'kommun',
  Systemleverantör = 'systemleverantör',
}

/** An organisation that reports deviations and fills in declarations (a "part"). SKR is not a party. */
@Entity({ name: 'party' })
@Unique('uq_party_organisation_number', ['organisationNumber'])
export class Party {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: PartyKind, enumName: 'party_kind' })
  kind: PartyKind;

  /** Its other roles, beside `kind` (Försäkringskassan: Uppgiftslämnare and Driftleverantör), on the same row. */
  @Column({ type: 'enum', enum: PartyKind, enumName: 'party_kind', array: true, default: () => "'{}'" })
  additionalKinds: PartyKind[];

  @Column({ type: 'text' })
  name: string;

  /** Swedish organisationsnummer, ten digits without hyphen. */
  @Column({ type: 'char', length: 10 })
  organisationNumber: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** The service-level agreement the party's deviations are measured against. */
  @Column({ type: 'text', default: DEFAULT_AGREEMENT_CODE })
  agreementCode: string;

  /**
   * Domains (lower-case, e.g. `goteborg.se`) SKR has registered as the party's own: a contact address in one of
   * them, or in a subdomain, is mailed like a member's address. Any other contact address is held back.
   */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  emailDomains: string[];

  @ManyToOne(() => Agreement)
  @JoinColumn({ name: 'agreement_code', foreignKeyConstraintName: 'fk_party_agreement' })
  agreement?: Agreement;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Every role the party has. */
export function kindsOf(party: Pick<Party, 'kind' | 'additionalKinds'>): PartyKind[] {
  return [...new Set([party.kind, ...party.additionalKinds])];
}
