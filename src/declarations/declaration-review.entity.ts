import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Declaration } from './declaration.entity';

/** SKR's review outcomes (seed 000, "Resultat"). */
export enum ReviewOutcome {
  Godkänd = 'godkänd',
  GodkändMedFörbehåll = 'godkänd_med_förbehåll',
  IckeGodkänd = 'icke_godkänd',
}

/** One review round of a declaration; rounds are kept, never overwritten. */
@Entity({ name: 'declaration_review' })
@Unique('uq_declaration_review_round', ['declarationId', 'round'])
@Index('ix_declaration_review_reminder_due', ['agreedDate'], { where: `outcome = 'godkänd_med_förbehåll' AND reminded_at IS NULL` })
export class DeclarationReview {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  declarationId: string;

  @ManyToOne(() => Declaration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'declaration_id', foreignKeyConstraintName: 'fk_declaration_review_declaration' })
  declaration?: Declaration;

  @Column({ type: 'uuid' })
  partyId: string;

  @Column({ type: 'integer' })
  round: number;

  @Column({ type: 'enum', enum: ReviewOutcome, enumName: 'declaration_review_outcome' })
  outcome: ReviewOutcome;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  /** "Godkänd med förbehåll": the date agreed for fixes and re-tests. */
  @Column({ type: 'date', nullable: true })
  agreedDate: string | null;

  /** "Icke godkänd": the new timetable agreed for fixes, new tests and the next review. */
  @Column({ type: 'text', nullable: true })
  newTimetable: string | null;

  /** Question keys reopened for komplettering. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  items: string[];

  @Column({ type: 'text' })
  reviewerUserId: string;

  @Column({ type: 'text' })
  reviewerName: string;

  @Column({ type: 'timestamptz' })
  decidedAt: Date;

  /** When the party was reminded that the agreed date is near (once per round; see the reminder scan). */
  @Column({ type: 'timestamptz', nullable: true })
  remindedAt: Date | null;
}
