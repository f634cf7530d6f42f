import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor, isSkr, scopeOf } from '../actor/actor';
import { AuditEntry } from '../audit/audit-entry.entity';
import { AuditService } from '../audit/audit.service';
import { CursorCodec, invalidCursor, isInstant, isText, isUuidField } from '../common/cursor-codec';
import { type Page, pageOf } from '../common/page';
import { ScopedDb } from '../database/scoped-db';
import { Deviation } from './deviation.entity';
import { DeviationNotFoundError, ReporterOnlyError } from './deviations.errors';
import { deviationItemSql, isoInstantSql } from './dto/deviation-response.sql';
import { ListDeviationsQueryDto, type SortField } from './dto/list-deviations-query.dto';

/**
 * Priority as a number that sorts: descending puts `kritisk` first, deviations without a priority last. The same
 * expression is the keyset column, so it must stay in step with {@link priorityRank}.
 */
const PRIORITY_RANK_SQL = `CASE d.prioritet WHEN 'kritisk' THEN 4 WHEN 'hög' THEN 3 WHEN 'medel' THEN 2 WHEN 'låg' THEN 1 ELSE 0 END`;

/**
 * Each sort's keyset column, the SQL type its cursor value is compared as, and the column as the cursor carries it
 * (what {@link sortValue} gives for an entity).
 */
const SORTS: Record<SortField, { column: string; cast: string; cursorText: string }> = {
  created: { column: 'd.created_at', cast: 'timestamptz', cursorText: isoInstantSql('d.created_at') },
  updated: { column: 'd.updated_at', cast: 'timestamptz', cursorText: isoInstantSql('d.updated_at') },
  prioritet: { column: PRIORITY_RANK_SQL, cast: 'integer', cursorText: `(${PRIORITY_RANK_SQL})::text` },
  key: { column: 'd.key', cast: 'text', cursorText: 'd.key' },
};
/** Where a row stands in a keyset order: its sort value as the cursor carries it, and its id. */
export interface Position {
  value: string;
  id: string;
}

/** A list row as PostgreSQL rendered it (listRendered): the item's JSON and its position. */
interface RenderedRow extends Position {
  item: string;
}

interface ListOptions {
  /** SKR's triage list: submitted deviations without a responsible party. */
  awaitingResponsible?: boolean;
}

const EXPORT_MAX_ROWS = 50_000;
const EXPORT_BATCH_ROWS = 1_000;

