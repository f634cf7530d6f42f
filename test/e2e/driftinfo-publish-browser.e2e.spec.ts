import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Role } from '../../src/actor/role';
import { expectCleanPage, launchBrowser, screenshotIfFailed } from '../support/browser';
import { aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { startPortalTest, type PortalTest } from '../support/portal';
import { resetThrottleCounters } from '../support/throttle';

const SARA = { subject: 'sara-drift-publish', name: 'Sara SKR', email: 'sara@skr.example' };
const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';
/** Planted in the internal fields: the public page and the feed must never show it. */
const MARKER = 'INTERNAL-ORSAK-MARKER';

// axe takes seconds a page on a loaded machine.
jest.setTimeout(240_000);

/**
 * Issue 23: SKR publishes, updates and resolves an outage from the portal's plain forms (no script takes part), and the public
 * status page and the Atom feed follow each step; every page axe (WCAG 2.1 A/AA) and html-validate clean.
 */
describe('publishing driftinformation from the portal in a browser (e2e)', () => {
  let portal: PortalTest;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let publicContext: BrowserContext | undefined;
  let publicPage: Page;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortalTest([SARA], {}, { listen: true }), launchBrowser()]);
  });
  beforeEach(async () => {
    await truncateAll();
    await resetThrottleCounters();
  });
  afterEach(async () => {
    await screenshotIfFailed(page, 'drift publish');
    await context?.close();
    await publicContext?.close();
    publicContext = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  const check = (label: string) => expectCleanPage(page, label);
  const toggle = (id: string) => page.locator(`label[for="${id}"]`).click();
  const submit = async (name: string) => {
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name }).click()]);
  };
  const rows = async () =>
    (await ownerDb()).query(
      `SELECT id, status, version, title_sv, cause, ended_at IS NOT NULL AS ended FROM drift_announcement`,
    ) as Promise<{ id: string; status: string; version: number; title_sv: string; cause: string | null; ended: boolean }[]>;
  /**
   * What anyone sees without login: the status page's text (in a context of its own, as the page may be cached for a
   * minute) and the Atom feed.
   */
  const published = async () => {
    await publicContext?.close();
    publicContext = await browser.newContext({ locale: 'sv-SE' });
    publicPage = await publicContext.newPage();
    await publicPage.goto(`${portal.baseUrl}/driftinformation`);
    const feed = await publicPage.request.get(`${portal.baseUrl}/api/v1/public/driftinfo/feed.atom`);
    return { page: (await publicPage.locator('main').textContent()) ?? '', feed: await feed.text() };
  };

  it('should publish, update and resolve an outage by the plain forms, the status page and the feed following each step', async () => {
    await aUser({ partyId: null, subject: SARA.subject, name: SARA.name, role: Role.Skr });
    context = await browser.newContext({ locale: 'sv-SE' });
    page = await context.newPage();
    await page.goto(`${portal.baseUrl}/announcements`);
    await page.getByLabel(SARA.name, { exact: false }).check();
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${portal.baseUrl}/announcements`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Publicera driftinformation');
    await check('empty list');

    await page.getByRole('link', { name: 'Publicera ett nytt meddelande' }).click();
    await check('new form');
    // A planned change with no end, no title and nothing affected: three errors, each beside its field.
    await toggle('typ-planerad_andring');
    await page.locator('#paverkan').fill(`Uppgifter från CSN saknas i svaren. ${XSS}`);
    await submit('Publicera');
    expect(page.url()).toBe(`${portal.baseUrl}/announcements/new`);
    expect(await page.locator('#rubrik-error').textContent()).toBe('Fyll i fältet.');
    expect(await page.locator('#forvantatSlut-error').textContent()).toBe('En planerad ändring behöver ett beräknat slut.');
    expect(await page.locator('#bastjanster-error').textContent()).toBe('Välj den centrala komponenten eller minst en bastjänst.');
    expect(await page.locator('#rubrik').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#paverkan').inputValue()).toBe(`Uppgifter från CSN saknas i svaren. ${XSS}`);
    expect(await page.locator('#typ-planerad_andring').isChecked()).toBe(true);
    await check('new form with errors');
    expect(await rows()).toEqual([]);

    await toggle('typ-driftstorning');
    await page.locator('#rubrik').fill(`CSN svarar inte ${XSS}`);
    await toggle('bastjanst-csn');
    await page.locator('#allvarlighet').selectOption('hog');
    await page.locator('#meddelande').fill('Vi felsöker.');
    await submit('Publicera');
    const [created] = await rows();
    expect(created).toMatchObject({ status: 'pagaende', version: 1, title_sv: `CSN svarar inte ${XSS}`, ended: false });
    expect(page.url()).toBe(`${portal.baseUrl}/announcements/${created.id}?saved=published`);
    expect(await page.getByRole('status').textContent()).toContain('Meddelandet är publicerat.');
    await check('published');
    let seen = await published();
    expect(seen.page).toContain(`CSN svarar inte ${XSS}`);
    expect(seen.page).toContain('Vi felsöker.');
    expect(await publicPage.getByRole('row', { name: 'CSN Otillgänglig' }).count()).toBe(1);
    expect(seen.feed).toContain('Vi felsöker.');

    await page.locator('#meddelande').fill('Orsaken är hittad, rättning pågår.');
    await page.locator('#forvantatSlut').fill('2099-01-01T12:00');
    await submit('Publicera uppdateringen');
    expect(page.url()).toBe(`${portal.baseUrl}/announcements/${created.id}?saved=updated`);
    expect(await page.locator('.announcement__updates li').allTextContents()).toEqual([
      expect.stringMatching(/^Version 2, .*: Orsaken är hittad, rättning pågår\.$/),
      expect.stringMatching(/^Version 1, .*: Vi felsöker\.$/),
    ]);
    expect(await rows()).toEqual([expect.objectContaining({ status: 'pagaende', version: 2 })]);
    await check('updated');
    seen = await published();
    expect(seen.page).toContain('Orsaken är hittad, rättning pågår.');
    expect(seen.feed).toContain('Orsaken är hittad, rättning pågår.');

    await page.locator('#orsak').fill(MARKER);
    await page.locator('#avslutMeddelande').fill('Åtgärdat, CSN svarar igen.');
    await submit('Avsluta meddelandet');
    expect(page.url()).toBe(`${portal.baseUrl}/announcements/${created.id}?saved=resolved`);
    expect(await rows()).toEqual([expect.objectContaining({ status: 'avslutad', version: 3, cause: MARKER, ended: true })]);
    expect(await page.getByRole('button', { name: 'Publicera uppdateringen' }).count()).toBe(0);
    await check('resolved');
    seen = await published();
    expect(await publicPage.getByRole('row', { name: 'CSN Tillgänglig' }).count()).toBe(1);
    expect(seen.page).toContain('Åtgärdat, CSN svarar igen.');
    expect(seen.feed).toContain('Åtgärdat, CSN svarar igen.');
    expect(`${seen.page}${seen.feed}`).not.toContain(MARKER);

    await page.getByRole('link', { name: 'In English' }).click();
    await page.waitForLoadState();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await check('resolved en');
    await page.goto(`${portal.baseUrl}/announcements`);
    expect(await page.getByRole('link', { name: `CSN svarar inte ${XSS}` }).count()).toBe(1);
    await check('list en');
  });
});
