import { Injectable } from '@nestjs/common';
import { Brackets, SelectQueryBuilder } from 'typeorm';
import { Actor, isSkr, scopeOf } from '../auth/actor';
import { RequestValidationError } from '../common/domain-error';
import { ScopedDb } from '../database/scoped-db';
import { Deviation } from './deviation.entity';
import { ListDeviationsQueryDto } from './dto/list-deviations-query.dto';

const SORT_COLUMNS = { created: 'd.created_at', updated: 'd.updated_at', key: 'd.key' } as const;
const EXPORT_MAX_ROWS = 50_000;

/** Lists, search and export of the deviations an actor may see. */
@Injectable()
export class DeviationQueriesService {
  constructor(private readonly db: ScopedDb) {}

  /** One page, keyset-paginated on (sort value, id) so pages stay stable while rows are added. */
  async list(actor: Actor, query: ListDeviationsQueryDto): Promise<{ items: Deviation[]; nextCursor: string | null }> {
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const builder = this.filtered(manager.createQueryBuilder(Deviation, 'd'), actor, query);
      const column = SORT_COLUMNS[query.sort];
      const direction = query.order === 'asc' ? 'ASC' : 'DESC';
      if (after) {
        const op = direction === 'ASC' ? '>' : '<';
        builder.andWhere(`(${column}, d.id) ${op} (:afterValue, :afterId)`, { afterValue: after.value, afterId: after.id });
      }
      const rows = await builder
        .orderBy(column, direction)
        .addOrderBy('d.id', direction)
        .limit(query.limit + 1)
        .getMany();
      const items = rows.slice(0, query.limit);
      const last = items[items.length - 1];
      const nextCursor = rows.length > query.limit && last ? encodeCursor(sortValue(last, query.sort), last.id) : null;
      return { items, nextCursor };
    });
  }

  /** Every matching deviation, for the CSV export (bounded). */
  async export(actor: Actor, query: ListDeviationsQueryDto): Promise<Deviation[]> {
    return this.db.transaction(scopeOf(actor), (manager) =>
      this.filtered(manager.createQueryBuilder(Deviation, 'd'), actor, query)
        .orderBy('d.created_at', 'ASC')
        .addOrderBy('d.id', 'ASC')
        .limit(EXPORT_MAX_ROWS)
        .getMany(),
    );
  }

  private filtered(builder: SelectQueryBuilder<Deviation>, actor: Actor, q: ListDeviationsQueryDto): SelectQueryBuilder<Deviation> {
    // Row-level security already limits the rows; the explicit filter keeps the plan on the party's index.
    if (!isSkr(actor)) builder.andWhere('d.party_id = :own', { own: actor.partyId });
    else if (q.partyId) builder.andWhere('d.party_id = :partyId', { partyId: q.partyId });
    if (q.status) builder.andWhere('d.status = :status', { status: q.status });
    if (q.prioritet) builder.andWhere('d.prioritet = :prioritet', { prioritet: q.prioritet });
    if (q.del) builder.andWhere('d.del = :del', { del: q.del });
    if (q.miljö) builder.andWhere('d.miljo = :miljo', { miljo: q.miljö });
    if (q.kravreferens) builder.andWhere('d.kravreferens ILIKE :krav', { krav: `%${escapeLike(q.kravreferens)}%` });
    if (q.reporter) builder.andWhere('d.reporter_user_id = :reporter', { reporter: q.reporter });
    if (q.createdFrom) builder.andWhere('d.created_at >= :createdFrom', { createdFrom: q.createdFrom });
    if (q.createdTo) builder.andWhere('d.created_at < :createdTo', { createdTo: q.createdTo });
    if (q.updatedFrom) builder.andWhere('d.updated_at >= :updatedFrom', { updatedFrom: q.updatedFrom });
    if (q.updatedTo) builder.andWhere('d.updated_at < :updatedTo', { updatedTo: q.updatedTo });
    const text = q.q;
    if (text) {
      builder.andWhere(
        new Brackets((w) =>
          w.where(`d.search @@ websearch_to_tsquery('swedish', :q)`, { q: text }).orWhere('d.key = :exactKey', { exactKey: text.trim().toUpperCase() }),
        ),
      );
    }
    return builder;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function sortValue(d: Deviation, sort: ListDeviationsQueryDto['sort']): string {
  switch (sort) {
    case 'created':
      return d.createdAt.toISOString();
    case 'updated':
      return d.updatedAt.toISOString();
    case 'key':
      return d.key;
  }
}

function encodeCursor(value: string, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): { value: string; id: string } {
  try {
    const [value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof value === 'string' && value.length < 100 && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { value, id };
  } catch {
    // fall through to the validation error
  }
  throw new RequestValidationError([{ parameter: 'cursor', detail: 'Not a cursor returned by this API.', code: 'cursor' }]);
}
