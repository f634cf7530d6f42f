import type { Page } from 'playwright-core';
import { Role } from '../../src/actor/role';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty, aUser } from '../factories/party.factory';
import { browserSuite, expectCleanPage } from '../support/browser';
import { ownerDb } from '../support/database';
import { startPortalTest } from '../support/portal';

const SARA = { subject: 'sara-skr-browser', name: 'Sara SKR', email: 'sara@skr.example' };
const ALVA = { subject: 'alva-admin-browser', name: 'Alva Admin', email: 'alva@goteborg.example' };
const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';

/**
 * SKR's pages in a real Chromium, populated (XSS strings planted in party names, deviations and a Jira error):
 * axe (WCAG 2.1 A/AA) and html-validate clean in Swedish and English, with and without form errors, and the triage
 * done by keyboard alone with no JavaScript.
 */
jest.setTimeout(240_000);

describe('SKR pages in a browser (e2e)', () => {
  const suite = browserSuite('skr', () => startPortalTest([SARA, ALVA], {}, { listen: true }));
  let page: Page;

  const check = (label: string) => expectCleanPage(page, label);

  /** Two submitted deviations of a party awaiting triage, one with a deleted Jira issue, one refused by Jira. */
  async function seed(): Promise<{ ids: string[]; borås: string }> {
    const göteborg = await aParty({ name: `Göteborgs Stad ${XSS}` });
    const borås = await aParty({ name: `Borås Stad ${XSS}` });
    await aUser({ partyId: null, subject: SARA.subject, role: Role.SkrAdmin });
    const a = { Authorization: `Bearer ${await suite.app.t.partyToken(göteborg.id)}` };
    const ids: string[] = [];
    for (const rubrik of [`Inloggningen hänger ${XSS}`, `Svarstider ${XSS}`]) {
      const { id } = (await suite.app.t.http.post('/api/v1/deviations').set(a).send(aDeviationBody({ rubrik })).expect(201)).body as {
        id: string;
      };
      await suite.app.t.http.post(`/api/v1/deviations/${id}/submit`).set(a).expect(200);
      ids.push(id);
    }
    const db = await ownerDb();
    for (const [index, code] of ['JIRA_ISSUE_NOT_FOUND', null].entries()) {
      await db.query(
        `INSERT INTO jira_link (deviation_id, party_id, issue_id, issue_key, state, last_error, last_error_code, last_error_at)
         VALUES ($1, $2, $3, $4, 'fel', $5, $6, now())
         ON CONFLICT (deviation_id) DO UPDATE SET issue_key = $4, state = 'fel', last_error = $5, last_error_code = $6, last_error_at = now()`,
        [ids[index], göteborg.id, `1000${index}`, `SSB-${index + 1}`, `Jira: ${XSS}`, code],
      );
    }
    return { ids, borås: borås.id };
  }

  async function signIn(path: string, javaScriptEnabled = true, name = SARA.name): Promise<void> {
    page = await suite.open({ javaScriptEnabled });
    await page.goto(`${suite.app.baseUrl}${path}`);
    await page.getByLabel(name, { exact: false }).check();
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${suite.app.baseUrl}${path}`);
  }

  it('should show every SKR page clean, populated, with and without errors, in Swedish and English', async () => {
    const { ids } = await seed();
    await signIn('/skr/triage');
    await check('triage');
    await page.getByRole('button', { name: 'Tilldela markerade' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#deviationIds-error').textContent()).toBe('Markera minst en avvikelse.');
    await check('triage with errors');
    await page.goto(`${suite.app.baseUrl}/deviations/${ids[0]}`);
    await check('deviation as SKR');
    await page.getByRole('link', { name: 'Jira-fel' }).click();
    await check('jira failures');
    await page.getByRole('button', { name: 'Genomför beslutet' }).click();
    await page.waitForLoadState();
    expect(await page.locator(`#confirm-${ids[0]}-error`).count()).toBe(1);
    await page.getByLabel('Misslyckades från och med').fill('2026-12-01T08:00');
    await check('jira failures with errors');
    await page.getByRole('link', { name: 'Nyckeltal' }).click();
    await check('kpi');
    expect(await page.locator('svg[role=img]').count()).toBe(3);

    await page.getByRole('link', { name: 'In English' }).click();
    for (const path of ['/skr/triage', '/skr/jira', '/skr/kpi', `/deviations/${ids[0]}`]) {
      await page.goto(`${suite.app.baseUrl}${path}`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await check(`${path} en`);
    }
  });

  it('should triage by keyboard alone with JavaScript disabled', async () => {
    const { ids, borås } = await seed();
    await signIn('/skr/triage', false);
    // From the skip link on, only Tab, Space and the select's arrow keys: the first row's checkbox, then the party.
    const focusOn = async (selector: string) => {
      for (let step = 0; step < 60; step++) {
        await page.keyboard.press('Tab');
        if ((await page.locator(`${selector}:focus`).count()) > 0) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await focusOn('input[name="deviationIds[]"]');
    // Visible focus: @fkui/design hides the checkbox and rings its label when it has focus; the other row's has none.
    type Styles = { getComputedStyle(element: unknown): { outlineStyle: string; outlineWidth: string; boxShadow: string } };
    const rings = await page.locator('.checkbox__label').evaluateAll((labels) =>
      labels.map((label) => {
        const box = (globalThis as unknown as Styles).getComputedStyle(label);
        return `${box.outlineStyle} ${box.outlineWidth} ${box.boxShadow}`;
      }),
    );
    expect(rings).toHaveLength(2);
    expect(rings[0]).not.toBe(rings[1]);
    await page.keyboard.press('Space');
    await focusOn('#responsiblePartyId');
    await page.locator('#responsiblePartyId').selectOption(borås);
    await focusOn('button[type=submit]:not(.button--text)');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/skr\/triage\?assigned=1$/);
    const rows = (await (await ownerDb()).query(`SELECT id, responsible_party_id FROM deviation ORDER BY created_at`)) as {
      id: string;
      responsible_party_id: string | null;
    }[];
    expect(rows.filter((row) => row.responsible_party_id === borås).map((row) => row.id)).toHaveLength(1);
    expect(ids).toContain(rows.find((row) => row.responsible_party_id === borås)!.id);
  });

  it("should show the party admin's pages clean, populated, with errors and a new webhook's secret, in Swedish and English", async () => {
    const party = await aParty({ name: `Göteborgs Stad ${XSS}` });
    await aUser({ partyId: party.id, subject: ALVA.subject, role: Role.Admin, name: `Alva ${XSS}` });
    await signIn('/admin/users', true, ALVA.name);
    await check('users');
    await page.getByRole('button', { name: 'Skicka inbjudan' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#name-error').count()).toBe(1);
    await check('users with errors');
    await page.locator('#name').fill(`Bo ${XSS}`);
    await page.locator('#email').fill('bo@goteborg.example');
    await page.getByRole('button', { name: 'Skicka inbjudan' }).click();
    await page.waitForURL(/invited=1$/);
    await check('users with an invitation');

    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: 'Lägg till webhook' }).click();
    await page.waitForLoadState();
    await check('webhooks with errors');
    await page.locator('#url').fill('https://hooks.example/avvikelse');
    await page.locator('#description').fill(`Procapita ${XSS}`);
    await page.locator('label', { hasText: 'Status ändrad' }).click();
    await page.getByRole('button', { name: 'Lägg till webhook' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#webhook-secret').count()).toBe(1);
    await check('webhooks with a new secret');

    await page.getByRole('link', { name: 'In English' }).click();
    for (const path of ['/admin/users', '/admin/webhooks']) {
      await page.goto(`${suite.app.baseUrl}${path}`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await check(`${path} en`);
    }
  });
});
