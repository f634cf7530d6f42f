import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { UnprocessableError } from '../common/domain-error';
import { ScopedDb } from '../database/scoped-db';
import { DeviationPart } from './deviation-part.entity';

/** The parts of SSBTEK a deviation can concern. */
@Injectable()
export class DeviationPartsService {
  private partCodes: Set<string> | null = null;

  constructor(private readonly db: ScopedDb) {}

  async list(actor: Actor): Promise<DeviationPart[]> {
    return this.db.transaction(scopeOf(actor), (m) => m.find(DeviationPart, { order: { sortOrder: 'ASC' } }));
  }

  /** Parts are reference data seeded by migration: read once, and again only when a code is not among them. */
  async assertExists(manager: EntityManager, code: string | undefined, pointer: string): Promise<void> {
    if (code === undefined || this.partCodes?.has(code)) return;
    this.partCodes = new Set((await manager.find(DeviationPart)).map((p) => p.code));
    if (!this.partCodes.has(code)) {
      throw new UnprocessableError('DEVIATION_PART_UNKNOWN', 'Unknown part.', [
        { pointer, detail: `Must be one of: ${[...this.partCodes].join(', ')}.`, code: 'isIn' },
      ]);
    }
  }
}
