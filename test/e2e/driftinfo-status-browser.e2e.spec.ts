import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { startTestApp } from '../support/app';
import { browserSuite, expectCleanPage } from '../support/browser';
import { ownerDb } from '../support/database';
import { driftWriters, populateBoard } from '../support/drift-board';
import { resetThrottleCounters } from '../support/throttle';

// axe takes seconds a page on a loaded machine.
jest.setTimeout(120_000);

/** Issue 23's "done when": a populated status page is clean (axe WCAG 2.1 A/AA, html-validate) in a real Chromium. */
describe('driftinfo status page in a browser (e2e)', () => {
  const suite = browserSuite('status page', async () => {
    const t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    return t;
  });
  let baseUrl: string;
  let page: Page;

  beforeAll(() => {
    baseUrl = `http://127.0.0.1:${(suite.app.app.getHttpServer().address() as AddressInfo).port}`;
  });
  beforeEach(async () => {
    await resetThrottleCounters();
    page = await suite.open();
  });

  /** A person ticks an FKUI checkbox by its label, which lies over the input it styles. */
  const toggle = (id: string) => page.locator(`label[for="${id}"]`).click();
  const check = (label: string) => expectCleanPage(page, label);

  it('should show a populated board clean in Swedish and, after the switch, in English', async () => {
    await populateBoard(suite.app, await driftWriters(suite.app));
    await page.goto(`${baseUrl}/driftinformation`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Driftinformation');
    expect(await page.getByRole('heading', { name: 'CSN svarar inte' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Servicefönster & uppgradering <SSBTEK>' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Skatteverket långsamt' }).count()).toBe(1);
    expect(await page.getByRole('row', { name: 'CSN Otillgänglig' }).count()).toBe(1);
    await check('status page sv');

    await page.getByRole('link', { name: 'In English' }).click();
    await page.waitForURL(`${baseUrl}/driftinformation`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Service status');
    expect(await page.getByRole('heading', { name: 'CSN does not answer' }).count()).toBe(1);
    expect(await page.getByRole('row', { name: 'CSN (student finance) Unavailable' }).count()).toBe(1);
    await check('status page en');

    const feed = await page.locator('link[rel=alternate][type="application/atom+xml"]').getAttribute('href');
    expect((await page.request.get(`${baseUrl}${feed}`)).headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
  });

  it('should take a subscription by the plain form: errors beside the fields with what was typed kept, then "check your inbox"', async () => {
    await page.goto(`${baseUrl}/driftinformation`);
    await page.getByLabel('E-postadress').fill('it@kommun');
    await toggle('driftstorningar');
    await toggle('planerade');
    await toggle('bastjanst-csn');
    const [refused] = await Promise.all([
      page.waitForResponse(`${baseUrl}/driftinformation/prenumeration`),
      page.getByRole('button', { name: 'Prenumerera' }).click(),
    ]);
    expect(refused.status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toContain('Ange en giltig e-postadress');
    expect(await page.getByLabel('E-postadress').inputValue()).toBe('it@kommun');
    expect(await page.getByLabel('E-postadress').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('group', { name: 'Vad vill du få e-post om?' }).textContent()).toContain(
      'Välj driftstörningar, planerade ändringar eller båda.',
    );
    expect(await page.getByLabel('CSN', { exact: true }).isChecked()).toBe(true);
    await check('subscribe form with errors');

    await page.getByLabel('E-postadress').fill('it@kommun.se');
    await toggle('driftstorningar');
    const [accepted] = await Promise.all([
      page.waitForResponse(`${baseUrl}/driftinformation/prenumeration`),
      page.getByRole('button', { name: 'Prenumerera' }).click(),
    ]);
    expect(accepted.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Kontrollera din e-post');
    await check('subscribe form sent');
    expect(await (await ownerDb()).query(`SELECT email, language, outages, planned, bastjanster FROM drift_subscribe_request`)).toEqual([
      { email: 'it@kommun.se', language: 'sv', outages: true, planned: false, bastjanster: ['csn'] },
    ]);
  });
});
