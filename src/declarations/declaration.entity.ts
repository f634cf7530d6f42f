import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Party } from '../parties/party.entity';
import { DeclarationTemplate } from './declaration-template.entity';

/**
 * Where a declaration stands. `komplettering` (after "godkänd med förbehåll") and `icke_godkänd` are open for the
 * party again and come back to SKR for a new review round when resubmitted.
 */
export enum DeclarationStatus {
  Utkast = 'utkast',
  Inskickad = 'inskickad',
  Komplettering = 'komplettering',
  Godkänd = 'godkänd',
  IckeGodkänd = 'icke_godkänd',
  /** Withdrawn by the party before it was ever submitted; kept for its history. */
  Tillbakadragen = 'tillbakadragen',
}

/** Statuses in which the party may change answers, known deviations and signature. */
export const EDITABLE_STATUSES: readonly DeclarationStatus[] = [
  DeclarationStatus.Utkast,
  DeclarationStatus.Komplettering,
  DeclarationStatus.IckeGodkänd,
];

/** One party's self-declaration, pinned to the published template version it was started on. */
@Entity({ name: 'declaration' })
@Index('ix_declaration_party_created', ['partyId', 'createdAt'])
@Index('ix_declaration_status', ['status'])
export class Declaration {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  partyId: string;

  @ManyToOne(() => Party)
  @JoinColumn({ name: 'party_id', foreignKeyConstraintName: 'fk_declaration_party' })
  party?: Party;

  @Column({ type: 'uuid' })
  templateId: string;

  @ManyToOne(() => DeclarationTemplate)
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'fk_declaration_template' })
  template?: DeclarationTemplate;

  @Column({ type: 'enum', enum: DeclarationStatus, enumName: 'declaration_status', default: DeclarationStatus.Utkast })
  status: DeclarationStatus;

  /** The review round the declaration is in; a resubmission after a review starts the next one. */
  @Column({ type: 'integer', default: 1 })
  round: number;

  @Column({ type: 'text' })
  createdBy: string;

  /** The contact person who signs (seed 000, "Underskrifter"). */
  @Column({ type: 'text', nullable: true })
  signatureName: string | null;

  /** ISO date (YYYY-MM-DD), as signed. */
  @Column({ type: 'date', nullable: true })
  signatureDate: string | null;

  /** Deviation ids the party lists as remaining at go-live; null while the list is derived from the answers' citations. */
  @Column({ type: 'jsonb', nullable: true })
  knownDeviationIds: string[] | null;

  /** Question keys reopened by a "godkänd med förbehåll" review; empty means the whole declaration is open. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  reopenedKeys: string[];

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @VersionColumn({ type: 'integer' })
  version: number;
}

/**
 * The short reference people quote for a declaration (`SD-1A2B3C4D`): e-mail subjects lead with it, and the
 * declaration's own response carries it so a party can match a notification to its declaration.
 */
export function declarationReference(declaration: Pick<Declaration, 'id'>): string {
  return `SD-${declaration.id.slice(0, 8).toUpperCase()}`;
}
