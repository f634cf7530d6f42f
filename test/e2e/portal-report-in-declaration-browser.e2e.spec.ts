import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Role } from '../../src/actor/role';
import { fieldIdOf } from '../../src/portal/declaration-detail.pages';
import { aDriftleverantör, aUser } from '../factories/party.factory';
import { expectCleanPage, launchBrowser, screenshotIfFailed } from '../support/browser';
import { ownerDb, truncateAll } from '../support/database';
import { startPortalTest, type PortalTest } from '../support/portal';
import { logInInBrowser } from '../support/portal-journeys';

const ANNA = { subject: 'anna-inline-report', name: 'Anna Andersson', email: 'anna@drift.example' };
const NEJ_KEY = 'miljo.prestanda.svarstid-ett-90';

/**
 * Issue 22's "an inline new deviation" in a declaration, in a real Chromium with and without JavaScript: from an
 * answer, "Rapportera ny avvikelse" opens the report form in context; once it is submitted the new deviation is cited
 * in that answer and the person is back at it. A return address that leaves the site is not followed.
 */
// Two journeys, each a login and a handful of pages: a minute or two on a loaded machine.
jest.setTimeout(240_000);

describe('portal: reporting a new deviation from a declaration answer (browser e2e)', () => {
  let portal: PortalTest;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortalTest([ANNA], {}, { listen: true }), launchBrowser()]);
  });
  beforeEach(() => truncateAll());
  afterEach(async () => {
    await screenshotIfFailed(page, 'inline-report');
    await context?.close();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  const rows = async (sql: string, values: unknown[] = []) => (await ownerDb()).query(sql, values);

  for (const javaScript of [true, false]) {
    it(`should cite the deviation reported from an answer in that answer and come back to it (${javaScript ? 'with' : 'without'} JavaScript)`, async () => {
      await aUser({ partyId: (await aDriftleverantör({ name: 'Drift AB' })).id, subject: ANNA.subject, role: Role.Reporter });
      ({ context, page } = await logInInBrowser(browser, portal, ANNA, '/declarations', { javaScript }));
      await page.getByRole('button', { name: 'Påbörja' }).click();
      await page.waitForURL(/\/declarations\/[0-9a-f-]{36}$/);
      const address = page.url();
      const id = address.split('/').pop()!;
      await page.goto(`${address}?section=miljo`);
      await page.locator(`a[href*="question=${NEJ_KEY}"]`, { hasText: 'Rapportera ny avvikelse' }).click();
      await page.waitForURL(/\/deviations\/new\?returnTo=/);
      if (javaScript) await expectCleanPage(page, 'report form opened from a declaration answer');

      await page.locator('#rubrik').fill('Svarstiden över 90 sekunder');
      await page.locator('#reproduktionssteg').fill('1. Sök testperson 3');
      await page.locator('#utfall').fill('Timeout efter 95 s');
      await page.locator('#del').selectOption({ index: 1 });
      await page.locator('label', { hasText: 'Produktion' }).click();
      await page.locator('label', { hasText: '2 – stor påverkan' }).click();
      await page.locator('#kravreferens').fill('SLA 4.8.1');
      await page.locator('#contactPhone').fill('070-123 45 67');
      await page.getByRole('button', { name: 'Skicka in avvikelsen' }).click();

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

  it('should not follow a return address off the site, nor cite in a declaration the address does not lead to', async () => {
    await aUser({ partyId: (await aDriftleverantör({ name: 'Drift AB' })).id, subject: ANNA.subject, role: Role.Reporter });
    ({ context, page } = await logInInBrowser(browser, portal, ANNA, '/declarations', { javaScript: false }));
    await page.getByRole('button', { name: 'Påbörja' }).click();
    await page.waitForURL(/\/declarations\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      await page.goto(`${portal.baseUrl}/deviations/new?returnTo=${encodeURIComponent(returnTo)}&citeIn=${id}&question=${NEJ_KEY}`);
      expect(await page.locator('input[name="returnTo"], input[name="citeIn"]').count()).toBe(0);
    }
  });
});
