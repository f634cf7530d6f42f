import { pageOf } from './page';

describe(pageOf.name, () => {
  const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
  const cursorAfter = (last: { id: string }) => `after-${last.id}`;

  it('should cut the extra row and name the last one kept as the next cursor', () => {
    expect(pageOf(rows, 2, cursorAfter)).toEqual({ items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'after-b' });
  });

  it('should give no next cursor when the extra row is not there', () => {
    expect(pageOf(rows, 3, cursorAfter)).toEqual({ items: rows, nextCursor: null });
    expect(pageOf([], 3, cursorAfter)).toEqual({ items: [], nextCursor: null });
  });
});
