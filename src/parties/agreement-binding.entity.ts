import { Entity, JoinColumn, ManyToOne, PrimaryColumn, Column } from 'typeorm';
import { Agreement } from './agreement.entity';
import { Bastjänst } from './bastjanst.entity';
import { Party } from './party.entity';

/**
 * The agreement under which a party owes support for one bastjänst (Försäkringskassan: the UC as Driftleverantör, the
 * LEFI SLA for LEFI Online). A party without a binding for a bastjänst answers under its default (`party.agreement_code`).
 */
@Entity({ name: 'party_agreement' })
export class AgreementBinding {
  @PrimaryColumn({ type: 'uuid' })
  partyId: string;

  @PrimaryColumn({ type: 'text', name: 'bastjanst' })
  bastjänst: string;

  @Column({ type: 'text' })
  agreementCode: string;

  @ManyToOne(() => Party)
  @JoinColumn({ name: 'party_id', foreignKeyConstraintName: 'fk_party_agreement_party' })
  party?: Party;

  @ManyToOne(() => Bastjänst)
  @JoinColumn({ name: 'bastjanst', foreignKeyConstraintName: 'fk_party_agreement_bastjanst' })
  bastjänstRow?: Bastjänst;

  @ManyToOne(() => Agreement)
  @JoinColumn({ name: 'agreement_code', foreignKeyConstraintName: 'fk_party_agreement_agreement' })
  agreement?: Agreement;
}
