import type { INestApplicationContext } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { startJiraSimulator, type JiraSimulator } from '../../jira-simulator/simulator';
import { Role } from '../../src/actor/role';
import { aParty, aUser } from '../factories/party.factory';
import { browserSuite, expectCleanPage } from '../support/browser';
import { ownerDb } from '../support/database';
import { waitForSyncIdle } from '../support/jira-sync-idle';
import { startPortalTest, type PortalTest } from '../support/portal';
import { startWorkerContext } from '../support/worker-context';
import { fillAndSendReport } from '../support/portal-journeys';

const ANNA = { subject: 'anna-jira', name: 'Anna Andersson', email: 'anna@goteborg.example' };
const WEBHOOK_SECRET = 'dev-webhook-secret-change-me';
const SHARED = 'Vi utreder svarstiderna hos CSN.';
const UNMARKED = 'UNSHARED-unmarked: leverantören har bytt lastbalanserare';
const RESTRICTED = 'UNSHARED-restricted: avtalsvite kan bli aktuellt';

/**
 * Issue 22's "see it reach Jira and a Jira status come back", in a real Chromium against the whole two-way sync: the
 * portal (listening, its login through the demo provider), the Jira simulator over HTTP with its signed webhooks aimed
 * at the portal's API, and the real worker pushing and pulling through jira.js. A separate file because no other
 * browser suite runs the simulator and the worker beside its portal.
 */
// A login, a sync there and back, and two pages through axe: a minute on a loaded machine.
jest.setTimeout(180_000);

interface JiraPortal {
  portal: PortalTest;
  sim: JiraSimulator;
  worker: INestApplicationContext;
  close(): Promise<void>;
}

describe('portal: a deviation reaches Jira and SKR answers from there (browser e2e)', () => {
  const suite = browserSuite<JiraPortal>('portal-jira', async () => {
    const sim = await startJiraSimulator({ webhookSecret: WEBHOOK_SECRET, webhookRetryBaseMs: 50 });
    // As test/support/sync-stack.ts sets them: short Jira timeouts and retries, no sweep during the test.
    const env = {
      JIRA_BASE_URL: sim.url,
      JIRA_TIMEOUT_MS: '1000',
      JIRA_RECONCILE_INTERVAL_MS: '3600000',
      JIRA_RETRY_BASE_DELAY_MS: '200',
      JIRA_COMMENT_HOLD_S: '0',
    };
    const portal = await startPortalTest([ANNA], env, { listen: true });
    sim.admin.configureWebhook({ url: `${portal.baseUrl}/webhooks/jira`, secret: WEBHOOK_SECRET });
    const worker = await startWorkerContext(env);
    return {
      portal,
      sim,
      worker,
      close: async () => {
        await worker.close();
        await portal.close();
        await sim.stop();
      },
    };
  });
  let page: Page;
  const rows = async (sql: string, values: unknown[] = []) => (await ownerDb()).query(sql, values);
  const text = async (selector: string) => ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim();

  it('should show the deviation reached Jira, then the status SKR set there and only the comment SKR shared', async () => {
    const { portal, sim, worker } = suite.app;
    await aUser({ partyId: (await aParty({ name: 'Göteborgs Stad' })).id, subject: ANNA.subject, role: Role.Reporter });
    page = await suite.open();
    await page.goto(`${portal.baseUrl}/deviations/new`);
    await page.getByLabel(ANNA.name, { exact: false }).check();
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${portal.baseUrl}/deviations/new`);
    await fillAndSendReport(page, 'Svarstider över 30 sekunder');
    await page.waitForURL(/\/deviations\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;

    await waitForSyncIdle(sim, worker);
    const [link] = await rows(`SELECT state, issue_key FROM jira_link WHERE deviation_id = $1`, [id]);
    expect(link).toEqual({ state: 'synkad', issue_key: expect.stringMatching(/^KHA-\d+$/) });
    expect(sim.admin.issue(link.issue_key).fields.summary).toContain('Svarstider över 30 sekunder');
    await page.reload();
    expect(await text('#jira-state')).toBe(`Registrerad i SKR:s Jira som ${link.issue_key}.`);

    // SKR works the issue in Jira: a status, a comment marked for the party, one unmarked and one restricted to SKR.
    sim.admin.transition(link.issue_key, 'Under utredning');
    sim.admin.addComment(link.issue_key, SHARED, { forParty: true });
    sim.admin.addComment(link.issue_key, UNMARKED);
    sim.admin.addComment(link.issue_key, RESTRICTED, { forParty: true, internal: true });
    await waitForSyncIdle(sim, worker);
    expect(await rows(`SELECT status FROM deviation WHERE id = $1`, [id])).toEqual([{ status: 'under_utredning' }]);
    expect(await rows(`SELECT sharing, not_shared_reason FROM jira_comment_link WHERE origin = 'jira' ORDER BY jira_comment_id`)).toEqual([
      { sharing: 'shared', not_shared_reason: null },
      { sharing: 'not_shared', not_shared_reason: 'not_marked' },
      { sharing: 'not_shared', not_shared_reason: 'restricted' },
    ]);

    await page.reload();
    // The first line of the deviation's facts is its status.
    expect(await text('main dl dd >> nth=0')).toBe('Under utredning');
    const timeline = (await page.locator('ol.timeline > li').allTextContents()).map((line) => line.replace(/\s+/g, ' ').trim());
    expect(timeline.filter((line) => line.includes('Status ändrad till Under utredning'))).toHaveLength(1);
    expect(timeline.filter((line) => line.includes('Kommentar från SKR (via Jira)'))).toEqual([expect.stringContaining(SHARED)]);
    const shown = (await page.content()) + (await page.locator('body').innerText());
    expect({ unmarked: shown.includes('UNSHARED-unmarked'), restricted: shown.includes('UNSHARED-restricted') }).toEqual({
      unmarked: false,
      restricted: false,
    });
    await expectCleanPage(page, 'deviation page after SKR answered in Jira');
  });
});
