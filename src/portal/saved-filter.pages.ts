import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Actor } from '../actor/actor';
import { isUuid } from '../common/uuid';
import { ListDeviationsQueryDto } from '../deviations/dto/list-deviations-query.dto';
import type { FormOutcome } from './portal-memberships.service';
import { SavedFilterLimitError, SavedFilterNameTakenError, SavedFilterNotFoundError } from './portal.errors';
import { SavedFiltersService } from './saved-filters.service';

/** The list filters a saved filter keeps: the list page's, without the cursor (a saved filter starts at page one). */
export const SAVED_FILTER_FIELDS = ['status', 'relation', 'q', 'sort', 'order'] as const;
const NAME_MAX = 80;
const QUERY_MAX = 1000;

/** The list page's query string of `source`'s filter fields, in a fixed order; empty and non-text values left out. */
export function filterQuery(source: Record<string, unknown>): string {
  const values = SAVED_FILTER_FIELDS.flatMap((name) => {
    const value = source[name];
    return typeof value === 'string' && value !== '' ? [[name, value] as [string, string]] : [];
  });
  return new URLSearchParams(values).toString();
}

/** Saving the list's current filter under a name, and deleting a saved one, from the deviation list page. */
@Injectable()
export class SavedFilterPages {
  constructor(private readonly filters: SavedFiltersService) {}

  /** Where a refused form goes back to: the list as it was filtered. */
  back(form: Record<string, unknown>): string {
    const query = filterQuery(form);
    return query.length > 0 && query.length <= QUERY_MAX ? `/deviations?${query}` : '/deviations';
  }

  /** The filter is validated as the list validates it, so a saved filter always opens a list, never an error. */
  async save(actor: Actor, form: Record<string, unknown>): Promise<FormOutcome> {
    const name = typeof form.filterName === 'string' ? form.filterName.trim() : '';
    if (name.length === 0 || name.length > NAME_MAX) return { errors: { filterName: 'list.saved.errors.name' } };
    const query = filterQuery(form);
    const invalid = await validate(plainToInstance(ListDeviationsQueryDto, Object.fromEntries(new URLSearchParams(query))), {
      whitelist: true,
    });
    if (invalid.length > 0 || query.length > QUERY_MAX) return { errors: { filterName: 'list.saved.errors.invalid' } };
    try {
      await this.filters.save(actor, name, query);
      return { location: `/deviations?${query}${query ? '&' : ''}filterSaved=1` };
    } catch (error) {
      if (error instanceof SavedFilterNameTakenError) return { errors: { filterName: 'list.saved.errors.taken' } };
      if (error instanceof SavedFilterLimitError) return { errors: { filterName: 'list.saved.errors.limit' } };
      throw error;
    }
  }

  async remove(actor: Actor, filterId: unknown): Promise<FormOutcome> {
    const gone = { errors: { savedFilters: 'list.saved.errors.gone' } };
    if (typeof filterId !== 'string' || !isUuid(filterId)) return gone;
    try {
      await this.filters.remove(actor, filterId);
      return { location: '/deviations?filterDeleted=1' };
    } catch (error) {
      if (error instanceof SavedFilterNotFoundError) return gone;
      throw error;
    }
  }
}
