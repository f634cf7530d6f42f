import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { AgreementDefinition } from '../agreements/agreements';

/**
 * One version of a service-level agreement. Insert-only (the application role has no UPDATE on the table): a new
 * version gets a new code, so a party's history is always measured against the agreement it was bound to.
 */
@Entity({ name: 'agreement' })
export class Agreement {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  version: string;

  @Column({ type: 'jsonb' })
  definition: AgreementDefinition;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
