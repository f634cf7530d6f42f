import { Query } from 'pg';
import type { Connection } from 'pg';
import { type QueryRunner, QueryFailedError, QueryResult } from 'typeorm';
import { DataScope, scopeSettings } from './data-scope';

/**
 * What a read sets before its statement: who is asking (row-level security), and that it only reads. Transaction-local
 * (`true`), so it ends with the statement's implicit transaction.
 */
const SCOPE_SQL = `SELECT set_config('app.party_id', $1, true), set_config('app.skr', $2, true), set_config('transaction_read_only', 'on', true)`;

/** Only a statement that reads may run this way: a write, or TypeORM's START TRANSACTION, is refused before it is sent. */
const READS = /^\s*\(?\s*(SELECT|WITH)\b/i;

/** What node-postgres reports of a statement. */
interface StatementResult {
  rows: unknown[];
  rowCount: number | null;
}

/** node-postgres's own handling, which a ScopedStatement passes the statement's messages on to. */
const QUERY = Query.prototype as unknown as {
  submit: (connection: Connection) => Error | null;
  handleDataRow: (message: unknown) => void;
  handleCommandComplete: (message: unknown, connection: Connection) => void;
};

/**
 * One statement with its data scope set in front of it, in ONE round trip: the scope's set_config and the statement
 * are sent as two extended-protocol statements followed by a single Sync. PostgreSQL runs everything up to a Sync in
 * one implicit transaction (protocol docs, "Extended Query"), so the transaction-local settings hold for the
 * statement and are gone after it, as after a COMMIT. A read thus costs one round trip where BEGIN + set_config,
 * the statement and COMMIT cost three; at ~400 list requests a second those two extra round trips were a fifth of
 * the API's CPU (socket writes and their answers) and of PostgreSQL's (bench, issue 20).
 *
 * The scope statement's own row and completion are read past; the statement's result is the query's, exactly as
 * node-postgres reports any query. A failure of either arrives as the query's error (the server skips to the Sync).
 */
class ScopedStatement extends Query {
  private scopeSet = false;

  constructor(
    private readonly scopeValues: [string, string],
    text: string,
    values: unknown[] | undefined,
    callback: (error: Error | undefined, result: StatementResult) => void,
  ) {
    super({ text, values, queryMode: 'extended', callback } as ConstructorParameters<typeof Query>[0]);
  }

  // node-postgres writes a query's messages between cork() and uncork(): the scope's messages go into the same write.
  // Like Query's own, it returns (not throws) what keeps the statement from being sent.
  override submit = ((connection: Connection): Error | null => {
    connection.stream.cork();
    try {
      connection.parse({ name: '', text: SCOPE_SQL, types: [] }, false);
      connection.bind({ values: this.scopeValues }, false);
      connection.execute({}, false);
      return QUERY.submit.call(this, connection);
    } finally {
      connection.stream.uncork();
    }
  }) as (connection: Connection) => void;

  handleDataRow(message: unknown): void {
    if (this.scopeSet) QUERY.handleDataRow.call(this, message);
  }

  handleCommandComplete(message: unknown, connection: Connection): void {
    if (!this.scopeSet) {
      this.scopeSet = true;
      return;
    }
    QUERY.handleCommandComplete.call(this, message, connection);
  }
}

/**
 * Makes `runner` send every statement as a ScopedStatement of `scope`, one after another (node-postgres deprecates
 * a query sent while its client is busy, and the reads of a page run concurrently). The runner is its own, created
 * for this read and released after it: no pooled connection keeps the change.
 */
export function readEachStatementAs(runner: QueryRunner, scope: DataScope): void {
  const { partyId, skr } = scopeSettings(scope);
  const scopeValues: [string, string] = [partyId, skr];
  let last: Promise<unknown> = Promise.resolve();
  const query = async (text: string, parameters?: unknown[], structured = false): Promise<unknown> => {
    if (!READS.test(text)) throw new Error(`ScopedDb.read refused a statement that does not read: ${text.slice(0, 40)}`);
    const client = (await runner.connect()) as { query: (statement: ScopedStatement) => void };
    let raw: StatementResult;
    try {
      // node-postgres answers a query object of its own through the object's callback, not with a promise.
      raw = await new Promise<StatementResult>((resolve, reject) =>
        client.query(new ScopedStatement(scopeValues, text, parameters, (error, result) => (error ? reject(error) : resolve(result)))),
      );
    } catch (error) {
      // As TypeORM reports a failed query, so the callers' checks (lost connections, constraint names) apply.
      throw new QueryFailedError(text, parameters, error as Error);
    }
    if (!structured) return raw.rows;
    const result = new QueryResult();
    result.records = raw.rows;
    result.raw = raw.rows;
    result.affected = raw.rowCount ?? undefined;
    return result;
  };
  (runner as unknown as { query: typeof query }).query = (text, parameters, structured) => {
    const next = last.then(() => query(text, parameters, structured));
    last = next.catch(() => undefined);
    return next;
  };
}
