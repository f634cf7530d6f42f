import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { isSkr, scopeOf, type Actor } from '../actor/actor';
import { ScopedDb } from '../database/scoped-db';
import { DeviationQueriesService } from '../deviations/deviation-queries.service';
import { StatusBoardService } from '../driftinfo/status-board.service';
import { Deviation, DeviationStatus } from '../deviations/deviation.entity';
import { ListDeviationsQueryDto, RELATIONS, SORTABLE } from '../deviations/dto/list-deviations-query.dto';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import { PartiesService } from '../parties/parties.service';
import type { SlaReading } from '../sla/sla-clock';
import { SlaService } from '../sla/sla.service';
import { hoursAndMinutes, slaSummaryOf, type SlaSummary } from './sla-summary';
import { DeclarationListPages } from './declaration-list.pages';
import { PortalFormsService } from './portal-forms.service';
import { filterQuery, SAVED_FILTER_FIELDS } from './saved-filter.pages';
import { SavedFiltersService } from './saved-filters.service';
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
  /** How the row concerns the reader, as a catalogue key and its values: "reported by us", or for SKR who reported it to whom. */
  relation: { key: string; values: Record<string, string> };
}

/** A start page row's SLA: its running clock, no clock yet (a draft, no priority), or every clock stopped. */
type SlaCell = (Omit<SlaSummary, 'leftMs'> & { left: { hours: number; minutes: number } }) | 'none' | 'stopped';

/** Party names by id, for SKR's rows (SKR is no party, so "us" means nothing); empty for a party. */
type PartyNames = ReadonlyMap<string, string>;

/** The deviations list (filters, search, sorting through the API's own query service) and the start page. */
@Injectable()
export class DeviationListPages {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly queries: DeviationQueriesService,
    private readonly declarations: DeclarationListPages,
    private readonly parties: PartiesService,
    private readonly sla: SlaService,
    private readonly savedFilters: SavedFiltersService,
    private readonly forms: PortalFormsService,
    private readonly statusBoard: StatusBoardService,
    private readonly db: ScopedDb,
  ) {}

  async list(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const values = Object.fromEntries(
      FILTERS.flatMap((name) =>
        typeof page.query[name] === 'string' && page.query[name] !== '' ? [[name, page.query[name] as string]] : [],
      ),
    );
    const query = plainToInstance(ListDeviationsQueryDto, values);
    const invalid = (await validate(query, { whitelist: true })).map((error) => error.property);
    // The page's reads in one read-only transaction (ScopedDb.together).
    const [result, names, saved, flash] = await this.db.together(scopeOf(actor), () =>
      Promise.all([
        invalid.length ? { items: [], nextCursor: null } : this.queries.list(actor, query),
        this.partyNames(actor),
        this.savedFilters.list(actor),
        this.forms.takeFlash(page, 'saved-filters'),
      ]),
    );
    const next = result.nextCursor ? `/deviations?${new URLSearchParams({ ...values, cursor: result.nextCursor }).toString()}` : null;
    return this.renderer.render(
      '/portal/views/deviations',
      {
        rows: result.items.map((deviation) => rowOf(deviation, actor, names)),
        values,
        invalid,
        next,
        statuses: Object.values(DeviationStatus),
        relations: isSkr(actor) ? [] : RELATIONS,
        sorts: SORTABLE,
        savedFilters: saved.map((filter) => ({ id: filter.id, name: filter.name, href: `/deviations?${filter.query}` })),
        current: SAVED_FILTER_FIELDS.flatMap((name) => (values[name] ? [{ name, value: values[name] }] : [])),
        currentQuery: filterQuery(values),
        filterErrors: flash?.errors ?? {},
        filterName: flash?.values.filterName ?? '',
        filterDone: ['filterSaved', 'filterDeleted'].find((name) => page.query[name] === '1') ?? null,
      },
      page.context,
    );
  }

  /** A party's reported and concerning deviations; SKR, which reports none and is concerned by all, one list of them. */
  async start(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const recent = (relation?: 'rapporterad' | 'ansvarig') =>
      this.queries.list(actor, plainToInstance(ListDeviationsQueryDto, { relation, sort: 'updated', limit: START_ROWS }));
    const skr = isSkr(actor);
    // The page's reads in one read-only transaction (ScopedDb.together).
    const { reported, concerning, declarations, names, board, clocks } = await this.db.together(scopeOf(actor), async () => {
      const [reportedPage, concerningPage, recentDeclarations, partyNames, status] = await Promise.all([
        skr ? recent() : recent('rapporterad'),
        skr ? { items: [] } : recent('ansvarig'),
        this.declarations.recent(actor),
        this.partyNames(actor),
        // What the public status page shows as going on now: before reporting, a party sees whether it is known.
        this.statusBoard.current(page.context.language),
      ]);
      return {
        reported: reportedPage,
        concerning: concerningPage,
        declarations: recentDeclarations,
        names: partyNames,
        board: status.board,
        clocks: await this.sla.clocksOfMany(actor, [...reportedPage.items, ...concerningPage.items]),
      };
    });
    const rows = (items: Deviation[]) => items.map((d) => ({ ...rowOf(d, actor, names), sla: slaCellOf(clocks.get(d.id)?.reading) }));
    return this.renderer.render(
      '/portal/views/start',
      { skr, reported: rows(reported.items), concerning: rows(concerning.items), declarations, ongoing: board.ongoing },
      page.context,
    );
  }

  private async partyNames(actor: Actor): Promise<PartyNames> {
    if (!isSkr(actor)) return new Map();
    return new Map((await this.parties.listParties(actor)).map((party) => [party.id, party.name]));
  }
}

export function rowOf(deviation: Deviation, actor: Actor, names: PartyNames): DeviationRow {
  return {
    id: deviation.id,
    key: deviation.key,
    rubrik: deviation.rubrik,
    status: deviation.status,
    prioritet: deviation.prioritet ?? 'none',
    updatedAt: deviation.updatedAt,
    relation: relationOf(deviation, actor, names),
  };
}

function slaCellOf(reading: SlaReading | undefined): SlaCell {
  if (!reading) return 'none';
  const summary = slaSummaryOf(reading);
  if (!summary) return 'stopped';
  const { leftMs, ...rest } = summary;
  return { ...rest, left: hoursAndMinutes(leftMs) };
}

function relationOf(deviation: Deviation, actor: Actor, names: PartyNames): DeviationRow['relation'] {
  if (!isSkr(actor)) return { key: `deviation.relation.${deviation.partyId === actor.partyId ? 'rapporterad' : 'ansvarig'}`, values: {} };
  const reporter = (deviation.partyId && names.get(deviation.partyId)) || '';
  const responsible = deviation.responsiblePartyId ? names.get(deviation.responsiblePartyId) : undefined;
  return responsible
    ? { key: 'deviation.relation.skr', values: { reporter, responsible } }
    : { key: 'deviation.relation.skrAwaiting', values: { reporter } };
}
