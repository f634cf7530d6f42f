import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { DatabaseUnavailableError } from '../../src/database/pg-errors';
import { ScopedDb } from '../../src/database/scoped-db';
import { SYSTEM_SCOPE } from '../../src/database/data-scope';
import { ownerDb, truncateAll } from '../support/database';

/**
 * A TCP proxy in front of the real PostgreSQL that, when armed, lets the next COMMIT through and then cuts the
 * connection before its answer reaches the client: what a database crash at the wrong moment looks like from the
 * application — the transaction committed, and the client cannot know it.
 */
class CommitCutter {
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  private armed = 0;
  commitsSeen = 0;

  async start(target: URL): Promise<URL> {
    this.server = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      this.sockets.add(client).add(upstream);
      let commitSent = false;
      client.on('data', (chunk: Buffer) => {
        // A simple-protocol Query message whose text is exactly COMMIT (TypeORM's commitTransaction).
        if (chunk.includes(Buffer.from('COMMIT\0'))) {
          this.commitsSeen++;
          if (this.armed > 0) {
            this.armed--;
            commitSent = true;
          }
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (commitSent) {
          client.destroy();
          upstream.destroy();
          return;
        }
        client.write(chunk);
      });
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const proxied = new URL(target.href);
    proxied.hostname = '127.0.0.1';
    proxied.port = String((this.server.address() as AddressInfo).port);
    return proxied;
  }

  /** The next COMMIT reaches the server, its answer does not. */
  cutNextCommit(): void {
    this.armed = 1;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('ScopedDb when a COMMIT is cut off', () => {
  const cutter = new CommitCutter();
  let dataSource: DataSource;
  let db: ScopedDb;

  beforeAll(async () => {
    const url = await cutter.start(new URL(process.env.DATABASE_URL!));
    dataSource = new DataSource({ ...dataSourceOptions({ url: url.href, poolSize: 2 }), logging: false });
    await dataSource.initialize();
    db = new ScopedDb(dataSource);
  });
  beforeEach(() => truncateAll());
  afterAll(async () => {
    await dataSource.destroy();
    await cutter.stop();
  });

  const repairs = async () =>
    ((await (await ownerDb()).query(`SELECT repairs::int FROM jira_integration`)) as { repairs: number }[])[0].repairs;

  it('should fail with DatabaseUnavailableError, not run the work again, when the COMMIT may have committed', async () => {
    cutter.cutNextCommit();
    const commitsBefore = cutter.commitsSeen;

    const outcome = db.transaction(SYSTEM_SCOPE, (m) => m.query(`UPDATE jira_integration SET repairs = repairs + 1`));

    await expect(outcome).rejects.toBeInstanceOf(DatabaseUnavailableError);
    // It did commit — exactly once: the caller is told the outcome is unknown instead of the work being repeated.
    expect(await repairs()).toBe(1);
    expect(cutter.commitsSeen - commitsBefore).toBe(1);
  });

  it('should run idempotent work again once the connection is back, and succeed', async () => {
    cutter.cutNextCommit();
    const commitsBefore = cutter.commitsSeen;
    let runs = 0;

    const result = await db.transaction(
      SYSTEM_SCOPE,
      async (m) => {
        runs++;
        await m.query(`UPDATE jira_integration SET repairs = 7`);
        return 'recorded';
      },
      { idempotent: true },
    );

    expect(result).toBe('recorded');
    expect(runs).toBe(2);
    expect(cutter.commitsSeen - commitsBefore).toBe(2);
    expect(await repairs()).toBe(7);
  });
});