/** Reading the deviations an actor may see: one, its history, lists, search and export. */
@Injectable()
export class DeviationQueriesService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
  ) {}

  async get(actor: Actor, id: string): Promise<Deviation> {
    return this.db.read(scopeOf(actor), (manager) => this.findFor(manager, actor, id));
  }

  /**
   * The party's deviation an earlier create with Idempotency-Key `key` made, whatever body that create carried; null
   * when none did. The portal's report form continues the draft its lost first save created this way.
   */
  async createdWithKey(actor: Actor, key: string): Promise<Deviation | null> {
    const partyId = actor.partyId;
    if (!partyId) return null;
    return this.db.transaction(scopeOf(actor), (manager) => manager.findOneBy(Deviation, { partyId, idempotencyKey: key }));
  }

  async history(actor: Actor, id: string): Promise<AuditEntry[]> {
    await this.get(actor, id);
    return this.audit.history(actor, 'deviation', id);
  }

  /**
   * Finds a deviation the actor may see, or the same 404 for "foreign", "missing" and — for SKR — "never submitted":
   * a draft is the party's own until it is submitted, and stays so when the party withdraws it unsubmitted.
   * Row-level security cannot say this (the worker acts as SKR and reads every row), so every use case acting for a
   * person comes through here.
   */
  async findFor(manager: EntityManager, actor: Actor, id: string, forUpdate = false): Promise<Deviation> {
    const deviation = await this.find(manager, id, forUpdate);
    if (isSkr(actor) ? !deviation.submittedAt : !concerns(deviation, actor.partyId)) throw new DeviationNotFoundError();
    return deviation;
  }

  /** As {@link findFor}, for what only the reporting party may do: the responsible party may read but not change it. */
  async findReportedBy(manager: EntityManager, actor: Actor, id: string, forUpdate = false): Promise<Deviation> {
    const deviation = await this.findFor(manager, actor, id, forUpdate);
    if (deviation.partyId !== actor.partyId) throw new ReporterOnlyError();
    return deviation;
  }

  /** Finds a deviation the transaction's scope may see, or the same 404 for "foreign" and "missing". */
  async find(manager: EntityManager, id: string, forUpdate = false): Promise<Deviation> {
    const deviation = await manager.findOne(Deviation, {
      where: { id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!deviation) throw new DeviationNotFoundError();
    return deviation;
  }

  /**
   * One page, keyset-paginated on (sort value, id) so pages stay stable while rows are added. A party's list without
   * `relation` is its reported page and its concerning page merged: `party_id = $1 OR responsible_party_id = $1` has
   * no index that reads it in order, so PostgreSQL sorted every row of the party (3.4 s for a party concerned by
   * ~98,000 deviations at 1,000,000 rows), where each half reads `limit + 1` rows off its own ordered index.
   */
  async list(actor: Actor, query: ListDeviationsQueryDto, options: ListOptions = {}): Promise<Page<Deviation>> {
    return this.page(actor, query, options, {
      read: (builder) => builder.getMany(),
      position: (deviation) => ({ value: sortValue(deviation, query.sort), id: deviation.id }),
    });
  }

  /**
   * {@link list} as the API answers it: each item is DeviationResponseDto's JSON as the actor sees it, rendered by
   * PostgreSQL (deviation-response.sql.ts), with the row's keyset position beside it.
   */
  async listRendered(actor: Actor, query: ListDeviationsQueryDto, options: ListOptions = {}): Promise<Page<string>> {
    const page = await this.page(actor, query, options, {
      read: (builder) =>
        builder
          .select(deviationItemSql(builder.connection.getMetadata(Deviation), 'd', actor.partyId === null ? null : ':viewer'), 'item')
          .addSelect(SORTS[query.sort].cursorText, 'value')
          .addSelect('d.id', 'id')
          .setParameter('viewer', actor.partyId)
          .getRawMany<RenderedRow>(),
      position: (row) => row,
    });
    return { items: page.items.map((row) => row.item), nextCursor: page.nextCursor };
  }

  private async page<T>(
    actor: Actor,
    query: ListDeviationsQueryDto,
    options: ListOptions,
    rows: { read: (builder: SelectQueryBuilder<Deviation>) => Promise<T[]>; position: (row: T) => Position },
  ): Promise<Page<T>> {
    const after = query.cursor ? decodeCursor(query.cursor, query) : null;
    return this.db.read(scopeOf(actor), async (manager) => {
      const page = (q: ListDeviationsQueryDto) => {
        const builder = this.filtered(manager.createQueryBuilder(Deviation, 'd'), actor, q);
        // SKR's triage list, on its own partial index.
        if (options.awaitingResponsible) builder.andWhere('d.responsible_party_id IS NULL');
        const { column, cast } = SORTS[q.sort];
        const direction = q.order === 'asc' ? 'ASC' : 'DESC';
        if (after) {
          const op = direction === 'ASC' ? '>' : '<';
          builder.andWhere(`(${column}, d.id) ${op} (CAST(:afterValue AS ${cast}), CAST(:afterId AS uuid))`, {
            afterValue: after.value,
            afterId: after.id,
          });
        }
        return rows.read(
          builder
            .orderBy(column, direction)
            .addOrderBy('d.id', direction)
            .limit(q.limit + 1),
        );
      };
      const read =
        isSkr(actor) || query.relation
          ? await page(query)
          : mergePages(
              await page({ ...query, relation: 'rapporterad' }),
              await page({ ...query, relation: 'ansvarig' }),
              query,
              rows.position,
            );
      return pageOf(read, query.limit, (last) => {
        const { value, id } = rows.position(last);
        return encodeCursor(query, value, id);
      });
    });
  }

  /**
   * Every matching deviation for the CSV export (at most EXPORT_MAX_ROWS), oldest first, in batches read by keyset:
   * an export of 50,000 rows holds one batch in memory, not all of them (the API stays inside its heap limit).
   * Each batch is its own short transaction; a row changed between two batches shows as it was when its batch was read.
   */
  async *exportBatches(actor: Actor, query: ListDeviationsQueryDto): AsyncGenerator<Deviation[]> {
    let after: Deviation | undefined;
    for (let read = 0; read < EXPORT_MAX_ROWS;) {
      const limit = Math.min(EXPORT_BATCH_ROWS, EXPORT_MAX_ROWS - read);
      const batch = await this.db.transaction(scopeOf(actor), (manager) => {
        const builder = this.filtered(manager.createQueryBuilder(Deviation, 'd'), actor, query);
        // created_at is stored to the millisecond (timestamptz(3)), so a Date is an exact keyset value.
        if (after)
          builder.andWhere('(d.created_at, d.id) > (:afterAt, CAST(:afterId AS uuid))', { afterAt: after.createdAt, afterId: after.id });
        return builder.orderBy('d.created_at', 'ASC').addOrderBy('d.id', 'ASC').limit(limit).getMany();
      });
      if (batch.length > 0) yield batch;
      if (batch.length < limit) return;
      read += batch.length;
      after = batch[batch.length - 1];
    }
  }

  private filtered(builder: SelectQueryBuilder<Deviation>, actor: Actor, q: ListDeviationsQueryDto): SelectQueryBuilder<Deviation> {
    // Row-level security already limits the rows; the explicit filter says the same, and with `relation` keeps the
    // plan on one party index read in order ("reported by us": party_id, "concerning us": responsible_party_id).
    if (!isSkr(actor)) {
      if (q.relation === 'rapporterad') builder.andWhere('d.party_id = :own', { own: actor.partyId });
      else if (q.relation === 'ansvarig') builder.andWhere('d.responsible_party_id = :own', { own: actor.partyId });
      else builder.andWhere('(d.party_id = :own OR d.responsible_party_id = :own)', { own: actor.partyId });
    } else {
      // A draft is the party's own until it is submitted (one withdrawn unsubmitted too): SKR neither lists nor exports it.
      builder.andWhere('d.submitted_at IS NOT NULL');
      if (q.partyId) builder.andWhere('d.party_id = :partyId', { partyId: q.partyId });
      if (q.responsiblePartyId) builder.andWhere('d.responsible_party_id = :responsible', { responsible: q.responsiblePartyId });
    }
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
          w
            .where(`d.search @@ websearch_to_tsquery('swedish', :q)`, { q: text })
            .orWhere('d.key = :exactKey', { exactKey: text.trim().toUpperCase() }),
        ),
      );
    }
    return builder;
  }
}

