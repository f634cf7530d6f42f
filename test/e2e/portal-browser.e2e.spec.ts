import type { Page } from 'playwright-core';
import { Role } from '../../src/actor/role';
import { aParty, aUser } from '../factories/party.factory';
import { browserSuite, expectCleanPage } from '../support/browser';
import { ownerDb } from '../support/database';
import { driftWriters, populateBoard } from '../support/drift-board';
import { startPortalTest } from '../support/portal';

const ANNA = { subject: 'anna-browser', name: 'Anna Andersson', email: 'anna@goteborg.example' };
const BO = { subject: 'bo-browser', name: 'Bo Berg', email: 'bo@boras.example' };
const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';

/**
 * Issue 22's journeys in a real Chromium: the code flow with PKCE through the demo provider, a deviation reported
 * with evidence (with JavaScript and without), listed and opened; another party sees none of it. Every portal page
 * visited is checked with axe (WCAG 2.1 A/AA) and html-validate, in Swedish and English.
 */
// axe takes seconds a page on a loaded machine; the long journey visits fourteen.
jest.setTimeout(240_000);

describe('portal in a browser (e2e)', () => {
  const suite = browserSuite('portal', () => startPortalTest([ANNA, BO], {}, { listen: true }));
  let page: Page;
  const visited: string[] = [];

  const open = async (options: { javaScriptEnabled?: boolean } = {}) => {
    page = await suite.open(options);
  };
  /** The page is clean: no axe violation, no validator message, no planted script ran. */
  const check = async (label: string) => {
    visited.push(`${label} ${new URL(page.url()).pathname}`);
    await expectCleanPage(page, label);
  };
  const member = async (subject: string, partyName: string) => {
    const party = await aParty({ name: partyName });
    await aUser({ partyId: party.id, subject, role: Role.Reporter });
    return party;
  };
  /** The demo provider's login page (a tool page, not the portal's): pick the person and log in. */
  const logInAs = async (name: string) => {
    await page.getByLabel(name, { exact: false }).check();
    await page.locator('button[type=submit]').click();
  };

  const report = async (rubrik: string) => {
    await page.getByLabel('Rubrik').fill(rubrik);
    await page.getByLabel('Steg för att återskapa').fill(`1. Logga in\n2. Sök ${XSS}`);
    await page.getByLabel('Utfall').fill(`Timeout efter 30 s ${XSS}`);
    await page.locator('#del').selectOption({ index: 1 });
    // @fkui/design draws radio buttons on their labels (the input itself is visually hidden), so a person clicks the label.
    await page.locator('label', { hasText: 'Produktion' }).click();
    await page.locator('label', { hasText: '2 – stor påverkan' }).click();
    await page.getByLabel('Kravreferens').fill('SLA 4.8.1');
    await page.getByLabel('Telefon').fill('070-123 45 67');
    await page.getByRole('button', { name: 'Skicka in avvikelsen' }).click();
    await page.waitForURL(/\/deviations\/[0-9a-f-]{36}$/);
  };

  it('should log in through the code flow, report a deviation with evidence and find it, all pages clean in sv and en', async () => {
    await member(ANNA.subject, 'Göteborgs Stad');
    await open();
    await page.goto(`${suite.app.baseUrl}/deviations/new`);
    expect(page.url()).toMatch(new RegExp(`^${suite.app.provider.issuer}/interaction/`));
    await logInAs(ANNA.name);
    await page.waitForURL(`${suite.app.baseUrl}/deviations/new`);
    await check('report form');

    await page.getByRole('button', { name: 'Skicka in avvikelsen' }).click();
    await page.waitForURL(`${suite.app.baseUrl}/deviations/new`);
    expect(await page.locator('.error-summary').count()).toBe(1);
    expect(await page.locator('#rubrik-error').textContent()).toBe('Fyll i rubrik.');
    await check('report form with errors');

    await report(`Svarstider över 30 sekunder ${XSS}`);
    await check('detail');
    await page.locator('#file').setInputFiles({ name: 'logg.txt', mimeType: 'text/plain', buffer: Buffer.from('14:02 timeout\n') });
    await page.getByRole('button', { name: 'Ladda upp' }).click();
    // The page's script uploads it in place (with progress) and lists it when the server has taken it.
    await page.locator('#file-status', { hasText: 'logg.txt är uppladdad.' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('link', { name: 'Ladda ned logg.txt' }).count()).toBe(1);
    await page.getByLabel('Ny kommentar').fill(`Mer information ${XSS}`);
    await page.getByRole('button', { name: 'Skicka kommentar' }).click();
    await page.waitForLoadState();
    await check('detail with evidence and comment');

    await page.getByRole('link', { name: 'Avvikelser', exact: true }).click();
    await check('list');
    expect(await page.getByRole('cell', { name: /Svarstider över 30 sekunder/ }).count()).toBe(1);
    await page.getByLabel('Sök').fill('svarstider');
    await page.getByRole('button', { name: 'Visa' }).click();
    await check('list searched');
    await page.getByRole('link', { name: 'Start', exact: true }).click();
    await check('start');
    await page.getByRole('link', { name: 'Tillgänglighetsredogörelse' }).click();
    await check('accessibility statement');

    await page.getByRole('link', { name: 'In English' }).click();
    await check('accessibility statement en');
    for (const path of ['/', '/deviations', '/deviations/new']) {
      await page.goto(`${suite.app.baseUrl}${path}`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await check(`${path} en`);
    }
    await page.goto(`${suite.app.baseUrl}/deviations/${(await (await ownerDb()).query(`SELECT id FROM deviation`))[0].id}`);
    await check('detail en');
  });

  it('should report a deviation with JavaScript disabled', async () => {
    await member(ANNA.subject, 'Göteborgs Stad');
    await open({ javaScriptEnabled: false });
    await page.goto(`${suite.app.baseUrl}/deviations/new`);
    await logInAs(ANNA.name);
    await page.waitForURL(`${suite.app.baseUrl}/deviations/new`);
    await report('Rapporterad utan JavaScript');
    expect(await page.locator('h1').textContent()).toContain('Rapporterad utan JavaScript');
    expect(await (await ownerDb()).query(`SELECT status FROM deviation`)).toEqual([{ status: 'inskickad' }]);
  });

  it('should show the ongoing outage on the report form and link the reported deviation to it, the pages clean', async () => {
    await member(ANNA.subject, 'Göteborgs Stad');
    const { outageId } = await populateBoard(suite.app.t, await driftWriters(suite.app.t));
    // axe runs in the page; the form itself needs no script (it is a plain POST, as the e2e suite drives it).
    await open();
    await page.goto(`${suite.app.baseUrl}/deviations/new`);
    await logInAs(ANNA.name);
    await page.waitForURL(`${suite.app.baseUrl}/deviations/new`);
    await check('report form with an ongoing outage');
    await report('Rapporterad under CSN-störningen');
    await check('detail with an outage to link');
    await page.getByLabel('Pågående driftstörning').selectOption({ label: 'CSN svarar inte' });
    await page.getByRole('button', { name: 'Koppla', exact: true }).click();
    await page.waitForURL(/\?linked=1$/);
    await check('detail linked to the outage');
    expect(await page.locator(`main a[href="/driftinformation#announcement-${outageId}"]`).count()).toBe(1);
  });

  it('should show a second party none of the first party deviation and the 404 page on its address', async () => {
    await member(ANNA.subject, 'Göteborgs Stad');
    await member(BO.subject, 'Borås Stad');
    await open();
    await page.goto(`${suite.app.baseUrl}/deviations/new`);
    await logInAs(ANNA.name);
    await page.waitForURL(`${suite.app.baseUrl}/deviations/new`);
    await report('Annas avvikelse');
    const detailUrl = page.url();
    await page.context().close();

    await open();
    await page.goto(`${suite.app.baseUrl}/`);
    await logInAs(BO.name);
    await page.waitForURL(`${suite.app.baseUrl}/`);
    for (const path of ['/', '/deviations', '/deviations?q=Annas']) {
      await page.goto(`${suite.app.baseUrl}${path}`);
      expect(await page.locator('main').textContent()).not.toContain('Annas avvikelse');
    }
    const answer = await page.goto(detailUrl);
    expect(answer!.status()).toBe(404);
    await check('404 page');
  });

  afterAll(() => process.stdout.write(`portal pages checked with axe and html-validate: ${visited.length}\n`));
});
