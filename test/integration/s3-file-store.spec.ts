import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// s3rver ships no types; it is a test peer only.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };
import { Role } from '../../src/actor/role';
import { S3FileStore } from '../../src/storage/s3-file-store';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The S3-compatible file store against a real S3 server (s3rver), byte for byte. */
describe(S3FileStore.name, () => {
  let server: InstanceType<typeof S3rver>;
  let endpoint: string;
  const dir = mkdtempSync(join(tmpdir(), 's3rver-'));
  const settings = () => ({
    endpoint,
    region: 'eu-north-1',
    bucket: 'avvikelse-test',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });

  beforeAll(async () => {
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'avvikelse-test' }] });
    const address = await server.run();
    endpoint = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should round-trip a streamed multi-megabyte file byte for byte', async () => {
    const store = new S3FileStore(settings());
    const data = randomBytes(7 * 1024 * 1024 + 13);
    const pending = store.create();
    for (let offset = 0; offset < data.length; offset += 64 * 1024) {
      if (!pending.stream.write(data.subarray(offset, offset + 64 * 1024))) await new Promise((r) => pending.stream.once('drain', r));
    }
    pending.stream.end();
    await pending.commit();
    const chunks: Buffer[] = [];
    for await (const chunk of store.read(pending.key)) chunks.push(chunk as Buffer);
    const back = Buffer.concat(chunks);
    expect(back.length).toBe(data.length);
    expect(sha256(back)).toBe(sha256(data));
    await store.delete(pending.key);
    expect(await store.exists(pending.key)).toBe(false);
  });

  it('should leave nothing behind for an aborted upload', async () => {
    const store = new S3FileStore(settings());
    const pending = store.create();
    pending.stream.write(randomBytes(1024));
    await pending.abort();
    expect(await store.exists(pending.key)).toBe(false);
  });

  it('should serve the API attachment upload and download through S3', async () => {
    Object.assign(process.env, {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: 'avvikelse-test',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    const t = await startTestApp();
    try {
      await truncateAll();
      const token = await t.partyToken((await aParty()).id, Role.Reporter);
      const created = await t.http.post('/api/v1/deviations').set('Authorization', `Bearer ${token}`).send(aDeviationBody());
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(300_000)]);
      const upload = await t.http
        .post(`/api/v1/deviations/${created.body.id}/attachments`)
        .set('Authorization', `Bearer ${token}`)
        .attach('file', pdf, 'rapport.pdf');
      expect(upload.status).toBe(201);
      expect(upload.body).toMatchObject({ contentType: 'application/pdf', sha256: sha256(pdf) });
      const download = await t.http
        .get(`/api/v1/deviations/${created.body.id}/attachments/${upload.body.id}`)
        .set('Authorization', `Bearer ${token}`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(sha256(download.body as Buffer)).toBe(sha256(pdf));
      const [row] = await (await ownerDb()).query(`SELECT sha256 FROM deviation_attachment`);
      expect(row.sha256).toBe(sha256(pdf));
    } finally {
      await t.close();
      for (const key of ['STORAGE_DRIVER', 'S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) delete process.env[key];
    }
  });
});
