import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { KontaktpersonDto } from '../deviations/dto/kontaktperson.dto';
import { Declaration } from './declaration.entity';

/** A pointer at the specific test result: an attachment of a cited deviation and where in it to look. */
export interface Evidence {
  attachmentId: string;
  /** The cited deviation the attachment belongs to; null for an attachment of the declaration itself. */
  deviationId: string | null;
  locator: string;
}

/** A not yet registered deviation described in an answer; it is registered when the declaration is submitted. */
export interface InlineDeviation {
  rubrik: string;
  reproduktionssteg?: string;
  skäl?: string;
  utfall?: string;
  förväntat?: string;
  del?: string;
  miljö?: string;
  kravreferens?: string;
  påverkan?: number;
  tidpunkt?: number;
  kontaktpersoner?: KontaktpersonDto[];
}

/** The party's answer to one question of the pinned template. */
@Entity({ name: 'declaration_answer' })
@Unique('uq_declaration_answer_question', ['declarationId', 'questionKey'])
export class DeclarationAnswer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  declarationId: string;

  @ManyToOne(() => Declaration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'declaration_id', foreignKeyConstraintName: 'fk_declaration_answer_declaration' })
  declaration?: Declaration;

  /** Denormalised for row-level security, like every party-owned table. */
  @Column({ type: 'uuid' })
  partyId: string;

  @Column({ type: 'text' })
  questionKey: string;

  /** `ja` | `nej` | `ej_relevant` for yes/no questions, the text, date, number or option key otherwise. */
  @Column({ type: 'text' })
  svar: string;

  @Column({ type: 'text', nullable: true })
  kommentar: string | null;

  /** Ids of the cited deviations (the party's own, never withdrawn when cited). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  citations: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  evidence: Evidence[];

  @Column({ type: 'jsonb', nullable: true })
  newDeviation: InlineDeviation | null;

  @Column({ type: 'text' })
  updatedBy: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
