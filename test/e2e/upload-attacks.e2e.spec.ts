import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../../src/actor/role';
import { ssbtekTemplateId } from '../factories/declaration.factory';
import { aDeviationBody } from '../factories/deviation.factory';
import { aDriftleverantör } from '../factories/party.factory';
import { startApiProcess, rawRequest, type ApiProcess } from '../support/api-process';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';

const LIMIT = 64 * 1024;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 9)]);
const PE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

/**
 * The stream attacks of issue 17 against the BUILT API as a child process, so that a process exit is seen: a multipart
 * body cut before its closing boundary and a file over ATTACHMENT_MAX_BYTES used to kill it. Each must be answered with a
 * problem document, leave no row and no file, and the process must live on. Also: partial files a killed process left
 * behind are swept at start-up, and dangerous names and types are refused.
 */
describe('attachment uploads against the built API process (e2e)', () => {
  let t: TestApp;
  let api: ApiProcess;
  let port: number;
  const dir = join(process.env.AVVIKELSE_TEST_TMP ?? '/tmp', `upload-attacks-${process.env.JEST_WORKER_ID}`);
  const stale = join(dir, 'tmp', '00000000-0000-4000-8000-000000000001.part');
  const fresh = join(dir, 'tmp', '00000000-0000-4000-8000-000000000002.part');
  let token: string;
  let deviationId: string;
  let declarationId: string;

  const files = () => [...readdirSync(dir).filter((f) => f !== 'tmp'), ...readdirSync(join(dir, 'tmp'))].sort();
  const count = async (table: string) => Number((await (await ownerDb()).query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const http = (path: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } });
  const multipartHead = (path: string, boundary: string) =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n`;
  const filePart = (boundary: string, filename: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n`;
  const upload = (path: string, content: Buffer, filename: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(content)]), filename);
    return http(path, { method: 'POST', body: form });
  };
  const expectAliveWithNothingStored = async () => {
    expect(api.exits()).toBe(0);
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    expect(await count('deviation_attachment')).toBe(0);
    expect(await count('declaration_attachment')).toBe(0);
    expect(files()).toEqual([fresh.split('/').pop()]);
    expect(api.stderr()).not.toContain('uncaught');
  };

  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'tmp'), { recursive: true });
    // What a process killed mid-upload two hours ago left, and an upload in progress now.
    writeFileSync(stale, Buffer.alloc(1024));
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    writeFileSync(fresh, Buffer.alloc(1024));
    t = await startTestApp(); // mints tokens; the child trusts the same dev issuer key
    api = await startApiProcess({ ATTACHMENTS_DIR: dir, ATTACHMENT_MAX_BYTES: String(LIMIT) });
    port = api.port;
  }, 180_000);

  beforeEach(async () => {
    await truncateAll();
    token = await t.partyToken((await aDriftleverantör()).id, Role.Reporter);
    const deviation = await http('/api/v1/deviations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(aDeviationBody()),
    });
    deviationId = ((await deviation.json()) as { id: string }).id;
    const declaration = await http('/api/v1/declarations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ templateId: await ssbtekTemplateId() }),
    });
    declarationId = ((await declaration.json()) as { id: string }).id;
  });

  afterAll(async () => {
    await api?.stop();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should have swept a partial file older than an hour at start-up and kept a fresh one', () => {
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });

  it('should answer a multipart body that ends before its closing boundary with 400, for deviations and declarations alike', async () => {
    for (const path of [`/api/v1/deviations/${deviationId}/attachments`, `/api/v1/declarations/${declarationId}/attachments`]) {
      for (const body of [`${filePart('BND', 't.txt')}hello`, `${filePart('BND', 't.txt')}hello\r\n--BND`, '--BND\r\nContent-Disp']) {
        const response = await rawRequest(port, multipartHead(path, 'BND'), Buffer.from(body));
        expect({ path, body, status: response.status }).toEqual({ path, body, status: 400 });
        expect(response.headers).toMatch(/content-type: application\/problem\+json/i);
        expect(JSON.parse(response.body)).toMatchObject({ code: 'UPLOAD_INVALID', errors: [{ pointer: '/file' }] });
      }
    }
    await expectAliveWithNothingStored();
  });

  it('should answer a file over ATTACHMENT_MAX_BYTES with 413 while it is still being sent', async () => {
    for (const path of [`/api/v1/deviations/${deviationId}/attachments`, `/api/v1/declarations/${declarationId}/attachments`]) {
      // Declared as 1 MiB, sent as 3 × the limit: the answer must come without the rest.
      const sent = Buffer.concat([Buffer.from(filePart('BND', 'stor.log')), Buffer.alloc(3 * LIMIT, 0x61)]);
      const response = await rawRequest(port, multipartHead(path, 'BND'), sent, 1024 * 1024);
      expect({ path, status: response.status }).toEqual({ path, status: 413 });
      expect(response.headers).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE', errors: [{ pointer: '/file' }] });
    }
    // Also through an ordinary client that sends it all.
    const whole = await upload(`/api/v1/deviations/${deviationId}/attachments`, Buffer.alloc(LIMIT + 1, 0x61), 'stor.log');
    expect(whole.status).toBe(413);
    await expectAliveWithNothingStored();
  });

  it('should refuse executables, markup, scripts and names that lie about their content with 415 and a pointer', async () => {
    const polyglot = Buffer.concat([PNG, PE]);
    const cases: [string, Buffer][] = [
      ['fix.bat', Buffer.from('@echo off\r\ndel /q C:\\*\r\n')],
      ['x.html', Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>')],
      ['x.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
      ['x.txt', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
      ['run.exe', PE],
      ['run.png', PE],
      ['tool.exe', polyglot],
      ['faktura\u202Egnp.exe', PNG],
      ['bild.pdf', PNG],
    ];
    for (const [name, content] of cases) {
      const response = await upload(`/api/v1/deviations/${deviationId}/attachments`, content, name);
      const body = (await response.json()) as { code: string; errors: { pointer: string }[] };
      expect({ name, status: response.status, type: response.headers.get('content-type') }).toEqual({
        name,
        status: 415,
        type: 'application/problem+json; charset=utf-8',
      });
      expect(body.errors[0].pointer).toMatch(/^\/file/);
    }
    await expectAliveWithNothingStored();
  });

  it('should store a name without bidi controls and serve every download as an inert attachment', async () => {
    const response = await upload(`/api/v1/deviations/${deviationId}/attachments`, PNG, 'skärm\u202Ebild\u200B.png');
    expect(response.status).toBe(201);
    const stored = (await response.json()) as { id: string; filename: string; contentType: string };
    expect(stored).toMatchObject({ filename: 'skärmbild.png', contentType: 'image/png' });
    const download = await http(`/api/v1/deviations/${deviationId}/attachments/${stored.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="skarmbild.png"; filename*=UTF-8''sk%C3%A4rmbild.png`);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
  });
});
