import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsFileStore } from '../../src/storage/fs-file-store';
import { restoreDrill, type DrillOptions } from '../../tools/ops/restore-drill';
import { aDeviationRow } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { closeOwnerDb, ownerDb, truncateAll } from '../support/database';

/**
 * The restore drill of README "Backups" on the test PostgreSQL (the embedded server, as `npm start` runs it) and a
 * filesystem attachment store: backup, restore into fresh folders, a server on the restored copy, verification.
 */
describe('restore drill', () => {
  // A physical copy of the whole test cluster (~150 MB) twice, and a PostgreSQL started on it, on a busy machine.
  jest.setTimeout(240_000);
  let attachmentsDir: string;
  let options: DrillOptions;

  /** Evidence stored through the real file store, with its row as the upload would write it. */
  async function anAttachment(deviationId: string, partyId: string): Promise<string> {
    const bytes = randomBytes(50_000);
    const pending = new FsFileStore(attachmentsDir).create();
    pending.stream.end(bytes);
    await pending.commit();
    await (
      await ownerDb()
    ).query(
      `INSERT INTO deviation_attachment (deviation_id, party_id, filename, content_type, size_bytes, sha256, storage_key, uploaded_by)
       VALUES ($1, $2, 'bevis.png', 'image/png', $3, $4, $5, 'test')`,
      [deviationId, partyId, bytes.length, createHash('sha256').update(bytes).digest('hex'), pending.key],
    );
    return pending.key;
  }

  beforeEach(async () => {
    await truncateAll();
    attachmentsDir = mkdtempSync(join(tmpdir(), 'drill-attachments-'));
    options = {
      databaseUrl: process.env.DATABASE_URL!,
      dataDir: join(process.env.AVVIKELSE_TEST_TMP!, 'pg'),
      attachmentsDir,
    };
  });
  afterEach(() => rmSync(attachmentsDir, { recursive: true, force: true }));
  afterAll(() => closeOwnerDb());

  it('should restore every row and every attachment of the database into a fresh server and folder', async () => {
    const party = await aParty();
    const deviations = await Promise.all([1, 2, 3].map(() => aDeviationRow(party.id)));
    await anAttachment(deviations[0].id, party.id);
    await anAttachment(deviations[1].id, party.id);

    const report = await restoreDrill(options);

    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    // Counted on the restored server, not the source: what was written before the backup is there.
    const restored = Object.fromEntries(report.tables.map((row) => [row.table, row.restored]));
    expect(restored).toMatchObject({ party: expect.any(Number), deviation: 3, deviation_attachment: 2 });
    expect(report.tables.length).toBeGreaterThan(30);
    expect(report.attachmentsVerified).toBe(2);
    // The source is left as it was.
    const [{ n }] = (await (await ownerDb()).query('SELECT count(*)::int AS n FROM deviation')) as { n: number }[];
    expect(n).toBe(3);
  });

  it('should fail the drill when a row has lost its file, naming it', async () => {
    const party = await aParty();
    const deviation = await aDeviationRow(party.id);
    await anAttachment(deviation.id, party.id);
    const lost = await anAttachment(deviation.id, party.id);
    unlinkSync(join(attachmentsDir, lost));

    const report = await restoreDrill(options);

    expect(report.ok).toBe(false);
    expect(report.attachmentsVerified).toBe(1);
    expect(report.problems).toEqual([`deviation_attachment ${lost}: file missing`]);
  });
});
