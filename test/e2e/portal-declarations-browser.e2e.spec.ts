import type { Page } from 'playwright-core';
import { Role } from '../../src/actor/role';
import { aDeviationBody } from '../factories/deviation.factory';
import { aSignature, completeAnswers } from '../factories/declaration.factory';
import { aDriftleverantör, aUser } from '../factories/party.factory';
import { browserSuite, expectCleanPage } from '../support/browser';
import { ownerDb } from '../support/database';
import { startPortalTest } from '../support/portal';

const ANNA = { subject: 'anna-decl-browser', name: 'Anna Andersson', email: 'anna@drift.example' };
const BO = { subject: 'bo-decl-browser', name: 'Bo Berg', email: 'bo@drift.example' };
const EVA = { subject: 'eva-decl-browser', name: 'Eva Ek', email: 'eva@skr.example' };
const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';
const NEJ_KEY = 'miljo.prestanda.svarstid-ett-90';
const ORGANISATION_KEY = 'anslutningsobjekt.organisation.namn';
const PRODUCT_KEY = 'anslutningsobjekt.produktbeteckning.produkt';

/**
 * Issue 22's declaration journey in a real Chromium: a party fills in a declaration section by section, cites a
 * deviation from the picker, signs and submits; SKR reviews it from its queue; the party reads the outcome; another
 * party gets the 404 page on every address of the journey. Every page visited passes axe (WCAG 2.1 A/AA) and
 * html-validate, in Swedish and English, with XSS strings planted in every stored field.
 */
// Twenty pages through axe and html-validate, three logins: minutes on a loaded machine.
jest.setTimeout(900_000);

