import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntityManager,
  QueryFailedError,
  QueryRunner,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { RequestContext } from '../common/request-context';
import { DataScope, scopeSettings } from './data-scope';
import { DatabaseUnavailableError, isConnectionFailure, isTerminatedBeforeCommit } from './pg-errors';
import { readEachStatementAs } from './scoped-statement';

/**
 * How long a transaction waits for the database to come back. A person waiting for an HTTP answer gets a 503 soon;
 * background work (jobs, the outbox relay) waits out a restart or a quick failover, because failing half-way through
 * it costs more than waiting: a job that has sent an e-mail must still record that it did.
 */
const OUTAGE_WAIT_MS = { request: 2_000, background: 30_000 };

/** The work never committed (or, for a read, never finished) because the connection was lost or never made: it may run again. */
class ConnectionLost extends Error {
  constructor(cause: unknown) {
    super('the database connection was lost before the work was done', { cause });
  }
}

/** The transaction a page's reads share (ScopedDb.together), with the scope it was opened for. */
const sharedRead = new AsyncLocalStorage<{ scope: DataScope; manager: EntityManager }>();

/**
 * The only way services reach party-owned tables: one transaction whose transaction-local settings tell
 * PostgreSQL's row-level security who is asking. A query that forgets its own party filter still sees nothing
 * foreign, because the connection runs as a role without BYPASSRLS.
 */
@Injectable()
export class ScopedDb {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one transaction and commits it. A database that goes away for a moment (a restart, a failover)
   * is waited for: a transaction that could not start, or lost its connection before COMMIT, was rolled back by
   * the server and runs again once it is back, for up to OUTAGE_WAIT_MS (2 s in an HTTP request, 30 s in the
   * worker). A job that had just sent an e-mail thus still records it as sent, instead of leaving it claimed and
   * sending it again when the claim lapses. Past the wait, or when the connection died during a COMMIT that may
   * have committed (a crash; running `work` again could then do it twice), it fails with DatabaseUnavailableError:
   * a 503 at the API, a retried job in the worker.
   * `work` must therefore touch nothing but the database (or do what it may do twice, as an idempotent queue add).
   *
   * `idempotent: true` says that running `work` again after it committed changes nothing (it sets values, as
   * "this e-mail was sent at T"): a COMMIT whose outcome is unknown is then simply run again too, instead of failing
   * and leaving the caller to repeat what it did outside the database.
   *
   * `waitUntil` replaces the outage wait with a deadline of the caller's, for a record that must outlast a longer
   * outage than usual (what an e-mail already sent must record, for as long as its claim holds).
   */
  async transaction<T>(
    scope: DataScope,
    work: (manager: EntityManager) => Promise<T>,
    options: { idempotent?: boolean; waitUntil?: Date } = {},
  ): Promise<T> {
    const shared = sharedRead.getStore();
    if (shared && sameScope(shared.scope, scope) && !options.idempotent && !options.waitUntil) return work(shared.manager);
    return untilConnected(options.waitUntil?.getTime() ?? outageDeadline(), () => this.attempt(scope, work, options.idempotent === true));
  }

  /**
   * Runs `work` with every transaction of the same scope it opens (through any service) sent as a {@link read} on ONE
   * connection. A portal page reads through eight services at once; as eight transactions it held eight pooled
   * connections and paid sixteen extra round trips (BEGIN and COMMIT), which made PostgreSQL's share of a
   * deviation page 13 ms (bench, issue 22). For pages that only read: a write in there is refused instead of being
   * committed with the page, and a database error in one read fails the whole page, as it would anyway. The
   * statements run one after another on the one connection, in the order they are issued.
   */
  async together<T>(scope: DataScope, work: () => Promise<T>): Promise<T> {
    if (sharedRead.getStore()) return work();
    return this.read(scope, (manager) => sharedRead.run({ scope, manager }, work));
  }

