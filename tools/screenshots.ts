// The README's screenshots of the portal: `npm run screenshots` while `npm start` runs in another terminal. Logs in
// through the demo provider's login page (the real code flow, as a person would) and saves one PNG per page to
// docs/screenshots/. Pages that need data the demo does not have are skipped with a line, not faked.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'];
const OUT = resolve(__dirname, '..', '..', 'docs', 'screenshots');

interface Shot {
  /** File name without extension. */
  name: string;
  /** Path on the portal, or a function that finds it (e.g. the first deviation's detail page). */
  path: string | ((page: Page) => Promise<string | undefined>);
  /** The demo person to be logged in as (their label on the demo login page starts with this). */
  as?: string;
}

const firstLink = (selector: string) => async (page: Page) => {
  await page.goto(new URL('/deviations', page.url()).toString());
  const href = await page
    .locator(selector)
    .first()
    .getAttribute('href', { timeout: 2000 })
    .catch(() => null);
  return href ?? undefined;
};

const SHOTS: Shot[] = [
  { name: 'driftinformation', path: '/driftinformation' },
  { name: 'start', path: '/', as: 'Anna' },
  { name: 'deviations', path: '/deviations', as: 'Anna' },
  { name: 'report-deviation', path: '/deviations/new', as: 'Anna' },
  { name: 'deviation-detail', path: firstLink('main a[href^="/deviations/"]:not([href$="/new"])'), as: 'Anna' },
  { name: 'declarations', path: '/declarations', as: 'Lars' },
  { name: 'skr-triage', path: '/skr/triage', as: 'Sara' },
  { name: 'skr-kpi', path: '/skr/kpi', as: 'Sara' },
];

async function logIn(page: Page, base: string, person: string): Promise<void> {
  await page.goto(`${base}/login?returnTo=%2F`);
  await page.getByLabel(new RegExp(`^${person}`)).check();
  await Promise.all([page.waitForURL((url) => url.origin === new URL(base).origin), page.getByRole('button').click()]);
  // A person who acts for several parties lands on the party picker: the first party is fine for a picture.
  if (new URL(page.url()).pathname === '/choose-party') {
    await page.getByRole('radio').first().check();
    await Promise.all([page.waitForNavigation(), page.getByRole('button').first().click()]);
  }
}

async function main(): Promise<void> {
  const base = (process.argv[2] ?? process.env.PUBLIC_BASE_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    for (const shot of SHOTS) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
      const page = await context.newPage();
      try {
        if (shot.as) await logIn(page, base, shot.as);
        else await page.goto(`${base}/`);
        const path = typeof shot.path === 'string' ? shot.path : await shot.path(page);
        if (!path) {
          console.log(`skipped ${shot.name}: no such page in the demo data`);
          continue;
        }
        const response = await page.goto(`${base}${path}`);
        if (!response || response.status() >= 400) {
          console.log(`skipped ${shot.name}: ${path} answered ${response?.status() ?? 'nothing'}`);
          continue;
        }
        const file = join(OUT, `${shot.name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(`saved ${file}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
