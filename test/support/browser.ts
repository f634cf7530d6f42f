import AxeBuilder from '@axe-core/playwright';
import { HtmlValidate } from 'html-validate';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { truncateAll } from './database';

/** Debian's chromium, installed by scripts/apt-install.sh through scripts/run.sh (../shared/RUNTIME.md, "Browser"). */
export const CHROMIUM = '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps trying to reach outside hosts on this closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Where a failing browser test leaves its screenshots. */
export const SCREENSHOT_DIR = join(tmpdir(), 'avvikelse-browser-screenshots');

/** One browser per test file; tests take a fresh context each. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (bash scripts/apt-install.sh chromium, as npm test does)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    // Templates indent with their logic; whitespace in the answer is not the page's content.
    'no-trailing-whitespace': 'off',
    // What is validated is the browser's serialisation of the page, which writes boolean attributes as `required=""`.
    'attribute-boolean-style': 'off',
    'attribute-empty-style': 'off',
    // A search-engine rule; a deviation page's title names its deviation, entities and all, which WCAG 2.4.2 asks for.
    'long-title': 'off',
  },
});

/** What a page visit found wrong: axe violations (WCAG 2.1 A/AA) and HTML validator messages. */
export async function problemsOf(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const problems = axe.violations.map(
    (violation) =>
      `axe ${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
  const report = await validator.validateString(await page.content());
  for (const result of report.results) {
    for (const message of result.messages)
      problems.push(`html-validate ${message.ruleId} at ${message.line}:${message.column}: ${message.message}`);
  }
  return problems;
}

/** Saves what the page shows and says where, for a test that is about to fail. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^A-Za-z0-9_-]+/g, '-')}-${Date.now()}.png`);
  await page.screenshot({ path, fullPage: true }).catch(() => undefined);
  return path;
}

/** For an afterEach: when the test that just ran failed, saves what `page` showed and says where. */
export async function screenshotIfFailed(page: Page | undefined, fallbackName: string): Promise<void> {
  const state = expect.getState();
  const failed = state.assertionCalls !== state.numPassingAsserts || (state as { suppressedErrors?: unknown[] }).suppressedErrors?.length;
  if (failed && page) process.stdout.write(`screenshot: ${await screenshot(page, state.currentTestName ?? fallbackName)}\n`);
}

/** A visited page's verdict: no axe or HTML validator problem, and none of the scripts planted in its data ran. */
export async function expectCleanPage(page: Page, label: string): Promise<void> {
  expect({ label, problems: await problemsOf(page) }).toEqual({ label, problems: [] });
  expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss ?? null).catch(() => null)).toBeNull();
}

export interface BrowserSuite<App> {
  /** What the suite's `start` gave, once its beforeAll has run. */
  readonly app: App;
  readonly browser: Browser;
  /** The page the test opened last. */
  readonly page: Page;
  /**
   * A fresh context (Swedish unless `options` say otherwise) and a page in it: the current `page` from now on. Every
   * context a test opens is closed after it.
   */
  open(options?: BrowserContextOptions): Promise<Page>;
}

/**
 * The lifecycle every browser suite shares, as hooks of the calling file or describe: its app (with whatever `start`
 * starts beside it, the OIDC provider included) and one Chromium, started side by side once for the file; an empty
 * database before each test; the test's contexts closed after it, with a screenshot first when it failed; the browser
 * and the app closed at the end. Hooks the caller declares after this call run after these.
 */
export function browserSuite<App extends { close(): Promise<void> }>(name: string, start: () => Promise<App>): BrowserSuite<App> {
  let app: App | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const contexts: BrowserContext[] = [];
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${name}: no ${what} yet (browserSuite's beforeAll has not run, or failed)`);
    return value;
  };

  beforeAll(async () => {
    [app, browser] = await Promise.all([start(), launchBrowser()]);
  });
  beforeEach(() => truncateAll());
  afterEach(async () => {
    await screenshotIfFailed(page, name);
    await Promise.all(contexts.splice(0).map((context) => context.close().catch(() => undefined)));
    page = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  return {
    get app() {
      return started(app, 'app');
    },
    get browser() {
      return started(browser, 'browser');
    },
    get page() {
      return started(page, 'page (call open() first)');
    },
    async open(options: BrowserContextOptions = {}) {
      const context = await started(browser, 'browser').newContext({ locale: 'sv-SE', ...options });
      contexts.push(context);
      page = await context.newPage();
      return page;
    },
  };
}
