import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app';
import { launchBrowser, problemsOf, screenshot } from '../support/browser';
import { truncateAll } from '../support/database';
import { driftWriters, populateBoard } from '../support/drift-board';

// axe takes seconds a page on a loaded machine.
jest.setTimeout(120_000);

/** Issue 23's "done when": a populated status page is clean (axe WCAG 2.1 A/AA, html-validate) in a real Chromium. */
describe('driftinfo status page in a browser (e2e)', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  beforeEach(async () => {
    await truncateAll();
    context = await browser.newContext({ locale: 'sv-SE' });
    page = await context.newPage();
  });
  afterEach(async () => {
    const state = expect.getState();
    if (state.assertionCalls !== state.numPassingAsserts || (state as { suppressedErrors?: unknown[] }).suppressedErrors?.length) {
      process.stdout.write(`screenshot: ${await screenshot(page, state.currentTestName ?? 'status page')}\n`);
    }
    await context?.close();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const check = async (label: string) => {
    expect({ label, problems: await problemsOf(page) }).toEqual({ label, problems: [] });
  };

  it('should show a populated board clean in Swedish and, after the switch, in English', async () => {
    await populateBoard(t, await driftWriters(t));
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
});
