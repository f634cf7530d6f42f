import type { Page } from 'playwright-core';
import { Role } from '../../src/actor/role';
import { aDriftleverantör, aParty, aUser } from '../factories/party.factory';
import { browserSuite, expectCleanPage } from '../support/browser';
import { ownerDb } from '../support/database';
import { startPortalTest } from '../support/portal';
import { ONE_PIXEL_PNG } from '../support/portal-journeys';

const ANNA = { subject: 'anna-evidence', name: 'Anna Andersson', email: 'anna@goteborg.example' };
const BO = { subject: 'bo-evidence', name: 'Bo Berg', email: 'bo@malmo.example' };
const SAVED = /^Utkastet sparat \d\d:\d\d$/;
/** The attachment limit for this file: small, so a file too large is quick to send. */
const LIMIT = 4096;

/**
 * Issue 22's "evidence upload with progress" and "image preview" in a real Chromium: with JavaScript the report form
 * uploads to its draft and the deviation page's form uploads in place, a progress bar reaching the end and the file
 * listed; a refused type is said beside the field. A declaration's attachments upload the same way (the same script,
 * templates and answer). The thumbnail route checks the download's access and shows images only.
 */
// Three logins and four pages through axe and html-validate: a minute or two on a loaded machine.
jest.setTimeout(180_000);

