import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Actor } from '../actor/actor';
import { DeviationQueriesService } from '../deviations/deviation-queries.service';
import { Deviation, DeviationStatus } from '../deviations/deviation.entity';
import { ListDeviationsQueryDto, RELATIONS, SORTABLE } from '../deviations/dto/list-deviations-query.dto';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import { DeclarationListPages } from './declaration-list.pages';
import type { PortalPage } from './portal-page.decorator';

/** The filters the list page offers; the rest of the API's query (dates, SKR's party filters) stays in the API. */
const FILTERS = ['status', 'relation', 'q', 'sort', 'order', 'cursor'] as const;
const START_ROWS = 5;

export interface DeviationRow {
  id: string;
  key: string;
  rubrik: string;
  status: DeviationStatus;
  prioritet: string;
  updatedAt: Date;
  relation: 'rapporterad' | 'ansvarig';
}

/** The deviations list (filters, search, sorting through the API's own query service) and the start page. */
@Injectable()
export class DeviationListPages {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly queries: DeviationQueriesService,
    private readonly declarations: DeclarationListPages,
  ) {}

  async list(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const values = Object.fromEntries(
      FILTERS.flatMap((name) =>
        typeof page.query[name] === 'string' && page.query[name] !== '' ? [[name, page.query[name] as string]] : [],
      ),
    );
    const query = plainToInstance(ListDeviationsQueryDto, values);
    const invalid = (await validate(query, { whitelist: true })).map((error) => error.property);
    const result = invalid.length ? { items: [], nextCursor: null } : await this.queries.list(actor, query);
    const next = result.nextCursor ? `/deviations?${new URLSearchParams({ ...values, cursor: result.nextCursor }).toString()}` : null;
    return this.renderer.render(
      '/portal/views/deviations',
      {
        rows: result.items.map((deviation) => rowOf(deviation, actor)),
        values,
        invalid,
        next,
        statuses: Object.values(DeviationStatus),
        relations: RELATIONS,
        sorts: SORTABLE,
      },
      page.context,
    );
  }

  async start(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const recent = (relation: 'rapporterad' | 'ansvarig') =>
      this.queries.list(actor, plainToInstance(ListDeviationsQueryDto, { relation, sort: 'updated', limit: START_ROWS }));
    const [reported, concerning, declarations] = await Promise.all([
      recent('rapporterad'),
      recent('ansvarig'),
      this.declarations.recent(actor),
    ]);
    return this.renderer.render(
      '/portal/views/start',
      { reported: reported.items.map((d) => rowOf(d, actor)), concerning: concerning.items.map((d) => rowOf(d, actor)), declarations },
      page.context,
    );
  }
}

export function rowOf(deviation: Deviation, actor: Actor): DeviationRow {
  return {
    id: deviation.id,
    key: deviation.key,
    rubrik: deviation.rubrik,
    status: deviation.status,
    prioritet: deviation.prioritet ?? 'none',
    updatedAt: deviation.updatedAt,
    relation: deviation.partyId === actor.partyId ? 'rapporterad' : 'ansvarig',
  };
}
