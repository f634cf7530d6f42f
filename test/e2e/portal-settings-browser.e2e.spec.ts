import type { Page } from 'playwright-core';
import { Role } from '../../src/actor/role';
import { aDeviationRow } from '../factories/deviation.factory';
import { aParty, aUser } from '../factories/party.factory';
import { browserSuite, expectCleanPage } from '../support/browser';
import { ownerDb } from '../support/database';
import { startPortalTest } from '../support/portal';

const ALVA = { subject: 'alva-settings-browser', name: 'Alva Admin', email: 'alva@goteborg.example' };
const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';

/**
 * The pages of a person's own settings in a real Chromium (issue 22): the start page's SLA column, notification
 * preferences, saved filters and a webhook's rotated secret — axe (WCAG 2.1 A/AA) and html-validate clean, in Swedish
 * and English, populated with XSS strings that must stay inert.
 */
jest.setTimeout(180_000);

describe('settings pages in a browser (e2e)', () => {
  const suite = browserSuite('settings', () => startPortalTest([ALVA], {}, { listen: true }));
  let page: Page;

  const check = (label: string) => expectCleanPage(page, label);

  it('should show the start page, preferences, saved filters and a rotated webhook secret clean, in Swedish and English', async () => {
    const party = await aParty({ name: `Göteborgs Stad ${XSS}` });
    await aUser({ partyId: party.id, subject: ALVA.subject, role: Role.Admin, name: `Alva ${XSS}` });
    await aDeviationRow(party.id, { rubrik: `Svarstider ${XSS}`, prioritet: 'hög' });
    await aDeviationRow(party.id, { rubrik: `Sen ${XSS}`, prioritet: 'kritisk', submitted_at: new Date(Date.now() - 30 * 86_400_000) });
    page = await suite.open();
    await page.goto(`${suite.app.baseUrl}/`);
    await page.getByLabel(ALVA.name, { exact: false }).check();
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${suite.app.baseUrl}/`);
    expect(await page.locator('td', { hasText: /^Svarstid överskriden med/ }).count()).toBe(1);
    await check('start with SLA');

    await page.getByRole('link', { name: 'Aviseringar' }).click();
    await check('preferences');
    await page.locator('label', { hasText: 'Status ändrad' }).click();
    await page.getByRole('button', { name: 'Spara val' }).click();
    await page.waitForURL(/saved=1$/);
    expect(await page.getByLabel('Status ändrad').isChecked()).toBe(false);
    await check('preferences saved');

    await page.goto(`${suite.app.baseUrl}/deviations?q=${encodeURIComponent('svarstider')}&sort=updated`);
    await page.getByRole('button', { name: 'Spara filtret' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#filterName-error').count()).toBe(1);
    await check('list with a filter error');
    await page.getByLabel('Spara filtret ovan som').fill(`Mina ${XSS}`);
    await page.getByRole('button', { name: 'Spara filtret' }).click();
    await page.waitForURL(/filterSaved=1$/);
    await check('list with a saved filter');
    await page.goto(`${suite.app.baseUrl}/deviations`);
    await page.getByRole('link', { name: `Mina ${XSS}` }).click();
    await page.waitForURL(/q=svarstider/);

    const { id } = (
      await suite.app.t.http
        .post('/api/v1/notifications/webhooks')
        .set('Authorization', `Bearer ${await suite.app.t.partyToken(party.id, Role.Admin)}`)
        .send({ url: 'https://hooks.example/avvikelse', eventTypes: ['status_ändrad'] })
        .expect(201)
    ).body as { id: string };
    await page.goto(`${suite.app.baseUrl}/admin/webhooks`);
    await page.getByRole('button', { name: 'Byt nyckel för webhooken till https://hooks.example/avvikelse' }).click();
    await page.waitForLoadState();
    const [row] = (await (await ownerDb()).query(`SELECT secret FROM party_webhook WHERE id = $1`, [id])) as { secret: string }[];
    expect(await page.locator('#webhook-secret').textContent()).toBe(row.secret);
    await check('webhooks with a rotated secret');

    await page.getByRole('link', { name: 'In English' }).click();
    for (const path of ['/', '/notifications', '/deviations', '/admin/webhooks']) {
      await page.goto(`${suite.app.baseUrl}${path}`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await check(`${path} en`);
    }
  });
});
