import type { Page } from 'playwright-core';
import { Role } from '../../src/actor/role';
import { aDriftleverantör, aParty, aUser } from '../factories/party.factory';
import { browserSuite, expectCleanPage } from '../support/browser';
import { ownerDb } from '../support/database';
import { eventually } from '../support/eventually';
import { startPortalTest } from '../support/portal';

const ANNA = { subject: 'anna-autosave', name: 'Anna Andersson', email: 'anna@goteborg.example' };
const SAVED = /^Utkastet sparat \d\d:\d\d$/;
const ORGANISATION_KEY = 'anslutningsobjekt.organisation.namn';
/**
 * Run in the page (as source: the test build has no DOM types): whether the focused element matches the selector, and
 * whether its focus is visible — `:focus-visible` and an outline or shadow drawn on it or, for the inputs @fkui/design
 * hides (radio buttons, files), on its label.
 */
const FOCUS_CHECK = `(wanted) => {
  const element = document.activeElement;
  if (!element || element === document.body) return { matches: false, visible: true, what: 'body' };
  const drawn = [element, ...(element.labels ?? [])].some((candidate) => {
    const style = getComputedStyle(candidate);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  });
  return { matches: element.matches(wanted), visible: element.matches(':focus-visible') && drawn, what: element.outerHTML.slice(0, 80) };
}`;

/**
 * Issue 22's "a draft saved as you go" and the keyboard-only journey, in a real Chromium: what a person types is in
 * the server-side draft within seconds (row asserted), a reload shows it, a change made elsewhere stops the saving
 * and is never overwritten unseen; a deviation is reported with evidence using Tab, Enter and Space alone.
 */
// A handful of pages through axe and html-validate, three logins: a minute or two on a loaded machine.
jest.setTimeout(300_000);

