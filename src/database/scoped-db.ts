import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { DataScope } from './data-scope';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The only way services reach party-owned tables: one transaction whose transaction-local settings tell
 * PostgreSQL's row-level security who is asking. A query that forgets its own party filter still sees nothing
 * foreign, because the connection runs as a role without BYPASSRLS.
 */
@Injectable()
export class ScopedDb {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async transaction<T>(scope: DataScope, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await begin(runner, scope);
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      // As TypeORM's own transaction(): roll back whatever is open (a failed COMMIT included), report the cause.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}

/**
 * Opens the transaction and sets the scope in ONE round trip (a simple-protocol batch of two statements) instead
 * of TypeORM's `START TRANSACTION` followed by a `set_config` query: every request pays for each round trip, and a
 * page read is only three of them. The runner is then told it is in a transaction, exactly as `startTransaction`
 * would leave it, so TypeORM's own `save` nests a savepoint instead of committing early, and commit/rollback work.
 * The batch has no bind parameters, so the values are checked here: a UUID and a fixed on/off.
 */
async function begin(runner: QueryRunner, scope: DataScope): Promise<void> {
  const partyId = scope.partyId ?? '';
  if (partyId !== '' && !UUID.test(partyId)) throw new Error('a data scope names its party by UUID');
  await runner.query(
    `START TRANSACTION; SELECT set_config('app.party_id', '${partyId}', true), set_config('app.skr', '${scope.skr ? 'on' : 'off'}', true)`,
  );
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = true;
  state.transactionDepth = 1;
}
