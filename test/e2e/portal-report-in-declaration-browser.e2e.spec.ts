import type { Page } from 'playwright-core';
import { Role } from '../../src/actor/role';
import { fieldIdOf } from '../../src/portal/declaration-detail.pages';
import { aDriftleverantör, aUser } from '../factories/party.factory';
import { browserSuite, expectCleanPage } from '../support/browser';
import { ownerDb } from '../support/database';
import { startPortalTest } from '../support/portal';
import { fillAndSendReport } from '../support/portal-journeys';

const ANNA = { subject: 'anna-inline-report', name: 'Anna Andersson', email: 'anna@drift.example' };
const NEJ_KEY = 'miljo.prestanda.svarstid-ett-90';

/**
 * Issue 22's "an inline new deviation" in a declaration, in a real Chromium with and without JavaScript: from an
 * answer, "Rapportera ny avvikelse" opens the report form in context; once it is submitted the new deviation is cited
 * in that answer and the person is back at it; from the answer's citation picker the same, back at the picker. A return
 * address that leaves the site is not followed.
 */
// Three journeys, each a login and a handful of pages: a minute or two on a loaded machine.
jest.setTimeout(240_000);

describe('portal: reporting a new deviation from a declaration answer (browser e2e)', () => {
  const suite = browserSuite('inline-report', () => startPortalTest([ANNA], {}, { listen: true }));
  let page: Page;

  /** A fresh context (browserSuite closes it after the test) logged in through the demo provider, left on `path`. */
  const logIn = async (path: string, javaScript = true) => {
    page = await suite.open({ javaScriptEnabled: javaScript });
    await page.goto(`${suite.app.baseUrl}${path}`);
    await page.getByLabel(ANNA.name, { exact: false }).check();
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${suite.app.baseUrl}${path}`);
  };
  /** The report form filled in as a person would, and sent. */
  const report = (rubrik: string) => fillAndSendReport(page, rubrik, 'Timeout efter 95 s');

  const rows = async (sql: string, values: unknown[] = []) => (await ownerDb()).query(sql, values);

  for (const javaScript of [true, false]) {
    it(`should cite the deviation reported from an answer in that answer and come back to it (${javaScript ? 'with' : 'without'} JavaScript)`, async () => {
      await aUser({ partyId: (await aDriftleverantör({ name: 'Drift AB' })).id, subject: ANNA.subject, role: Role.Reporter });
      await logIn('/declarations', javaScript);
      await page.getByRole('button', { name: 'Påbörja' }).click();
      await page.waitForURL(/\/declarations\/[0-9a-f-]{36}$/);
      const address = page.url();
      const id = address.split('/').pop()!;
      await page.goto(`${address}?section=miljo`);
      await page.locator(`a[href*="question=${NEJ_KEY}"]`, { hasText: 'Rapportera ny avvikelse' }).click();
      await page.waitForURL(/\/deviations\/new\?returnTo=/);
      if (javaScript) await expectCleanPage(page, 'report form opened from a declaration answer');

      await report('Svarstiden över 90 sekunder');

      await page.waitForURL(`${address}?section=miljo#${fieldIdOf(NEJ_KEY)}`);
      const [deviation] = await rows(`SELECT id, key, status FROM deviation`);
      expect(deviation.status).toBe('inskickad');
      expect(
        await rows(`SELECT svar, citations FROM declaration_answer WHERE declaration_id = $1 AND question_key = $2`, [id, NEJ_KEY]),
      ).toEqual([{ svar: 'nej', citations: [deviation.id] }]);
      await page.getByRole('link', { name: new RegExp(`^${deviation.key}`) }).waitFor();
      if (javaScript) await expectCleanPage(page, 'declaration answer citing the new deviation');
    });
  }

  it('should cite the deviation reported from the citation picker in that answer and come back to the picker (without JavaScript)', async () => {
    await aUser({ partyId: (await aDriftleverantör({ name: 'Drift AB' })).id, subject: ANNA.subject, role: Role.Reporter });
    await logIn('/declarations', false);
    await page.getByRole('button', { name: 'Påbörja' }).click();
    await page.waitForURL(/\/declarations\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const picker = `${suite.app.baseUrl}/declarations/${id}/citations?question=${NEJ_KEY}`;
    await page.goto(picker);
    await page.getByRole('link', { name: 'Rapportera en ny avvikelse' }).click();
    await page.waitForURL(/\/deviations\/new\?returnTo=/);
    await report('Svarstiden över 90 sekunder, från väljaren');

    await page.waitForURL(picker);
    const [deviation] = await rows(`SELECT id, key, status FROM deviation`);
    expect(deviation.status).toBe('inskickad');
    expect(
      await rows(`SELECT svar, citations FROM declaration_answer WHERE declaration_id = $1 AND question_key = $2`, [id, NEJ_KEY]),
    ).toEqual([{ svar: 'nej', citations: [deviation.id] }]);
    await page.getByRole('button', { name: `Ta bort ${deviation.key}` }).waitFor();
  });

  it('should not follow a return address off the site, nor cite in a declaration the address does not lead to', async () => {
    await aUser({ partyId: (await aDriftleverantör({ name: 'Drift AB' })).id, subject: ANNA.subject, role: Role.Reporter });
    await logIn('/declarations', false);
    await page.getByRole('button', { name: 'Påbörja' }).click();
    await page.waitForURL(/\/declarations\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      await page.goto(`${suite.app.baseUrl}/deviations/new?returnTo=${encodeURIComponent(returnTo)}&citeIn=${id}&question=${NEJ_KEY}`);
      expect(await page.locator('input[name="returnTo"], input[name="citeIn"]').count()).toBe(0);
    }
  });
});
