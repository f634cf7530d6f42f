import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../../src/actor/role';
import { aSignature, completeAnswers, ssbtekTemplateId } from '../factories/declaration.factory';
import { aDriftleverantör } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { expectNotFoundForOtherParty } from '../support/isolation';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 9)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200, 0x20)]);
const NEJ_KEY = 'miljo.prestanda.svarstid-ett-90';

/**
 * Issue 7: references to evidence point at specific material — an attachment of a cited deviation *or of the
 * declaration* — with a locator. The declaration's own files: uploaded while it may be edited, cited by answers,
 * read by the party and SKR, removed only when nothing cites them; another party's request is a 404.
 */
describe('declaration attachments (e2e)', () => {
  let t: TestApp;
  let reporter: string;
  let foreign: string;
  let skr: string;
  let templateId: string;

  beforeAll(async () => {
    process.env.ATTACHMENTS_DIR = join(process.env.AVVIKELSE_TEST_TMP ?? '/tmp', `attachments-${process.env.JEST_WORKER_ID}`);
    process.env.ATTACHMENT_MAX_BYTES = String(64 * 1024);
    t = await startTestApp();
  });
  beforeEach(async () => {
    await truncateAll();
    reporter = await t.partyToken((await aDriftleverantör()).id, Role.Reporter);
    foreign = await t.partyToken((await aDriftleverantör()).id, Role.Admin);
    skr = await t.skrToken();
    templateId = await ssbtekTemplateId();
  });
  afterAll(async () => {
    delete process.env.ATTACHMENTS_DIR;
    delete process.env.ATTACHMENT_MAX_BYTES;
    await t.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const db = () => ownerDb();
  const count = async (table: string) => Number((await (await db()).query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const start = async () =>
    (await t.http.post('/api/v1/declarations').set(auth(reporter)).send({ templateId }).expect(201)).body as {
      id: string;
      version: number;
    };
  const upload = (id: string, file: Buffer, filename: string, token = reporter) =>
    t.http.post(`/api/v1/declarations/${id}/attachments`).set(auth(token)).attach('file', file, filename);
  const put = (d: { id: string; version: number }, what: string, body: object) =>
    t.http.put(`/api/v1/declarations/${d.id}/${what}`).set(auth(reporter)).set('If-Match', `W/"${d.version}"`).send(body);
  const aDeviation = async () => {
    const created = await t.http
      .post('/api/v1/deviations')
      .set(auth(reporter))
      .send({
        rubrik: 'Svarstid',
        reproduktionssteg: '1. Sök',
        utfall: 'Timeout',
        del: 'gränssnitt_mot_frågetjänster',
        miljö: 'produktion',
        kravreferens: 'SLA 4.8.1',
        påverkan: 2,
        tidpunkt: 1,
        kontaktpersoner: [{ namn: 'Anna', telefon: '+46701234567', epost: 'anna@kommun.se' }],
      });
    await t.http.post(`/api/v1/deviations/${created.body.id}/submit`).set(auth(reporter)).expect(200);
    return created.body as { id: string; key: string };
  };

  it('should store a file byte for byte, list it, and let the party and (once submitted) SKR read it', async () => {
    let d = await start();
    const uploaded = await upload(d.id, PDF, '../../Testrapport vecka 12.pdf');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ filename: 'Testrapport vecka 12.pdf', contentType: 'application/pdf', sizeBytes: PDF.length });
    expect(uploaded.body.sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    const [row] = await (await db()).query(`SELECT declaration_id, filename, size_bytes::int AS size, sha256 FROM declaration_attachment`);
    expect(row).toEqual({ declaration_id: d.id, filename: 'Testrapport vecka 12.pdf', size: PDF.length, sha256: uploaded.body.sha256 });

    const list = await t.http.get(`/api/v1/declarations/${d.id}/attachments`).set(auth(reporter));
    expect(list.body.map((a: { id: string }) => a.id)).toEqual([uploaded.body.id]);
    const download = await t.http
      .get(`/api/v1/declarations/${d.id}/attachments/${uploaded.body.id}`)
      .set(auth(reporter))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);

    // SKR sees a declaration once it is submitted, and its evidence with it.
    await t.http.get(`/api/v1/declarations/${d.id}/attachments`).set(auth(skr)).expect(404);
    for (const [what, body] of [
      ['answers', { answers: completeAnswers() }],
      ['signature', aSignature],
    ] as const)
      d = (await put(d, what, body).expect(200)).body;
    await t.http.post(`/api/v1/declarations/${d.id}/submit`).set(auth(reporter)).expect(200);
    const asSkr = await t.http.get(`/api/v1/declarations/${d.id}/attachments`).set(auth(skr));
    expect(asSkr.body.map((a: { id: string }) => a.id)).toEqual([uploaded.body.id]);
  });

  it("should accept evidence citing the declaration's own file or a cited deviation's, and nothing else", async () => {
    const deviation = await aDeviation();
    const devFile = (
      await t.http.post(`/api/v1/deviations/${deviation.id}/attachments`).set(auth(reporter)).attach('file', PNG, 'skärm.png').expect(201)
    ).body;
    const d = await start();
    const own = (await upload(d.id, PDF, 'rapport.pdf').expect(201)).body;
    const other = await start();
    const elsewhere = (await upload(other.id, PDF, 'annan.pdf').expect(201)).body;

    const answered = await put(d, 'answers', {
      answers: {
        [NEJ_KEY]: {
          svar: 'nej',
          citations: [deviation.key],
          evidence: [
            { attachmentId: own.id, locator: 'sidan 4, tabell 2' },
            { attachmentId: devFile.id, locator: 'skärmbilden, övre delen' },
          ],
        },
      },
    });
    expect(answered.status).toBe(200);
    expect(answered.body.answers[NEJ_KEY].evidence).toEqual([
      { attachmentId: own.id, deviationId: null, locator: 'sidan 4, tabell 2' },
      { attachmentId: devFile.id, deviationId: deviation.id, locator: 'skärmbilden, övre delen' },
    ]);
    const [stored] = await (await db()).query(`SELECT evidence FROM declaration_answer WHERE question_key = $1`, [NEJ_KEY]);
    expect(stored.evidence).toHaveLength(2);
    // The printable document names each file, whose it is, and where in it to look.
    const exported = await t.http.get(`/api/v1/declarations/${d.id}/export`).set(auth(reporter));
    expect(exported.text).toContain('rapport.pdf (deklarationens bilaga), sidan 4, tabell 2');
    expect(exported.text).toContain(`skärm.png (bilaga till ${deviation.key}), skärmbilden, övre delen`);

    // Another declaration's file is not material of this one.
    const refused = await put(answered.body, 'answers', {
      answers: { [NEJ_KEY]: { svar: 'nej', citations: [deviation.key], evidence: [{ attachmentId: elsewhere.id, locator: 's. 1' }] } },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([`/answers/${NEJ_KEY}/evidence/0/attachmentId`]);
    const [unchanged] = await (await db()).query(`SELECT evidence FROM declaration_answer WHERE question_key = $1`, [NEJ_KEY]);
    expect(unchanged.evidence).toEqual(stored.evidence);

    // A cited file cannot be removed from under its answer; an uncited one can.
    const inUse = await t.http.delete(`/api/v1/declarations/${d.id}/attachments/${own.id}`).set(auth(reporter));
    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe('DECLARATION_ATTACHMENT_IN_USE');
    expect(inUse.body.errors[0].pointer).toBe(`/answers/${NEJ_KEY}/evidence`);
    const spare = (await upload(d.id, PNG, 'extra.png').expect(201)).body;
    await t.http.delete(`/api/v1/declarations/${d.id}/attachments/${spare.id}`).set(auth(reporter)).expect(204);
    expect(
      (await (await db()).query(`SELECT id FROM declaration_attachment WHERE declaration_id = $1`, [d.id])).map(
        (r: { id: string }) => r.id,
      ),
    ).toEqual([own.id]);
    const audit = await (await db()).query(`SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY id`, [d.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['declaration.attachment_added', 'declaration.attachment_removed']),
    );
  });

  it('should refuse hostile uploads with problem+json and leave no row and no file', async () => {
    const d = await start();
    const dir = process.env.ATTACHMENTS_DIR!;
    const files = () => readdirSync(dir).filter((f) => f !== 'tmp').length + readdirSync(join(dir, 'tmp')).length;
    const before = files();
    const responses = [
      [await upload(d.id, Buffer.from([0x4d, 0x5a, 0x90, 0, 3]), 'rapport.pdf'), 415],
      [await upload(d.id, Buffer.alloc(70 * 1024, 0x41), 'stor.log'), 413],
      [await t.http.post(`/api/v1/declarations/${d.id}/attachments`).set(auth(reporter)).attach('fil', PNG, 'a.png'), 400],
      [
        await t.http
          .post(`/api/v1/declarations/${d.id}/attachments`)
          .set(auth(reporter))
          .set('Content-Type', 'multipart/form-data; boundary=x')
          .send('--x\r\nbroken'),
        400,
      ],
      [await upload(d.id, Buffer.alloc(0), 'tom.txt'), 415],
    ] as const;
    for (const [response, status] of responses) {
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await count('declaration_attachment')).toBe(0);
    expect(files()).toBe(before);
  });

  it('should take no upload and remove nothing once the declaration is submitted or withdrawn', async () => {
    let d = await start();
    const kept = (await upload(d.id, PNG, 'bild.png').expect(201)).body;
    for (const [what, body] of [
      ['answers', { answers: completeAnswers() }],
      ['signature', aSignature],
    ] as const)
      d = (await put(d, what, body).expect(200)).body;
    await t.http.post(`/api/v1/declarations/${d.id}/submit`).set(auth(reporter)).expect(200);
    const late = await upload(d.id, PNG, 'sen.png');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('DECLARATION_LOCKED');
    await t.http.delete(`/api/v1/declarations/${d.id}/attachments/${kept.id}`).set(auth(reporter)).expect(409);

    const draft = await start();
    await t.http.post(`/api/v1/declarations/${draft.id}/withdraw`).set(auth(reporter)).expect(200);
    expect((await upload(draft.id, PNG, 'efter.png')).status).toBe(409);
    expect(await count('declaration_attachment')).toBe(1);
  });

  it("should answer 404 to another party on every attachment endpoint, and to SKR for a draft's", async () => {
    const d = await start();
    const file = (await upload(d.id, PNG, 'bild.png').expect(201)).body;
    for (const call of [
      { method: 'get' as const, path: `/api/v1/declarations/${d.id}/attachments` },
      { method: 'get' as const, path: `/api/v1/declarations/${d.id}/attachments/${file.id}` },
      { method: 'delete' as const, path: `/api/v1/declarations/${d.id}/attachments/${file.id}` },
    ]) {
      await expectNotFoundForOtherParty(t, foreign, call);
    }
    const foreignUpload = await upload(d.id, PNG, 'intrång.png', foreign);
    expect(foreignUpload.status).toBe(404);
    // The foreign party's own declaration cannot reach this file by its id either.
    const theirs = (await t.http.post('/api/v1/declarations').set(auth(foreign)).send({ templateId }).expect(201)).body;
    await t.http.get(`/api/v1/declarations/${theirs.id}/attachments/${file.id}`).set(auth(foreign)).expect(404);
    await t.http.get(`/api/v1/declarations/${d.id}/attachments/${file.id}`).set(auth(skr)).expect(404);
    expect(await count('declaration_attachment')).toBe(1);
  });
});