describe('portal autosave and keyboard journey in a browser (e2e)', () => {
  const suite = browserSuite('autosave', () => startPortalTest([ANNA], {}, { listen: true }));
  let page: Page;

  const logInAs = async (path: string) => {
    page = await suite.open();
    await page.goto(`${suite.app.baseUrl}${path}`);
    await page.getByLabel(ANNA.name, { exact: false }).check();
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${suite.app.baseUrl}${path}`);
  };
  const status = () => page.locator('#autosave-status');
  const waitForStatus = (text: RegExp | string) => page.locator('#autosave-status', { hasText: text }).waitFor({ timeout: 15_000 });
  const rows = async (sql: string, values: unknown[] = []) => (await ownerDb()).query(sql, values);

  it('should save the report as a draft while typing, reopen it on reload, and stop rather than overwrite a change made elsewhere', async () => {
    await aUser({ partyId: (await aParty({ name: 'Göteborgs Stad' })).id, subject: ANNA.subject, role: Role.Reporter });
    await logInAs('/deviations/new');
    expect(await status().getAttribute('role')).toBe('status');
    await page.getByLabel('Rubrik').fill('Svarstider över 30 sekunder');
    await page.getByLabel('Utfall').fill('Timeout efter 30 s');
    await waitForStatus(SAVED);
    const [draft] = await rows(`SELECT id, status, rubrik, utfall, version FROM deviation`);
    expect(draft).toMatchObject({ status: 'utkast', rubrik: 'Svarstider över 30 sekunder', utfall: 'Timeout efter 30 s' });
    expect(page.url()).toBe(`${suite.app.baseUrl}/deviations/new?draft=${draft.id}`);

    await page.reload();
    expect(await page.getByLabel('Rubrik').inputValue()).toBe('Svarstider över 30 sekunder');
    expect(await page.getByLabel('Utfall').inputValue()).toBe('Timeout efter 30 s');
    await expectCleanPage(page, 'report form, draft reopened');

    await page.getByLabel('Utfall').fill('Timeout efter 45 s');
    await waitForStatus(SAVED);
    expect(await rows(`SELECT utfall FROM deviation`)).toEqual([{ utfall: 'Timeout efter 45 s' }]);

    // Another tab (or the API) changes the draft: the page's version is stale now.
    await rows(`UPDATE deviation SET rubrik = 'Ändrad i en annan flik', version = version + 1`);
    await page.getByLabel('Utfall').fill('Timeout efter 60 s');
    await waitForStatus('Utkastet har ändrats någon annanstans');
    expect(await rows(`SELECT rubrik, utfall FROM deviation`)).toEqual([
      { rubrik: 'Ändrad i en annan flik', utfall: 'Timeout efter 45 s' },
    ]);

    // Submitting is refused too, with what was typed kept; sending again, having been told, replaces the draft.
    await page.getByLabel('Steg för att återskapa').fill('1. Logga in');
    await page.locator('#del').selectOption({ index: 1 });
    await page.locator('label', { hasText: 'Produktion' }).click();
    await page.locator('label', { hasText: '2 – stor påverkan' }).click();
    await page.getByLabel('Kravreferens').fill('SLA 4.8.1');
    await page.getByLabel('Telefon').fill('070-123 45 67');
    await page.getByRole('button', { name: 'Skicka in avvikelsen' }).click();
    await page.waitForURL(`${suite.app.baseUrl}/deviations/new?draft=${draft.id}`);
    expect(await page.locator('.error-summary').textContent()).toContain('Utkastet ändrades någon annanstans medan du skrev');
    expect(await page.getByLabel('Utfall').inputValue()).toBe('Timeout efter 60 s');
    expect(await rows(`SELECT status, utfall FROM deviation`)).toEqual([{ status: 'utkast', utfall: 'Timeout efter 45 s' }]);
    await expectCleanPage(page, 'report form, stale draft');
    await page.getByRole('button', { name: 'Skicka in avvikelsen' }).click();
    await page.waitForURL(`${suite.app.baseUrl}/deviations/${draft.id}`);
    expect(await rows(`SELECT status, rubrik, utfall FROM deviation`)).toEqual([
      { status: 'inskickad', rubrik: 'Svarstider över 30 sekunder', utfall: 'Timeout efter 60 s' },
    ]);
  });

  it("should save a declaration section's answers while typing and show them after a reload", async () => {
    await aUser({ partyId: (await aDriftleverantör({ name: 'Drift AB' })).id, subject: ANNA.subject, role: Role.Reporter });
    await logInAs('/declarations');
    await page.getByRole('button', { name: 'Påbörja' }).click();
    await page.waitForURL(/\/declarations\/[0-9a-f-]{36}$/);
    const field = page.locator(`#q-${ORGANISATION_KEY.replace(/\./g, '__')}`);
    await field.fill('Drift AB, avdelning syd');
    await waitForStatus(SAVED);
    expect(await rows(`SELECT question_key, svar FROM declaration_answer`)).toEqual([
      { question_key: ORGANISATION_KEY, svar: 'Drift AB, avdelning syd' },
    ]);
    await page.reload();
    expect(await field.inputValue()).toBe('Drift AB, avdelning syd');
    await expectCleanPage(page, 'declaration, section saved by autosave');

    // Leaving within the second after the last keystroke: the page's beacon carries it.
    await field.fill('Drift AB, avdelning norr');
    await page.goto(`${suite.app.baseUrl}/declarations`);
    await eventually(async () => expect(await rows(`SELECT svar FROM declaration_answer`)).toEqual([{ svar: 'Drift AB, avdelning norr' }]));
  });

  /** Presses Tab until the focused element matches `selector`, checking on the way that focus is always visible. */
  const tabTo = async (selector: string, key = 'Tab') => {
    for (let press = 0; press < 80; press++) {
      await page.keyboard.press(key);
      const focused = (await page.evaluate(`(${FOCUS_CHECK})(${JSON.stringify(selector)})`)) as {
        matches: boolean;
        visible: boolean;
        what: string;
      };
      expect({ focused: focused.what, visible: focused.visible }).toEqual({ focused: focused.what, visible: true });
      if (focused.matches) return;
    }
    throw new Error(`${selector} never took focus`);
  };
  const focusedId = () => page.evaluate('document.activeElement?.id ?? ""');

  it('should report a deviation with evidence using only the keyboard, focus visible and landing on the errors', async () => {
    await aUser({ partyId: (await aParty({ name: 'Göteborgs Stad' })).id, subject: ANNA.subject, role: Role.Reporter });
    await logInAs('/');
    await tabTo('a[href="/deviations/new"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${suite.app.baseUrl}/deviations/new`);
    await tabTo('#rubrik');
    await page.keyboard.type('Tangentbordsrapporterad avvikelse');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/deviations\/new/);
    await page.locator('.error-summary').waitFor();
    // The summary takes focus, so a keyboard or screen-reader user starts from what to fix.
    expect(await page.evaluate('document.activeElement?.classList.contains("error-summary")')).toBe(true);
    await tabTo('.error-summary a[href="#reproduktionssteg"]');
    await page.keyboard.press('Enter');
    expect(await focusedId()).toBe('reproduktionssteg');
    await page.keyboard.type('1. Logga in\n2. Sök testperson 3');
    await tabTo('#utfall');
    await page.keyboard.type('Timeout efter 30 s');
    await tabTo('#del');
    await page.keyboard.press('ArrowDown');
    await tabTo('#miljö');
    await page.keyboard.press('Space');
    await tabTo('#påverkan');
    await page.keyboard.press('Space');
    await tabTo('#kravreferens');
    await page.keyboard.type('SLA 4.8.1');
    await tabTo('#contactPhone');
    await page.keyboard.type('070-123 45 67');
    await tabTo('form[action="/deviations"] button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/deviations\/[0-9a-f-]{36}$/);
    expect(await page.locator('h1').textContent()).toContain('Tangentbordsrapporterad avvikelse');

    await tabTo('#file');
    // The file chooser itself is the operating system's dialog, outside the page: set its answer directly (Space on the
    // focused input opens it, which Chromium under load did not always report to Playwright).
    await page.locator('#file').setInputFiles({ name: 'logg.txt', mimeType: 'text/plain', buffer: Buffer.from('14:02 timeout\n') });
    await tabTo('form[enctype="multipart/form-data"] button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Ladda ned logg.txt' }).waitFor();
    await expectCleanPage(page, 'receipt with evidence');
    expect(
      await rows(
        `SELECT d.status, d.rubrik, d.paverkan, d.miljo, a.filename FROM deviation d JOIN deviation_attachment a ON a.deviation_id = d.id WHERE d.status = 'inskickad'`,
      ),
    ).toEqual([
      { status: 'inskickad', rubrik: 'Tangentbordsrapporterad avvikelse', paverkan: 1, miljo: expect.any(String), filename: 'logg.txt' },
    ]);
  });
});
