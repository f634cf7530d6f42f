import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { UnprocessableError } from '../common/domain-error';
import { ScopedDb } from '../database/scoped-db';
import { Bastjänst } from '../parties/bastjanst.entity';
import { DeviationPart } from './deviation-part.entity';

/** The parts of SSBTEK and the bastjänster a deviation can concern. */
@Injectable()
export class DeviationPartsService {
  private partCodes: Set<string> | null = null;
  private bastjänstCodes: Set<string> | null = null;

  constructor(private readonly db: ScopedDb) {}

  async list(actor: Actor): Promise<DeviationPart[]> {
    return this.db.transaction(scopeOf(actor), (m) => m.find(DeviationPart, { order: { sortOrder: 'ASC' } }));
  }

  async bastjänster(actor: Actor): Promise<Bastjänst[]> {
    return this.db.transaction(scopeOf(actor), (m) => m.find(Bastjänst, { order: { sortOrder: 'ASC' } }));
  }

  /** As {@link assertExists}, for the bastjänst. */
  async assertBastjänstExists(manager: EntityManager, code: string | undefined, pointer: string): Promise<void> {
    if (code === undefined || this.bastjänstCodes?.has(code)) return;
    this.bastjänstCodes = new Set((await manager.find(Bastjänst)).map((b) => b.code));
    if (!this.bastjänstCodes.has(code)) {
      throw new UnprocessableError('BASTJANST_UNKNOWN', 'Unknown bastjänst.', [
        { pointer, detail: `Must be one of: ${[...this.bastjänstCodes].join(', ')}.`, code: 'isIn' },
      ]);
    }
  }

  /** Parts are reference data seeded by migration: read once, and again only when a code is not among them. */
  async assertExists(manager: EntityManager, code: string | null | undefined, pointer: string): Promise<void> {
    // null: a draft's part emptied again (the portal's autosave), which no part list needs to confirm.
    if (code === undefined || code === null || this.partCodes?.has(code)) return;
    this.partCodes = new Set((await manager.find(DeviationPart)).map((p) => p.code));
    if (!this.partCodes.has(code)) {
      throw new UnprocessableError('DEVIATION_PART_UNKNOWN', 'Unknown part.', [
        { pointer, detail: `Must be one of: ${[...this.partCodes].join(', ')}.`, code: 'isIn' },
      ]);
    }
  }
}