describe('portal evidence upload and preview in a browser (e2e)', () => {
  const suite = browserSuite('evidence', () => startPortalTest([ANNA, BO], { ATTACHMENT_MAX_BYTES: String(LIMIT) }, { listen: true }));
  let page: Page;

  /** A fresh context (browserSuite closes it after the test) logged in through the demo provider, left on `path`. */
  const logInAs = async (person: typeof ANNA, path: string) => {
    page = await suite.open();
    await page.goto(`${suite.app.baseUrl}${path}`);
    await page.getByLabel(person.name, { exact: false }).check();
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${suite.app.baseUrl}${path}`);
    return { page };
  };
  const rows = async (sql: string, values: unknown[] = []) => (await ownerDb()).query(sql, values);

  it('should upload evidence to the draft with a progress bar reaching the end, list it with its thumbnail, and refuse a type beside the field', async () => {
    await aUser({ partyId: (await aParty({ name: 'Göteborgs Stad' })).id, subject: ANNA.subject, role: Role.Reporter });
    ({ page } = await logInAs(ANNA, '/deviations/new'));
    const file = page.locator('#evidence-file');
    // Without a title there is no draft to attach to yet: the field says so instead of losing the file.
    await file.setInputFiles({ name: 'skarm.png', mimeType: 'image/png', buffer: ONE_PIXEL_PNG });
    await page.locator('#evidence-file-error', { hasText: 'Skriv en rubrik först' }).waitFor();
    expect(await file.getAttribute('aria-invalid')).toBe('true');

    await page.locator('#rubrik').fill('Inloggningen visar fel sida');
    await page.locator('#autosave-status', { hasText: SAVED }).waitFor({ timeout: 15_000 });
    await file.setInputFiles({ name: 'skarm.png', mimeType: 'image/png', buffer: ONE_PIXEL_PNG });
    await page.locator('#evidence-file-status', { hasText: 'skarm.png är uppladdad.' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#evidence-file-progress').getAttribute('value')).toBe('100');
    expect(await page.locator('#evidence-file-status').getAttribute('role')).toBe('status');
    expect(await page.locator('label[for="evidence-file-progress"]').textContent()).toBe('Uppladdning av filen');
    await page.getByRole('link', { name: 'Ladda ned skarm.png' }).waitFor();
    const thumbnail = page.getByRole('img', { name: 'Förhandsvisning av skarm.png' });
    await page.waitForFunction((image) => (image as { complete: boolean }).complete, await thumbnail.elementHandle());
    expect(await thumbnail.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    expect(await file.getAttribute('aria-invalid')).toBeNull();
    const [draft] = await rows(`SELECT id, status FROM deviation`);
    expect(draft.status).toBe('utkast');
    expect(await rows(`SELECT filename, content_type FROM deviation_attachment WHERE deviation_id = $1`, [draft.id])).toEqual([
      { filename: 'skarm.png', content_type: 'image/png' },
    ]);

    // HTML is not evidence, whatever its name says: refused beside the field, with the catalogue's text.
    await file.setInputFiles({ name: 'sida.txt', mimeType: 'text/plain', buffer: Buffer.from('<!doctype html><script>alert(1)</script>') });
    await page.locator('#evidence-file-error', { hasText: 'Filer av den typen tas inte emot' }).waitFor({ timeout: 15_000 });
    expect(await file.getAttribute('aria-describedby')).toBe('evidence-file-hint evidence-file-error');
    await file.setInputFiles({ name: 'stor.txt', mimeType: 'text/plain', buffer: Buffer.alloc(LIMIT + 1, 'x') });
    await page.locator('#evidence-file-error', { hasText: 'Filen är större än vad som tas emot' }).waitFor({ timeout: 15_000 });
    await expectCleanPage(page, 'report form, evidence uploaded and one refused');
    expect(await rows(`SELECT count(*)::int AS files FROM deviation_attachment`)).toEqual([{ files: 1 }]);

    // On the deviation page the enhanced form uploads in place the same way.
    await page.goto(`${suite.app.baseUrl}/deviations/${draft.id}`);
    await page.locator('#file').setInputFiles({ name: 'logg.txt', mimeType: 'text/plain', buffer: Buffer.from('14:02 timeout\n') });
    await page.getByRole('button', { name: 'Ladda upp' }).click();
    await page.locator('#file-status', { hasText: 'logg.txt är uppladdad.' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#file-progress').getAttribute('value')).toBe('100');
    expect(page.url()).toBe(`${suite.app.baseUrl}/deviations/${draft.id}`);
    await page.getByRole('link', { name: 'Ladda ned logg.txt' }).waitFor();
    await expectCleanPage(page, 'deviation page, evidence uploaded in place');
  });

  it('should upload a declaration attachment in place with the progress bar reaching the end and its thumbnail listed', async () => {
    await aUser({ partyId: (await aDriftleverantör({ name: 'Drift AB' })).id, subject: ANNA.subject, role: Role.Reporter });
    await logInAs(ANNA, '/declarations');
    await page.getByRole('button', { name: 'Påbörja' }).click();
    await page.waitForURL(/\/declarations\/[0-9a-f-]{36}$/);
    const address = page.url();
    const id = address.split('/').pop()!;
    await page.locator('#file').setInputFiles({ name: 'intyg.png', mimeType: 'image/png', buffer: ONE_PIXEL_PNG });
    await page.getByRole('button', { name: 'Ladda upp bilaga' }).click();
    await page.locator('#file-status', { hasText: 'intyg.png är uppladdad.' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#file-progress').getAttribute('value')).toBe('100');
    // Uploaded in place: the script answered, the page did not post its form and reload.
    expect(page.url()).toBe(address);
    const thumbnail = page.getByRole('img', { name: 'Förhandsvisning av intyg.png' });
    await page.waitForFunction((image) => (image as { complete: boolean }).complete, await thumbnail.elementHandle());
    expect(await thumbnail.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    await page.getByRole('link', { name: 'Ladda ned intyg.png' }).waitFor();
    expect(await page.locator('[data-evidence-empty]').count()).toBe(0);
    expect(await rows(`SELECT filename, content_type FROM declaration_attachment WHERE declaration_id = $1`, [id])).toEqual([
      { filename: 'intyg.png', content_type: 'image/png' },
    ]);

    await page.locator('#file').setInputFiles({ name: 'stor.txt', mimeType: 'text/plain', buffer: Buffer.alloc(LIMIT + 1, 'x') });
    await page.getByRole('button', { name: 'Ladda upp bilaga' }).click();
    await page.locator('#file-error', { hasText: 'Filen är större än vad som tas emot' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#file').getAttribute('aria-invalid')).toBe('true');
    await expectCleanPage(page, 'declaration page, attachment uploaded in place and one refused');
    expect(await rows(`SELECT count(*)::int AS files FROM declaration_attachment`)).toEqual([{ files: 1 }]);
  });

  it('should serve a thumbnail only of an image, inert, and only to the party that may download it', async () => {
    const göteborg = await aParty({ name: 'Göteborgs Stad' });
    await aUser({ partyId: göteborg.id, subject: ANNA.subject, role: Role.Reporter });
    await aUser({ partyId: (await aParty({ name: 'Malmö Stad' })).id, subject: BO.subject, role: Role.Reporter });
    ({ page } = await logInAs(ANNA, '/deviations/new'));
    await page.getByLabel('Rubrik').fill('Bilden visas');
    await page.locator('#autosave-status', { hasText: SAVED }).waitFor({ timeout: 15_000 });
    for (const [name, buffer] of [
      ['bild.png', ONE_PIXEL_PNG],
      ['logg.txt', Buffer.from('14:02 timeout\n')],
    ] as const) {
      await page.locator('#evidence-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
      await page.locator('#evidence-file-status', { hasText: `${name} är uppladdad.` }).waitFor({ timeout: 15_000 });
    }
    const files = await rows(`SELECT id, deviation_id, filename FROM deviation_attachment ORDER BY filename`);
    const [image, text] = files.map((file: { id: string; deviation_id: string }) => `/deviations/${file.deviation_id}/evidence/${file.id}`);

    const shown = await page.request.get(`${suite.app.baseUrl}${image}/preview`);
    expect({ status: shown.status(), headers: shown.headers() }).toMatchObject({
      status: 200,
      headers: {
        'content-type': 'image/png',
        'content-disposition': 'inline',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
      },
    });
    expect(Buffer.compare(await shown.body(), ONE_PIXEL_PNG)).toBe(0);
    expect((await page.request.get(`${suite.app.baseUrl}${text}/preview`)).status()).toBe(404);
    expect((await page.request.get(`${suite.app.baseUrl}${text}`)).status()).toBe(200);

    const bo = (await logInAs(BO, '/')).page;
    for (const path of [`${image}/preview`, image]) {
      const seen = await bo.request.get(`${suite.app.baseUrl}${path}`);
      expect({ path, status: seen.status(), image: seen.headers()['content-type'] === 'image/png' }).toEqual({
        path,
        status: 404,
        image: false,
      });
    }
  });
});
