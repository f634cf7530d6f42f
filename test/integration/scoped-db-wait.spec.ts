import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { SYSTEM_SCOPE } from '../../src/database/data-scope';
import { DatabaseUnavailableError } from '../../src/database/pg-errors';
import { ScopedDb } from '../../src/database/scoped-db';

/**
 * How long a transaction waits for a database that is away is the caller's to say when the usual wait does not fit:
 * an e-mail already sent records it for as long as its claim holds (src/notifications/delivery-claims.ts).
 */
describe('ScopedDb waiting for a database that is away', () => {
  let dataSource: DataSource;
  let proxy: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // The test's PostgreSQL behind a loopback proxy the test can take away, as a restart takes the server away.
    const target = new URL(process.env.DATABASE_URL!);
    proxy = createServer((client) => {
      const server = createConnection(Number(target.port), target.hostname);
      for (const socket of [client, server]) {
        sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => sockets.delete(socket));
      }
      client.pipe(server).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const url = new URL(target);
    url.port = String((proxy.address() as { port: number }).port);
    dataSource = new DataSource({ ...dataSourceOptions({ url: url.toString(), poolSize: 1 }), logging: false });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy().catch(() => undefined);
    proxy.close();
  });

  it("should give up at the caller's deadline instead of the background wait of 30 s", async () => {
    await new Promise<void>((resolve) => {
      proxy.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    let runs = 0;

    const outcome = await new ScopedDb(dataSource)
      .transaction(SYSTEM_SCOPE, async () => runs++, { idempotent: true, waitUntil: new Date(Date.now() + 300) })
      .catch((error: unknown) => error);

    // Within jest's 5-s test timeout: the background wait would still be trying.
    expect({ unavailable: outcome instanceof DatabaseUnavailableError, runs }).toEqual({ unavailable: true, runs: 0 });
  });
});