describe('portal declarations in a browser (e2e)', () => {
  const suite = browserSuite('declarations', () => startPortalTest([ANNA, BO, EVA], {}, { listen: true }));
  let page: Page;

  const open = async () => {
    page = await suite.open();
  };
  const check = (label: string) => expectCleanPage(page, label);
  const logInAs = async (path: string, name: string) => {
    await open();
    await page.goto(`${suite.app.baseUrl}${path}`);
    await page.getByLabel(name, { exact: false }).check();
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${suite.app.baseUrl}${path}`);
  };
  const byId = (id: string) => page.locator(`#${id.replace(/\./g, '__')}`);

  it('should fill in, cite, sign and submit; SKR reviews from its queue; the party sees the outcome; another party sees none of it', async () => {
    const party = await aDriftleverantör({ name: `Drift ${XSS}` });
    await aUser({ partyId: party.id, subject: ANNA.subject, role: Role.Reporter });
    await aUser({ partyId: (await aDriftleverantör({ name: 'Annan Drift AB' })).id, subject: BO.subject, role: Role.Reporter });
    await aUser({ partyId: null, subject: EVA.subject, role: Role.Skr });
    const api = { Authorization: `Bearer ${await suite.app.t.partyToken(party.id)}` };
    const created = await suite.app.t.http
      .post('/api/v1/deviations')
      .set(api)
      .send(aDeviationBody({ rubrik: `Svarstider ${XSS}` }));
    await suite.app.t.http.post(`/api/v1/deviations/${created.body.id}/submit`).set(api).expect(200);
    const deviationKey = (created.body as { key: string }).key;

    await logInAs('/declarations', ANNA.name);
    await check('declarations, none yet');
    await page.getByRole('button', { name: 'Påbörja' }).click();
    await page.waitForURL(/\/declarations\/[0-9a-f-]{36}$/);
    const address = page.url();
    const id = address.split('/').pop()!;
    await check('declaration, first section');
    await byId(`q-${ORGANISATION_KEY}`).fill(`Drift AB ${XSS}`);
    await byId(`q-${PRODUCT_KEY}`).fill(`SSBTEK 3.2 ${XSS}`);
    await page.getByRole('button', { name: 'Spara avsnittet' }).click();
    await page.waitForLoadState();
    await check('declaration, section saved');
    expect(await page.getByRole('link', { name: /Anslutningsobjekt: 2 av 3 besvarade/ }).count()).toBe(1);

    await page.goto(`${address}/citations?question=${NEJ_KEY}`);
    await page.getByLabel('Sök avvikelse').fill('Svarstider');
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await page.waitForLoadState();
    await check('citation picker with results');
    await page.getByRole('button', { name: `Lägg till ${deviationKey}` }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('button', { name: `Ta bort ${deviationKey}` }).count()).toBe(1);
    await check('citation picker with a citation');

    // The rest of the 100 answers over the API (the same service), then the signature and submission on the page.
    const version = Number(await page.locator('input[name=version]').first().getAttribute('value'));
    const answers = completeAnswers({ [NEJ_KEY]: { svar: 'nej', citations: [deviationKey], kommentar: `Se avvikelsen ${XSS}` } });
    delete answers[ORGANISATION_KEY];
    delete answers[PRODUCT_KEY];
    delete answers['anslutningsobjekt.organisation.organisationsnummer'];
    await suite.app.t.http
      .put(`/api/v1/declarations/${id}/answers`)
      .set(api)
      .set('If-Match', `W/"${version}"`)
      .send({ answers })
      .expect(200);
    await page.goto(address);
    await byId('q-anslutningsobjekt.organisation.organisationsnummer').fill('123456-7890');
    await page.getByRole('button', { name: 'Spara avsnittet' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.error-summary').count()).toBe(1);
    await check('declaration, section with errors');
    await byId('q-anslutningsobjekt.organisation.organisationsnummer').fill('212000-0142');
    await page.getByRole('button', { name: 'Spara och gå till nästa avsnitt' }).click();
    await page.waitForURL(/section=bastjanster/);
    await page.goto(`${address}?section=miljo`);
    await check('declaration, a section citing a deviation');
    await page.getByLabel('Kontaktpersonens namn').fill(`Anna ${XSS}`);
    await page.getByLabel('Datum').fill(aSignature.datum);
    await page.getByRole('button', { name: 'Spara underskriften' }).click();
    await page.waitForLoadState();
    await page.locator('#file').setInputFiles({ name: 'test.txt', mimeType: 'text/plain', buffer: Buffer.from('Testrapport\n') });
    await page.getByRole('button', { name: 'Ladda upp bilaga' }).click();
    await page.waitForLoadState();
    await page.getByRole('button', { name: 'Skicka in för granskning' }).click();
    await page.waitForURL(address);
    await check('declaration, submitted');
    expect(await (await ownerDb()).query(`SELECT status FROM declaration`)).toEqual([{ status: 'inskickad' }]);
    await page.context().close();

    await logInAs('/declarations', EVA.name);
    await check('review queue');
    await page.getByRole('link', { name: /^SD-/ }).click();
    await page.waitForURL(address);
    await check('review screen');
    await page.locator('label[for^=outcome]', { hasText: 'Godkänd med förbehåll' }).click();
    await page.getByRole('button', { name: 'Spara bedömningen' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#agreedDate-error').count()).toBe(1);
    await check('review screen with errors');
    await page.locator('label[for^=outcome]', { hasText: 'Godkänd med förbehåll' }).click();
    await page.getByLabel('Överenskommet datum för rättningar och omtester').fill('2026-05-01');
    await page.getByLabel('Kommentar till parten').fill(`Rätta svarstiderna ${XSS}`);
    await page.getByRole('button', { name: 'Spara bedömningen' }).click();
    await page.waitForLoadState();
    expect(await (await ownerDb()).query(`SELECT status FROM declaration`)).toEqual([{ status: 'komplettering' }]);
    await page.context().close();

    await logInAs('/', ANNA.name);
    expect(await page.locator('main').textContent()).toContain('Godkänd med förbehåll');
    await check('start with the declaration');
    await page.goto(address);
    expect(await page.locator('main').textContent()).toContain('Rätta svarstiderna');
    await check('declaration with its outcome');
    await page.goto(`${address}/print`);
    await check('print version');
    await page.getByRole('link', { name: 'In English' }).click();
    for (const path of [
      '/declarations',
      `/declarations/${id}`,
      `/declarations/${id}?section=miljo`,
      `/declarations/${id}/citations?question=${NEJ_KEY}`,
      `/declarations/${id}/print`,
    ]) {
      await page.goto(`${suite.app.baseUrl}${path}`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await check(`${path} en`);
    }
    await page.context().close();

    await logInAs('/declarations', BO.name);
    expect(await page.locator('main').textContent()).not.toContain('SD-');
    for (const path of [
      `/declarations/${id}`,
      `/declarations/${id}?section=miljo`,
      `/declarations/${id}/citations?question=${NEJ_KEY}`,
      `/declarations/${id}/print`,
    ]) {
      const answer = await page.goto(`${suite.app.baseUrl}${path}`);
      expect({ path, status: answer!.status() }).toEqual({ path, status: 404 });
    }
    await check('404 page');
  });
});
