import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DataScope } from './data-scope';

/**
 * The only way services reach party-owned tables: one transaction whose transaction-local settings tell
 * PostgreSQL's row-level security who is asking. A query that forgets its own party filter still sees nothing
 * foreign, because the connection runs as a role without BYPASSRLS.
 */
@Injectable()
export class ScopedDb {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(scope: DataScope, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('app.party_id', $1, true), set_config('app.skr', $2, true)`, [
        scope.partyId ?? '',
        scope.skr ? 'on' : 'off',
      ]);
      return work(manager);
    });
  }
}
