import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DemoPerson } from '../../tools/stack/demo-identity-provider';
import type { PortalTest } from './portal';

/** A valid 1×1 PNG, which Chromium decodes (a thumbnail shown has a natural width of 1). */
export const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/**
 * A fresh browser context logged in as `person` through the real code flow (the demo provider's login page), left on
 * `path`; with `javaScript: false` the pages run no script, as for a person who turned it off. The caller closes it.
 */
export async function logInInBrowser(
  browser: Browser,
  portal: PortalTest,
  person: DemoPerson,
  path: string,
  options: { javaScript?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'sv-SE', javaScriptEnabled: options.javaScript ?? true });
  const page = await context.newPage();
  await page.goto(`${portal.baseUrl}${path}`);
  await page.getByLabel(person.name, { exact: false }).check();
  await page.locator('button[type=submit]').click();
  await page.waitForURL(`${portal.baseUrl}${path}`);
  return { context, page };
}

/** The report form filled in as a person would (a title, the rest of what seed 000 asks for), and sent. */
export async function fillAndSendReport(page: Page, rubrik: string, utfall = 'Timeout efter 30 s'): Promise<void> {
  await page.locator('#rubrik').fill(rubrik);
  await page.locator('#reproduktionssteg').fill('1. Logga in\n2. Sök testperson 3');
  await page.locator('#utfall').fill(utfall);
  await page.locator('#del').selectOption({ index: 1 });
  await page.locator('label', { hasText: 'Produktion' }).click();
  await page.locator('label', { hasText: '2 – stor påverkan' }).click();
  await page.locator('#kravreferens').fill('SLA 4.8.1');
  await page.locator('#contactPhone').fill('070-123 45 67');
  await page.getByRole('button', { name: 'Skicka in avvikelsen' }).click();
}
