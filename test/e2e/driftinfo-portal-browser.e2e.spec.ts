import type { Page } from 'playwright-core';
import { Role } from '../../src/actor/role';
import { PartyKind } from '../../src/parties/party.entity';
import { aDeviationRow } from '../factories/deviation.factory';
import { aParty, aUser } from '../factories/party.factory';
import { browserSuite, expectCleanPage } from '../support/browser';
import { ownerDb } from '../support/database';
import { DRIFT_ADMIN } from '../support/drift-board';
import { startPortalTest } from '../support/portal';

const CARL = { subject: 'carl-drift-portal-browser', name: 'Carl CSN', email: 'carl@csn.example' };
const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';
const DAY = 86_400_000;

/**
 * Issue 23's remaining pages in a real Chromium, populated: an outage's page with its linked deviation and the parts
 * of the update form, a planned change called off by its plain form, and the availability register of a month with
 * outages, both in Swedish and English, axe (WCAG 2.1 A/AA) and html-validate clean, XSS strings inert.
 */
jest.setTimeout(240_000);

describe('driftinformation portal pages in a browser (e2e)', () => {
  const suite = browserSuite('drift portal', () => startPortalTest([CARL], {}, { listen: true }));
  let page: Page;
  const check = (label: string) => expectCleanPage(page, label);

  it('should show an outage with its links, call off a planned change, and show the register, clean in both languages', async () => {
    const csn = await aParty({ name: `CSN ${XSS}`, kind: PartyKind.Uppgiftslämnare });
    const db = await ownerDb();
    for (const code of ['csn', 'skatteverket'])
      await db.query(`INSERT INTO party_agreement (party_id, bastjanst, agreement_code) VALUES ($1, $2, 'UC_SSBTEK_2024')`, [csn.id, code]);
    await aUser({ partyId: csn.id, subject: CARL.subject, role: Role.Reporter, name: CARL.name });
    const token = await suite.app.t.partyToken(csn.id, Role.Reporter);
    const publish = async (body: Record<string, unknown>) =>
      (
        (
          await suite.app.t.http
            .post(DRIFT_ADMIN)
            .set('Authorization', `Bearer ${token}`)
            .send({ rubrik: `Rubrik ${XSS}`, påverkan: `Påverkan ${XSS}`, bastjänster: ['csn'], ...body })
            .expect(201)
        ).body as { id: string }
      ).id;
    // Ongoing, so it runs to the end of any later month: on skatteverket, to leave csn's February as computed below.
    const outage = await publish({ typ: 'driftstorning', bastjänster: ['skatteverket'], start: new Date().toISOString() });
    const deviation = await aDeviationRow(csn.id, { rubrik: `Inga svar ${XSS}` });
    await db.query(`INSERT INTO drift_outage_deviation (announcement_id, deviation_id, linked_by_party_id) VALUES ($1, $2, $3)`, [
      outage,
      deviation.id,
      csn.id,
    ]);
    const planned = await publish({
      typ: 'planerad_andring',
      start: new Date(Date.now() + 60 * DAY).toISOString(),
      förväntatSlut: new Date(Date.now() + 60 * DAY + 3_600_000).toISOString(),
    });
    // 150 minutes of csn's 10 800 in February 2027: 98.61 %.
    await db.query(
      `INSERT INTO drift_announcement (kind, status, bastjanster, title_sv, impact_sv, starts_at, ended_at, published_at, version)
       VALUES ('driftstorning', 'avslutad', '{csn}', 'T', 'P', '2027-02-02T10:00:00+01:00', '2027-02-02T12:30:00+01:00', '2027-01-01T00:00:00+01:00', 1)`,
    );

    page = await suite.open();
    await page.goto(`${suite.app.baseUrl}/`);
    await page.getByLabel(CARL.name, { exact: false }).check();
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${suite.app.baseUrl}/`);
    await page.getByRole('link', { name: 'Publicera driftinformation' }).click();
    await check('list');

    await page.goto(`${suite.app.baseUrl}/announcements/${outage}`);
    expect(await page.getByRole('link', { name: deviation.key }).count()).toBe(1);
    expect(await page.locator('#bastjanst-skatteverket').isChecked()).toBe(true);
    expect(await page.locator('#bastjanst-csn').isChecked()).toBe(false);
    await check('outage with a linked deviation');

    await page.goto(`${suite.app.baseUrl}/announcements/${planned}`);
    await page.locator('#installMeddelande').fill(`Flyttas ${XSS}`);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Ställ in den planerade ändringen' }).click()]);
    expect(page.url()).toBe(`${suite.app.baseUrl}/announcements/${planned}?saved=cancelled`);
    const [row] = (await db.query(`SELECT status, version FROM drift_announcement WHERE id = $1`, [planned])) as {
      status: string;
      version: number;
    }[];
    expect(row).toEqual({ status: 'installd', version: 2 });
    await check('called off');

    await page.getByRole('link', { name: 'Tillgänglighetsregister', exact: true }).click();
    await page.locator('#month').fill('2027-02');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Visa' }).click()]);
    expect(await page.getByRole('row', { name: 'Tillgänglighet under öppettid minst 98 % 98,61 % Ja' }).count()).toBe(1);
    await check('availability');

    await page.getByRole('link', { name: 'In English' }).click();
    await page.waitForLoadState();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('row', { name: 'Availability in opening hours at least 98 % 98.61 % Yes' }).count()).toBe(1);
    await check('availability en');
    for (const id of [outage, planned]) {
      await page.goto(`${suite.app.baseUrl}/announcements/${id}`);
      await check(`announcement en ${id === outage ? 'outage' : 'called off'}`);
    }
  });
});
