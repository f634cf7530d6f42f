// The plans of the hot queries as the application gets them: its role, row-level security and a party's scope,
// executed (EXPLAIN ANALYZE, BUFFERS) on the seeded table, each with a verdict.
import type { Pool } from 'pg';
import { kpiQueries, kpiWindow } from '../src/reports/kpi-queries';

interface PlanNode {
  'Node Type': string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

export interface PlanCheck {
  nodes: string[];
  executionMs: number;
  sharedHitBlocks: number;
  sharedReadBlocks: number;
  seqScan: boolean;
  sort: boolean;
  /** A page must come off an ordered index; a search may sort its matches (for a rare term that is the cheaper plan). */
  sortAllowed: boolean;
  verdict: 'met' | 'missed';
}

/** Whose scope a query runs in: the reading party's, or SKR's. */
type Scope = 'party' | 'skr';

/**
 * Each hot query as the service writes it, in whose scope, and whether a sort is acceptable in its plan. `$1` is the
 * reading party unless the query brings its own parameters.
 */
const QUERIES: { name: string; scope: Scope; sortAllowed: boolean; sql: string; params?: (readerId: string) => unknown[] }[] = [
  // The party's search as DeviationQueriesService writes it without ?relation: both sides, then the text (or a key).
  {
    name: 'search',
    scope: 'party',
    sortAllowed: true,
    sql: `SELECT * FROM deviation d WHERE (d.party_id = $1 OR d.responsible_party_id = $1)
            AND (d.search @@ websearch_to_tsquery('swedish', 'timeout') OR d.key = 'TIMEOUT') ORDER BY d.created_at DESC, d.id DESC LIMIT 26`,
  },
  // The two pages of issue 20, as DeviationQueriesService writes them for ?relation=rapporterad and ?relation=ansvarig.
  {
    name: 'reportedByUs',
    scope: 'party',
    sortAllowed: false,
    sql: `SELECT * FROM deviation d WHERE d.party_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT 26`,
  },
  {
    name: 'concerningUs',
    scope: 'party',
    sortAllowed: false,
    sql: `SELECT * FROM deviation d WHERE d.responsible_party_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT 26`,
  },
  // The list page without ?relation (the API's default and the portal's list page): both sides OR-ed. It is a page, so
  // sorting all of a party's rows misses the target.
  {
    name: 'list',
    scope: 'party',
    sortAllowed: false,
    sql: `SELECT * FROM deviation d WHERE (d.party_id = $1 OR d.responsible_party_id = $1) ORDER BY d.created_at DESC, d.id DESC LIMIT 26`,
  },
  // Not the service's query: the same page as two ordered index ranges, each cut to a page before the union is sorted
  // (at most 2 × 26 rows), measured beside `list` as the way to a list page that does not sort all of a party.
  {
    name: 'listAsUnion',
    scope: 'party',
    sortAllowed: true,
    sql: `SELECT * FROM ((SELECT * FROM deviation d WHERE d.party_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT 26)
            UNION ALL (SELECT * FROM deviation d WHERE d.responsible_party_id = $1 AND d.party_id IS DISTINCT FROM $1
                       ORDER BY d.created_at DESC, d.id DESC LIMIT 26)) u ORDER BY created_at DESC, id DESC LIMIT 26`,
  },
  // The portal's start page: the five most recently changed of each side (src/portal/deviation-list.pages.ts).
  {
    name: 'startReported',
    scope: 'party',
    sortAllowed: false,
    sql: `SELECT * FROM deviation d WHERE d.party_id = $1 ORDER BY d.updated_at DESC, d.id DESC LIMIT 6`,
  },
  {
    name: 'startConcerning',
    scope: 'party',
    sortAllowed: false,
    sql: `SELECT * FROM deviation d WHERE d.responsible_party_id = $1 ORDER BY d.updated_at DESC, d.id DESC LIMIT 6`,
  },
  { name: 'byKey', scope: 'party', sortAllowed: false, sql: `SELECT * FROM deviation WHERE key = 'AVV-2026-0000042' AND party_id = $1` },
  // SKR's triage list as the service writes it (submitted, nobody responsible yet), on its partial index.
  {
    name: 'triage',
    scope: 'skr',
    sortAllowed: false,
    sql: `SELECT * FROM deviation d WHERE d.submitted_at IS NOT NULL AND d.responsible_party_id IS NULL ORDER BY d.created_at DESC, d.id DESC LIMIT 26`,
  },
  // The SLA alert scan's batch (src/sla/sla-alerts.service.ts), every minute over the whole table.
  {
    name: 'slaScan',
    scope: 'skr',
    sortAllowed: false,
    sql: `SELECT * FROM deviation d WHERE d.status IN ('inskickad', 'mottagen', 'under_utredning', 'åtgärdas', 'väntar_på_komplettering')
            AND d.submitted_at IS NOT NULL AND d.prioritet IS NOT NULL
            AND (SELECT count(*) FROM sla_alert a WHERE a.deviation_id = d.id AND a.kind = 'brott') < 2
          ORDER BY d.id LIMIT 500`,
  },
  // The reading party's KPIs for this month by responsible party, as SKR asks for them in the read phase (bench/run.ts):
  // the counts aggregated in the database, and the cases whose clocks the report reads. Not pages: they may sort.
  ...(['counts', 'clockRows'] as const).map((read) => ({
    name: read === 'counts' ? 'kpiCounts' : 'kpiClockRows',
    scope: 'skr' as const,
    sortAllowed: true,
    sql: kpiQueries('ansvarig', [])[read].sql,
    params: (readerId: string) => {
      const now = new Date();
      return kpiQueries('ansvarig', [kpiWindow(readerId, now.toISOString().slice(0, 7), 'Europe/Stockholm', now)])[read].params;
    },
  })),
];

/**
 * The SLA clock's two definer functions (migration 1765802000000), read for every page of deviations the API and the
 * portal show (src/sla/sla.service.ts). EXPLAIN of a call shows only a Function Scan, so their bodies are explained as
 * the database has them now (pg_proc), as their definer, for a page of 25 of the reader's deviations. They may sort
 * (a window, a group); they must not scan audit_entry, notification_event or notification_delivery.
 */
const CLOCK_FUNCTIONS = [
  { name: 'clockStatusChanges', fn: 'app_deviation_status_changes' },
  { name: 'clockSolvedReports', fn: 'app_deviation_solved_reports' },
] as const;

const PAGE_IDS = `ARRAY(SELECT id FROM deviation WHERE responsible_party_id = $1 ORDER BY created_at DESC, id DESC LIMIT 25)`;

export async function explainHotQueries(owner: Pool, readerId: string): Promise<Record<string, PlanCheck>> {
  const checks: Record<string, PlanCheck> = {};
  const clockBodies = await Promise.all(
    CLOCK_FUNCTIONS.map(async ({ name, fn }) => {
      const { rows } = await owner.query<{ body: string }>(`SELECT prosrc AS body FROM pg_proc WHERE proname = $1`, [fn]);
      const sql = rows[0].body.replace(/\bids\b/g, PAGE_IDS);
      return { name, scope: 'definer' as const, sortAllowed: true, sql, params: undefined };
    }),
  );
  for (const { name, scope, sortAllowed, sql, params } of [...QUERIES, ...clockBodies]) {
    const values = params?.(readerId) ?? (sql.includes('$1') ? [readerId] : []);
    const { plan, executionMs } = await explainAsApp(owner, scope === 'party' ? readerId : null, sql, values, scope === 'definer');
    const nodes = nodeTypes(plan);
    const seqScan = nodes.includes('Seq Scan');
    const sort = nodes.some((n) => n === 'Sort' || n === 'Incremental Sort');
    checks[name] = {
      nodes,
      executionMs,
      sharedHitBlocks: plan['Shared Hit Blocks'] ?? 0,
      sharedReadBlocks: plan['Shared Read Blocks'] ?? 0,
      seqScan,
      sort,
      sortAllowed,
      verdict: seqScan || (sort && !sortAllowed) ? 'missed' : 'met',
    };
  }
  return checks;
}

/** Runs `sql` as the application would: its role, row-level security and a party's scope (SKR's for null). */
async function explainAsApp(
  owner: Pool,
  partyId: string | null,
  sql: string,
  values: unknown[],
  asDefiner = false,
): Promise<{ plan: PlanNode; executionMs: number }> {
  const client = await owner.connect();
  try {
    await client.query('BEGIN');
    // A SECURITY DEFINER body runs as the owner that defined it: row-level security does not apply inside.
    if (!asDefiner) await client.query('SET LOCAL ROLE avvikelse_app');
    await client.query(`SELECT set_config('app.party_id', $1, true), set_config('app.skr', $2, true)`, [
      partyId ?? '',
      partyId === null ? 'on' : 'off',
    ]);
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, values);
    const [explained] = rows[0]['QUERY PLAN'] as { Plan: PlanNode; 'Execution Time': number }[];
    return { plan: explained.Plan, executionMs: Math.round(explained['Execution Time'] * 100) / 100 };
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

function nodeTypes(plan: PlanNode): string[] {
  return [plan['Node Type'], ...(plan.Plans ?? []).flatMap(nodeTypes)];
}
