import type { Page } from 'playwright-core';
import { Role } from '../../src/actor/role';
import { AppConfig } from '../../src/config/app-config';
import { unsubscribeToken } from '../../src/notifications/subscription-tokens';
import { aParty, aUser } from '../factories/party.factory';
import { browserSuite, expectCleanPage } from '../support/browser';
import { ownerDb } from '../support/database';
import { startPortalTest } from '../support/portal';

const ALVA = { subject: 'alva-drift-subscription', name: 'Alva Göteborg', email: 'alva@goteborg.example' };
const BO = { subject: 'bo-drift-subscription', name: 'Bo Borås', email: 'bo@boras.example' };

// axe takes seconds a page on a loaded machine.
jest.setTimeout(240_000);

/**
 * Issue 23: a party user chooses which bastjänster and which kinds of driftinformation to be e-mailed about, on a page
 * of the portal (axe and html-validate clean); the unsubscribe link the e-mails carry keeps working, and a person of
 * another party neither sees nor changes the first one's choices.
 */
describe("a party user's driftinformation subscription page in a browser (e2e)", () => {
  const suite = browserSuite('drift subscription', () => startPortalTest([ALVA, BO], {}, { listen: true }));
  let page: Page;

  const PATH = '/notifications/driftinformation';
  const check = (label: string) => expectCleanPage(page, label);
  const toggle = (id: string) => page.locator(`label[for="${id}"]`).click();
  const save = () => Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Spara' }).click()]);
  const rows = async () =>
    (await ownerDb()).query(
      `SELECT s.id, p.name AS party, s.user_subject, s.outages, s.planned, s.bastjanster, s.status
         FROM drift_subscription s JOIN party p ON p.id = s.party_id ORDER BY p.name`,
    ) as Promise<
      { id: string; party: string; user_subject: string; outages: boolean; planned: boolean; bastjanster: string[]; status: string }[]
    >;

  async function signIn(name: string): Promise<void> {
    // A context of its own: the person before stays logged in only in theirs (browserSuite closes both after the test).
    page = await suite.open();
    await page.goto(`${suite.app.baseUrl}${PATH}`);
    await page.getByLabel(name, { exact: false }).check();
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${suite.app.baseUrl}${PATH}`);
  }

  it("should save the chosen bastjänster and kinds, keep the e-mails' unsubscribe link working, and keep each party to its own", async () => {
    const göteborg = await aParty({ name: 'Göteborgs Stad' });
    const borås = await aParty({ name: 'Borås Stad' });
    await aUser({ partyId: göteborg.id, subject: ALVA.subject, name: ALVA.name, role: Role.Reporter });
    await aUser({ partyId: borås.id, subject: BO.subject, name: BO.name, role: Role.Reader });

    await signIn(ALVA.name);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Driftinformation per e-post');
    expect(await page.locator('#aktiv').isChecked()).toBe(false);
    await check('no subscription');

    // On, but neither kind: refused beside the kinds, with the boxes as they were left.
    await toggle('aktiv');
    await toggle('driftstorningar');
    await toggle('planerade');
    await toggle('bastjanst-csn');
    await save();
    expect(await page.locator('#omfattning-error').textContent()).toBe('Välj driftstörningar, planerade ändringar eller båda.');
    expect(await page.locator('#bastjanst-csn').isChecked()).toBe(true);
    expect(await page.locator('#aktiv').isChecked()).toBe(true);
    await check('kinds missing');
    expect(await rows()).toEqual([]);

    await toggle('driftstorningar');
    await toggle('bastjanst-skatteverket');
    await save();
    expect(page.url()).toBe(`${suite.app.baseUrl}${PATH}?saved=1`);
    expect(await page.getByRole('status').textContent()).toContain('Dina val är sparade.');
    await check('saved');
    const [alva] = await rows();
    expect(alva).toMatchObject({
      party: 'Göteborgs Stad',
      user_subject: ALVA.subject,
      outages: true,
      planned: false,
      bastjanster: ['csn', 'skatteverket'],
      status: 'aktiv',
    });

    // The link every announcement e-mail carries (email-sender.ts): it turns the subscription off, and the page shows so.
    const token = unsubscribeToken(suite.app.t.app.get(AppConfig).DRIFTINFO_UNSUBSCRIBE_SECRET, alva.id);
    const unsubscribe = `${suite.app.baseUrl}/driftinformation/prenumeration/avsluta?token=${encodeURIComponent(token)}`;
    await page.goto(unsubscribe);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Avsluta prenumerationen' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Prenumerationen är avslutad');
    expect(await rows()).toEqual([expect.objectContaining({ id: alva.id, status: 'avslutad', bastjanster: ['csn', 'skatteverket'] })]);
    await page.goto(`${suite.app.baseUrl}${PATH}`);
    expect(await page.locator('#aktiv').isChecked()).toBe(false);
    expect(await page.locator('#bastjanst-skatteverket').isChecked()).toBe(true);
    // Turned on again from the page: the same link works again, as the next e-mail carries it.
    await toggle('aktiv');
    await save();
    expect(await rows()).toEqual([expect.objectContaining({ id: alva.id, status: 'aktiv' })]);
    expect((await page.request.get(unsubscribe)).status()).toBe(200);

    await page.getByRole('link', { name: 'In English' }).click();
    await page.waitForLoadState();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await check('saved en');

    // Another party's person sees only their own (nothing yet) and saves only their own.
    await signIn(BO.name);
    expect(await page.locator('#aktiv').isChecked()).toBe(false);
    expect(await page.locator('input[name="bastjanster[]"]:checked').count()).toBe(0);
    await toggle('aktiv');
    await toggle('bastjanst-lefi_online');
    await save();
    expect(await rows()).toEqual([
      expect.objectContaining({
        party: 'Borås Stad',
        user_subject: BO.subject,
        bastjanster: ['lefi_online'],
        outages: true,
        planned: true,
      }),
      expect.objectContaining({
        id: alva.id,
        party: 'Göteborgs Stad',
        bastjanster: ['csn', 'skatteverket'],
        outages: true,
        planned: false,
      }),
    ]);
  });
});
