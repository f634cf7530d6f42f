import type { Deviation } from './deviation.entity';
import { type ListDeviationsQueryDto } from './dto/list-deviations-query.dto';
import { mergePages as mergeRows, sortValue } from './deviation-queries.service';

/** Entities merge by the position their cursor would carry, as the portal's list does. */
const mergePages = (a: Deviation[], b: Deviation[], query: Pick<ListDeviationsQueryDto, 'sort' | 'order' | 'limit'>) =>
  mergeRows(a, b, query, (d) => ({ value: sortValue(d, query.sort), id: d.id }));

const row = (id: string, createdAt: string, extra: Partial<Deviation> = {}): Deviation =>
  ({
    id,
    key: `AVV-2026-0000${id.slice(-1)}`,
    prioritet: null,
    createdAt: new Date(createdAt),
    updatedAt: new Date(createdAt),
    ...extra,
  }) as Deviation;

describe('mergePages (a party list = its reported page merged with its concerning page)', () => {
  const a1 = row('00000000-0000-0000-0000-000000000001', '2026-12-01T10:00:00Z');
  const a2 = row('00000000-0000-0000-0000-000000000002', '2026-12-03T10:00:00Z');
  const b3 = row('00000000-0000-0000-0000-000000000003', '2026-12-02T10:00:00Z');
  const b4 = row('00000000-0000-0000-0000-000000000004', '2026-12-04T10:00:00Z');

  it('should interleave both pages in the order asked for, newest first by default', () => {
    const ids = mergePages([a2, a1], [b4, b3], { sort: 'created', order: 'desc', limit: 10 }).map((d) => d.id.slice(-1));
    expect(ids).toEqual(['4', '2', '3', '1']);
  });

  it('should keep only limit + 1 rows, so the page knows whether there is a next one', () => {
    expect(mergePages([a1, a2], [b3, b4], { sort: 'created', order: 'asc', limit: 2 }).map((d) => d.id.slice(-1))).toEqual(['1', '3', '2']);
  });

  it('should list a deviation the party both reported and is responsible for once', () => {
    expect(mergePages([a1, a2], [a2], { sort: 'created', order: 'asc', limit: 10 })).toEqual([a1, a2]);
  });

  it('should break ties on the id, in the direction of the order, as the keyset does', () => {
    const same = '2026-12-05T10:00:00Z';
    const [x, y] = [row('00000000-0000-0000-0000-00000000000a', same), row('00000000-0000-0000-0000-00000000000b', same)];
    expect(mergePages([y], [x], { sort: 'updated', order: 'asc', limit: 10 })).toEqual([x, y]);
    expect(mergePages([x], [y], { sort: 'updated', order: 'desc', limit: 10 })).toEqual([y, x]);
  });

  it('should sort by priority rank and by key as SQL does', () => {
    const high = row('00000000-0000-0000-0000-000000000005', '2026-12-01T00:00:00Z', { prioritet: 'hög' } as Partial<Deviation>);
    const low = row('00000000-0000-0000-0000-000000000006', '2026-12-02T00:00:00Z', { prioritet: 'låg' } as Partial<Deviation>);
    expect(mergePages([low], [high], { sort: 'prioritet', order: 'desc', limit: 10 })).toEqual([high, low]);
    expect(mergePages([b4], [a1], { sort: 'key', order: 'asc', limit: 10 })).toEqual([a1, b4]);
  });
});
