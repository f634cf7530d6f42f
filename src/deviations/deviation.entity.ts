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
  VersionColumn,
} from 'typeorm';
import { Party } from '../parties/party.entity';
import { Bastjänst } from '../parties/bastjanst.entity';
import { DeviationPart } from './deviation-part.entity';
import type { Prioritet } from '../agreements/priority';

/** The party-facing lifecycle, in the Swedish values parties and SKR use. */
export enum DeviationStatus {
  Utkast = 'utkast',
  Inskickad = 'inskickad',
  Mottagen = 'mottagen',
  UnderUtredning = 'under_utredning',
  Åtgärdas = 'åtgärdas',
  VäntarPåKomplettering = 'väntar_på_komplettering',
  Löst = 'löst',
  Stängd = 'stängd',
  Återkallad = 'återkallad',
}

export enum Miljö {
  Test = 'test',
  Produktion = 'produktion',
}

/** Where a deviation came from: a party reported it, or SKR registered it (by hand, or imported from its Jira). */
export enum DeviationSource {
  Part = 'part',
  RapporteradAvSkr = 'rapporterad_av_skr',
  JiraImport = 'jira_import',
}

/** A reporter's contact details as they were when reported (seed 000: every reporter must be reachable). */
export interface Kontaktperson {
  namn: string;
  telefon: string;
  epost: string;
}

/**
 * A deviation (avvikelse): what seed 000 says one must carry, who reported it, where it stands. Column names are
 * ASCII; the API speaks the Swedish field names.
 */
@Entity({ name: 'deviation' })
@Unique('uq_deviation_key', ['key'])
@Unique('uq_deviation_idempotency', ['partyId', 'idempotencyKey'])
@Index('ix_deviation_party_created', ['partyId', 'createdAt', 'id'])
@Index('ix_deviation_party_status', ['partyId', 'status'])
@Index('ix_deviation_responsible_created', ['responsiblePartyId', 'createdAt', 'id'])
@Index('ix_deviation_responsible_status', ['responsiblePartyId', 'status'])
@Index('ix_deviation_party_updated', ['partyId', 'updatedAt', 'id'])
@Index('ix_deviation_responsible_updated', ['responsiblePartyId', 'updatedAt', 'id'])
@Index('ix_deviation_awaiting_responsible', ['createdAt', 'id'], { where: 'responsible_party_id IS NULL AND submitted_at IS NOT NULL' })
@Check('ck_deviation_source', `source IN ('part', 'rapporterad_av_skr', 'jira_import')`)
@Check('ck_deviation_reporting_party', `(source = 'part') = (party_id IS NOT NULL)`)
// The deviations whose SLA clocks may run, for the alert scan (src/sla/sla-alerts.service.ts); keep in step with OPEN_STATUSES.
@Index('ix_deviation_sla_running', ['id'], {
  where: `status IN ('inskickad', 'mottagen', 'under_utredning', 'åtgärdas', 'väntar_på_komplettering') AND submitted_at IS NOT NULL AND prioritet IS NOT NULL`,
})
export class Deviation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Said on the phone: `AVV-2026-00042`. */
  @Column({ type: 'text' })
  key: string;

  /** The reporting party; null only for a deviation SKR registered itself (see `source`). */
  @Column({ type: 'uuid', nullable: true })
  partyId: string | null;

  @ManyToOne(() => Party)
  @JoinColumn({ name: 'party_id', foreignKeyConstraintName: 'fk_deviation_party' })
  party?: Party;

  @Column({ type: 'text', default: DeviationSource.Part })
  source: DeviationSource;

  /** The party whose system or obligation the deviation concerns and who must act on it; SKR sets it in triage. */
  @Column({ type: 'uuid', nullable: true })
  responsiblePartyId: string | null;

  @ManyToOne(() => Party)
  @JoinColumn({ name: 'responsible_party_id', foreignKeyConstraintName: 'fk_deviation_responsible_party' })
  responsibleParty?: Party;

  /**
   * The bastjänst the deviation concerns (seed 004); null for the central component or when unknown. The reporter
   * names it — its suggestion of whose it is — and SKR decides the responsible party from it.
   */
  @Column({ type: 'text', name: 'bastjanst', nullable: true })
  bastjänst: string | null;

  @ManyToOne(() => Bastjänst, { nullable: true })
  @JoinColumn({ name: 'bastjanst', foreignKeyConstraintName: 'fk_deviation_bastjanst' })
  bastjänstRow?: Bastjänst;

  @Column({ type: 'text' })
  reporterUserId: string;

  @Column({ type: 'enum', enum: DeviationStatus, enumName: 'deviation_status', default: DeviationStatus.Utkast })
  status: DeviationStatus;

  @Column({ type: 'text' })
  rubrik: string;

  @Column({ type: 'text', nullable: true })
  reproduktionssteg: string | null;

  @Column({ type: 'text', name: 'skal', nullable: true })
  skäl: string | null;

  @Column({ type: 'text', nullable: true })
  utfall: string | null;

  @Column({ type: 'text', name: 'forvantat', nullable: true })
  förväntat: string | null;

  @Column({ type: 'text', nullable: true })
  del: string | null;

  @ManyToOne(() => DeviationPart, { nullable: true })
  @JoinColumn({ name: 'del', foreignKeyConstraintName: 'fk_deviation_part' })
  part?: DeviationPart;

  @Column({ type: 'enum', enum: Miljö, enumName: 'deviation_environment', name: 'miljo', nullable: true })
  miljö: Miljö | null;

  @Column({ type: 'text', nullable: true })
  kravreferens: string | null;

  @Column({ type: 'smallint', name: 'paverkan', nullable: true })
  påverkan: number | null;

  @Column({ type: 'smallint', nullable: true })
  tidpunkt: number | null;

  /** The calendar of the party's agreement proposed `tidpunkt`; false once the reporter gives or confirms it. */
  @Column({ type: 'boolean', default: false })
  tidpunktProposed: boolean;

  @Column({ type: 'text', nullable: true })
  prioritet: Prioritet | null;

  /** SKR set the priority by hand; the matrix no longer decides it. */
  @Column({ type: 'boolean', default: false })
  prioritetOverridden: boolean;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  kontaktpersoner: Kontaktperson[];

  @Column({ type: 'uuid', nullable: true })
  duplicateOfId: string | null;

  /** Jira's resolution, copied when SKR resolves the issue. */
  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'text', nullable: true })
  idempotencyHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  /** Millisecond precision, like JavaScript dates, so a keyset cursor never skips a row. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @VersionColumn({ type: 'integer' })
  version: number;

  /** Swedish full-text search over rubrik, steps and result; kept by a trigger, never read by the application. */
  @Index('ix_deviation_search', { synchronize: false })
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  search: string | null;
}
