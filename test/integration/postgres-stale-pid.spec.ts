import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../../tools/stack/postgres';

/** `npm start` after a killed run: a stale postmaster.pid is removed; a live one stops start-up with a clear message. */
describe('embedded PostgreSQL start-up after a killed run', () => {
  const root = mkdtempSync(join(tmpdir(), 'avvikelse-pid-'));
  const dataDir = join(root, 'pg');

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('should remove a stale postmaster.pid and start', async () => {
    const first = await startPostgres({ dataDir, persistent: true, fast: true });
    await first.stop();
    writeFileSync(join(dataDir, 'postmaster.pid'), `999999\n${dataDir}\n0\n${first.port}\n`);
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const second = await startPostgres({ dataDir, persistent: true, fast: true });
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(true);
    await second.stop();
  });

  it('should refuse to start over a PostgreSQL that still runs, naming its pid', async () => {
    writeFileSync(join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n0\n1\n`);
    await expect(startPostgres({ dataDir, persistent: true, fast: true })).rejects.toThrow(
      new RegExp(`pid ${process.pid}.*kill ${process.pid}`),
    );
    rmSync(join(dataDir, 'postmaster.pid'));
  });
});