/**
 * The explicit half of "who sees a deviation": its reporter and its responsible party. (Only SKR sets the responsible
 * party, and only on a submitted deviation, so no party ever sees another's draft.)
 */
export function concerns(deviation: Pick<Deviation, 'partyId' | 'responsiblePartyId'>, partyId: string | null): boolean {
  return partyId !== null && (deviation.partyId === partyId || deviation.responsiblePartyId === partyId);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Two pages of one order merged into one page of that order: at most `limit + 1` rows, each once (a party may be both
 * reporter and responsible). Rows compare by their position as the cursor carries it, which orders as PostgreSQL
 * does: instants as fixed-width ISO 8601 text, the priority rank as one digit, the key (fixed-format ASCII), then the
 * id (uuid order is the order of its lower-case hex text).
 */
export function mergePages<T>(a: T[], b: T[], query: Pick<ListDeviationsQueryDto, 'order' | 'limit'>, position: (row: T) => Position): T[] {
  const sign = query.order === 'asc' ? 1 : -1;
  const compare = (x: Position, y: Position): number => {
    if (x.value !== y.value) return (x.value < y.value ? -1 : 1) * sign;
    return x.id === y.id ? 0 : (x.id < y.id ? -1 : 1) * sign;
  };
  const seen = new Set<string>();
  return [...a, ...b]
    .map((row) => ({ row, at: position(row) }))
    .sort((x, y) => compare(x.at, y.at))
    .filter(({ at }) => !seen.has(at.id) && seen.add(at.id))
    .slice(0, query.limit + 1)
    .map(({ row }) => row);
}

/** What a deviation sorts by, as its cursor carries it. */
export function sortValue(d: Deviation, sort: SortField): string {
  switch (sort) {
    case 'created':
      return d.createdAt.toISOString();
    case 'updated':
      return d.updatedAt.toISOString();
    case 'prioritet':
      return String(priorityRank(d.prioritet));
    case 'key':
      return d.key;
  }
}

/** {@link PRIORITY_RANK_SQL} in TypeScript. */
export function priorityRank(prioritet: string | null): number {
  return { kritisk: 4, hög: 3, medel: 2, låg: 1 }[prioritet ?? ''] ?? 0;
}

/** A sort value that compares as its sort's SQL type, so no cursor can make PostgreSQL fail a cast. */
const VALUE_SHAPE: Record<SortField, (value: string) => boolean> = {
  created: isInstant,
  updated: isInstant,
  prioritet: (v) => /^[0-4]$/.test(v),
  key: (v) => /^AVV-\d{4}-\d{5,12}$/.test(v),
};

/**
 * Cursor `{s, o, v, i}`: sort, order, the last row's sort value and id. It carries its sort and order so a cursor
 * from one listing is refused by another instead of skipping rows.
 */
const CURSOR = new CursorCodec({ s: isText, o: isText, v: isText, i: isUuidField });

export function encodeCursor(query: Pick<ListDeviationsQueryDto, 'sort' | 'order'>, value: string, id: string): string {
  return CURSOR.encode({ s: query.sort, o: query.order, v: value, i: id });
}

export function decodeCursor(cursor: string, query: Pick<ListDeviationsQueryDto, 'sort' | 'order'>): { value: string; id: string } {
  const { s, o, v, i } = CURSOR.decode(cursor);
  if (s !== query.sort || o !== query.order)
    throw invalidCursor(`This cursor belongs to another sort or order than ${query.sort} ${query.order}.`);
  if (!VALUE_SHAPE[query.sort](v)) throw invalidCursor();
  return { value: v, id: i };
}
