import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { type Actor, scopeOf } from '../actor/actor';
import { ScopedDb } from '../database/scoped-db';
import { SavedFilterLimitError, SavedFilterNameTakenError, SavedFilterNotFoundError } from './portal.errors';
import { SavedFilter } from '../deviations/saved-filter.entity';

/** Enough for a person's habits; the list page shows them all, without paging. */
export const SAVED_FILTERS_MAX = 20;

/**
 * A person's saved deviation-list filters, in the party they act for. Row-level security keeps each party to its own
 * rows (and SKR to its party-less ones); the explicit filter on the person keeps a colleague's rows out too.
 */
@Injectable()
export class SavedFiltersService {
  constructor(private readonly db: ScopedDb) {}

  async list(actor: Actor): Promise<SavedFilter[]> {
    return this.db.transaction(scopeOf(actor), (manager) => manager.find(SavedFilter, { where: ownedBy(actor), order: { name: 'ASC' } }));
  }

  async save(actor: Actor, name: string, query: string): Promise<SavedFilter> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      // Counted under a lock on the person's rows, so two tabs saving at once cannot pass the limit together.
      await lockPerson(manager, actor);
      if ((await manager.countBy(SavedFilter, ownedBy(actor))) >= SAVED_FILTERS_MAX) throw new SavedFilterLimitError(SAVED_FILTERS_MAX);
      if (await manager.existsBy(SavedFilter, { ...ownedBy(actor), name })) throw new SavedFilterNameTakenError();
      return manager.save(manager.create(SavedFilter, { partyId: actor.partyId, userSubject: actor.userId, name, query }));
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(scopeOf(actor), async (manager) => {
      const { affected } = await manager.delete(SavedFilter, { id, ...ownedBy(actor) });
      if (!affected) throw new SavedFilterNotFoundError();
    });
  }
}

function ownedBy(actor: Actor) {
  return { userSubject: actor.userId, partyId: actor.partyId ?? IsNull() };
}

async function lockPerson(manager: EntityManager, actor: Actor): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`saved_filter:${actor.partyId ?? 'skr'}:${actor.userId}`]);
}