  /**
   * Runs `work`, which only reads, with each of its statements sent together with `scope` in one round trip
   * (scoped-statement.ts): no BEGIN, no COMMIT. Every statement is its own read-only transaction, which is what a
   * READ COMMITTED transaction gives a read anyway (each statement sees the rows committed when it starts). A write, or
   * a TypeORM call that would open a transaction, is refused. Waits out a short outage as {@link transaction} does; a
   * read can always be run again.
   */
  async read<T>(scope: DataScope, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const shared = sharedRead.getStore();
    if (shared && sameScope(shared.scope, scope)) return work(shared.manager);
    return untilConnected(outageDeadline(), async () => {
      const runner = this.dataSource.createQueryRunner();
      let connected = false;
      try {
        await runner.connect();
        connected = true;
        readEachStatementAs(runner, scope);
        return await work(runner.manager);
      } catch (error) {
        throw isLost(error, connected) ? new ConnectionLost(error) : error;
      } finally {
        await runner.release();
      }
    });
  }

  private async attempt<T>(scope: DataScope, work: (manager: EntityManager) => Promise<T>, idempotent: boolean): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    let connected = false;
    let committing = false;
    try {
      await runner.connect();
      connected = true;
      await begin(runner, scope);
      const result = await work(runner.manager);
      committing = true;
      await runner.commitTransaction();
      return result;
    } catch (error) {
      // As TypeORM's own transaction(): roll back whatever is open (a failed COMMIT included), report the cause.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      if (!isLost(error, connected)) throw error;
      // A COMMIT that lost its connection may have committed, unless it was never sent (the runner was released
      // when the connection died) or the server's answer says it was refused (a fast shutdown or restart).
      if (committing && !idempotent && !(error instanceof QueryRunnerAlreadyReleasedError) && !isTerminatedBeforeCommit(error)) {
        throw new DatabaseUnavailableError(error);
      }
      throw new ConnectionLost(error);
    } finally {
      await runner.release();
    }
  }
}

function sameScope(a: DataScope, b: DataScope): boolean {
  return a.partyId === b.partyId && a.skr === b.skr;
}

/** The outage wait of OUTAGE_WAIT_MS from now: a person's request's, or background work's. */
function outageDeadline(): number {
  return Date.now() + (RequestContext.servingRequest() ? OUTAGE_WAIT_MS.request : OUTAGE_WAIT_MS.background);
}

/** Runs `attempt` again, backing off, while it fails with ConnectionLost and `deadline` has not passed. */
async function untilConnected<T>(deadline: number, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConnectionLost)) throw error;
      if (Date.now() >= deadline) throw new DatabaseUnavailableError(error.cause);
      await new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** tries, 500)));
    }
  }
}

/**
 * Whether `error` is the database connection failing (so the work did not happen and may run again), not the work's
 * own failure. Once connected, only the driver's own failures count: an error of another system (S3, Jira) thrown by
 * `work` stays as it is. A session the server ended between two statements (a fast shutdown) makes TypeORM release
 * the runner: the next statement fails as "already released", through the runner or, for `manager.query`, through
 * its provider.
 */
function isLost(error: unknown, connected: boolean): boolean {
  return connected
    ? (error instanceof QueryFailedError && isConnectionFailure(error)) ||
        error instanceof QueryRunnerAlreadyReleasedError ||
        error instanceof QueryRunnerProviderAlreadyReleasedError
    : isConnectionFailure(error);
}

/**
 * Opens the transaction and sets the scope in ONE round trip (a simple-protocol batch of two statements) instead
 * of TypeORM's `START TRANSACTION` followed by a `set_config` query: every request pays for each round trip, and a
 * page read is only three of them. The runner is then told it is in a transaction, exactly as `startTransaction`
 * would leave it, so TypeORM's own `save` nests a savepoint instead of committing early, and commit/rollback work.
 * The batch has no bind parameters, so the values are checked here: a UUID and a fixed on/off.
 */
async function begin(runner: QueryRunner, scope: DataScope): Promise<void> {
  const { partyId, skr } = scopeSettings(scope);
  await runner.query(`START TRANSACTION; SELECT set_config('app.party_id', '${partyId}', true), set_config('app.skr', '${skr}', true)`);
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = true;
  state.transactionDepth = 1;
}
