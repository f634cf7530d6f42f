import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SiteProfileName } from '../../jira-simulator/profiles';
import { startJiraSimulator, type JiraSimulator } from '../../jira-simulator/simulator';
import { Role } from '../../src/actor/role';
import { NOTIFICATION_TYPES } from '../../src/notifications/notification-type';
import { WorkerModule } from '../../src/worker.module';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { eventually } from '../support/eventually';
import { startSmtpServer, type SmtpTestServer } from '../support/smtp';

/**
 * Issue 18's marker test: a unique string planted in every kind of Jira comment that must not reach the party is
 * looked for on every channel the party has — deviation and comment reads, search, CSV export, history, audit, the
 * notification feed, e-mail and party webhooks — while the hold runs and after it; a comment marked for the party
 * shows on those channels once its hold has ended, so each channel is shown to be live.
 */
jest.setTimeout(120_000);

// Long enough for the restrict, delete and channel reads inside it on a loaded 2-core machine (8 s was not).
const HOLD_S = 15;
const ROLE = { type: 'role' as const, value: 'Administrators' };

interface Stack {
  sim: JiraSimulator;
  api: TestApp;
  worker: INestApplicationContext;
  hooks: { server: Server; url: string; bodies: string[] };
  reporter: string;
  skr: string;
  contact: string;
}

async function startStack(profile: SiteProfileName, smtp: SmtpTestServer): Promise<Stack> {
  const sim = await startJiraSimulator({ webhookSecret: 'dev-webhook-secret-change-me', webhookRetryBaseMs: 50, profile });
  Object.assign(process.env, {
    JIRA_BASE_URL: sim.url,
    JIRA_TIMEOUT_MS: '1000',
    JIRA_RECONCILE_INTERVAL_MS: '3600000',
    JIRA_COMMENT_HOLD_S: String(HOLD_S),
    JIRA_COMMENT_SHARE_MODE: profile === 'jira-service-management' ? 'jsm-public' : 'marker',
    SMTP_URL: smtp.url,
  });
  const api = await startTestApp();
  await api.app.listen(0, '127.0.0.1');
  const port = (api.app.getHttpServer().address() as AddressInfo).port;
  sim.admin.configureWebhook({ url: `http://127.0.0.1:${port}/webhooks/jira`, secret: 'dev-webhook-secret-change-me' });
  const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  await worker.init();
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hooks = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
  return { sim, api, worker, hooks, reporter: '', skr: '', contact: '' };
}

async function stopStack(stack: Stack | undefined): Promise<void> {
  await stack?.worker.close();
  await stack?.api.close();
  await stack?.sim.stop();
  await new Promise((resolve) => stack?.hooks.server.close(resolve));
}

/** A party with a user, a reporter contact that receives mail, and a webhook for every notification type. */
async function aPartyWithChannels(stack: Stack): Promise<void> {
  await truncateAll();
  stack.hooks.bodies.length = 0;
  const party = await aParty({ emailDomains: ['part.example.se'] });
  stack.reporter = await stack.api.partyToken(party.id, Role.Reporter);
  stack.skr = await stack.api.skrToken();
  stack.contact = `kontakt-${randomUUID().slice(0, 8)}@part.example.se`;
  const admin = await stack.api.partyToken(party.id, Role.Admin);
  await stack.api.http
    .post('/api/v1/notifications/webhooks')
    .set('Authorization', `Bearer ${admin}`)
    .send({ url: stack.hooks.url, eventTypes: NOTIFICATION_TYPES })
    .expect(201);
}

async function submitDeviation(stack: Stack, rubrik: string): Promise<{ id: string; issueKey: string }> {
  const auth = { Authorization: `Bearer ${stack.reporter}` };
  const contact = { namn: 'Kim Kontakt', telefon: '070-123 45 67', epost: stack.contact };
  const created = await stack.api.http
    .post('/api/v1/deviations')
    .set(auth)
    .send(aDeviationBody({ rubrik, kontaktpersoner: [contact] }));
  expect(created.status).toBe(201);
  await stack.api.http.post(`/api/v1/deviations/${created.body.id}/submit`).set(auth).expect(200);
  const issueKey = await eventually(async () => {
    const status = await stack.api.http.get(`/api/v1/deviations/${created.body.id}/jira`).set(auth);
    expect(status.body).toMatchObject({ state: 'synkad', issueKey: expect.stringMatching(/^KHA-\d+$/) });
    return status.body.issueKey as string;
  });
  return { id: created.body.id, issueKey };
}

/** Everything the party can read, as one text: the API's answers, the e-mails caught and the webhook bodies. */
async function partyChannels(stack: Stack, smtp: SmtpTestServer, deviationIds: string[], planted: string): Promise<string> {
  const get = async (path: string) => {
    const response = await stack.api.http.get(path).set('Authorization', `Bearer ${stack.reporter}`);
    expect(response.status).toBe(200);
    return response.text;
  };
  const texts = [
    await get(`/api/v1/deviations?q=${encodeURIComponent(planted)}`),
    await get('/api/v1/deviations'),
    await get('/api/v1/deviations/export.csv'),
    await get('/api/v1/audit'),
    await get('/api/v1/notifications'),
  ];
  for (const id of deviationIds) {
    for (const path of ['', '/comments', '/history']) texts.push(await get(`/api/v1/deviations/${id}${path}`));
  }
  texts.push(...smtp.mails.map((mail) => `${mail.subject}\n${mail.text}\n${mail.html || ''}`));
  texts.push(...stack.hooks.bodies);
  return texts.join('\n');
}

/** Nor is a word of it stored anywhere in our database: only metadata of a comment that is not shared. */
async function storedAnywhere(planted: string): Promise<string[]> {
  const db = await ownerDb();
  const rows = (await db.query(
    `SELECT 'deviation_comment' AS t FROM deviation_comment WHERE body LIKE $1
     UNION ALL SELECT 'audit_entry' FROM audit_entry WHERE changes::text LIKE $1
     UNION ALL SELECT 'notification_event' FROM notification_event WHERE data::text LIKE $1`,
    [`%${planted}%`],
  )) as { t: string }[];
  return rows.map((r) => r.t);
}

const linksOf = async (deviationId: string) =>
  (await (
    await ownerDb()
  ).query(
    `SELECT jira_comment_id, sharing, not_shared_reason, author_kind, comment_id FROM jira_comment_link
      WHERE deviation_id = $1 AND origin = 'jira' ORDER BY jira_comment_id::int`,
    [deviationId],
  )) as { jira_comment_id: string; sharing: string; not_shared_reason: string | null; author_kind: string; comment_id: string | null }[];

describe('Jira comments reach the party only when marked for it (marker test)', () => {
  let smtp: SmtpTestServer;
  const saved = { ...process.env };

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp?.stop();
    process.env = saved;
  });
  beforeEach(() => {
    smtp.mails.length = 0;
  });

  describe('jira-software', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack('jira-software', smtp);
    });
    afterAll(() => stopStack(stack));
    beforeEach(() => aPartyWithChannels(stack));

    it('should show the planted string on no party channel, during the hold or after it; a marked comment after the hold', async () => {
      const planted = `HEMLIG-${randomUUID()}`;
      const visible = `SYNLIG-${randomUUID()}`;
      const { sim } = stack;
      const d = await submitDeviation(stack, 'Timeout mot CSN');
      const secured = await submitDeviation(stack, 'Fel i folkbokföringen');
      await eventually(async () => expect(smtp.mails.length).toBeGreaterThan(0)); // the submit's mail: e-mail is live

      sim.admin.setSecurityLevel(secured.issueKey, { id: '10100', name: 'Endast SKR' });
      sim.admin.addComment(secured.issueKey, `${planted} under säkerhetsnivå`, { forParty: true });
      sim.admin.addComment(d.issueKey, `${planted} utan markering`);
      sim.admin.addComment(d.issueKey, `${planted} från en regel`, { author: 'app', forParty: true });
      sim.admin.addComment(d.issueKey, `${planted} begränsad`, { forParty: true, visibility: ROLE });
      sim.admin.addComment(d.issueKey, `Skriv "Till part:" först, inte som här: ${planted}`);
      const restricted = sim.admin.addComment(d.issueKey, `${planted} begränsas under spärrtiden`, { forParty: true });
      const deleted = sim.admin.addComment(d.issueKey, `${planted} raderas under spärrtiden`, { forParty: true });
      const marked = sim.admin.addComment(d.issueKey, `${visible} till parten`, { forParty: true });

      // Held, then taken back in Jira while the hold runs.
      await eventually(async () =>
        expect((await linksOf(d.id)).filter((l) => l.sharing === 'held').map((l) => l.jira_comment_id)).toEqual(
          [restricted.id, deleted.id, marked.id].sort((a, b) => Number(a) - Number(b)),
        ),
      );
      sim.admin.restrictComment(d.issueKey, restricted.id, ROLE);
      sim.admin.deleteComment(d.issueKey, deleted.id);
      await eventually(async () => expect((await linksOf(d.id)).filter((l) => l.sharing === 'held')).toHaveLength(1));

      // While the hold runs, not even the marked comment is anywhere.
      const during = await partyChannels(stack, smtp, [d.id, secured.id], planted);
      const [{ holding }] = (await (
        await ownerDb()
      ).query(`SELECT bool_and(hold_until > now()) AS holding FROM jira_comment_link WHERE jira_comment_id = $1`, [marked.id])) as {
        holding: boolean;
      }[];
      expect(holding).toBe(true); // the channels above were read inside the hold
      expect(during).not.toContain(planted);
      expect(during).not.toContain(visible);

      // The worker releases it on its own schedule; mail and party webhook carry it, without its marker.
      await eventually(
        async () => {
          const comments = await stack.api.http.get(`/api/v1/deviations/${d.id}/comments`).set('Authorization', `Bearer ${stack.reporter}`);
          expect(comments.body.map((c: { text: string }) => c.text)).toEqual([`${visible} till parten`]);
          expect(smtp.mails.some((m) => m.text?.includes(visible))).toBe(true);
          expect(stack.hooks.bodies.some((b) => b.includes(visible))).toBe(true);
        },
        (HOLD_S + 30) * 1000,
        250,
      );
      await sim.admin.settleWebhooks();
      const after = await partyChannels(stack, smtp, [d.id, secured.id], planted);
      expect(after).toContain(visible);
      expect(after).not.toContain(planted);
      expect(after).not.toContain('Till part:');
      expect(await storedAnywhere(planted)).toEqual([]);

      // SKR keeps the metadata of what was not shared, and Jira shows the triager what went out.
      expect((await linksOf(d.id)).map((l) => [l.sharing, l.not_shared_reason, l.author_kind, l.comment_id !== null])).toEqual([
        ['not_shared', 'not_marked', 'person', false],
        ['not_shared', 'app_author', 'app', false],
        ['not_shared', 'restricted', 'person', false],
        ['not_shared', 'not_marked', 'person', false],
        ['not_shared', 'restricted', 'person', false],
        ['not_shared', 'deleted', 'person', false],
        ['shared', null, 'person', true],
      ]);
      expect(await linksOf(secured.id)).toEqual([]);
      const skrView = await stack.api.http.get(`/api/v1/deviations/${d.id}/jira/comments`).set('Authorization', `Bearer ${stack.skr}`);
      expect(skrView.status).toBe(200);
      expect(skrView.body.map((c: { sharing: string; reason: string | null }) => [c.sharing, c.reason])).toEqual([
        ['not_shared', 'not_marked'],
        ['not_shared', 'app_author'],
        ['not_shared', 'restricted'],
        ['not_shared', 'not_marked'],
        ['not_shared', 'restricted'],
        ['not_shared', 'deleted'],
        ['shared', null],
      ]);
      expect(skrView.text).not.toContain(planted);
      await stack.api.http.get(`/api/v1/deviations/${d.id}/jira/comments`).set('Authorization', `Bearer ${stack.reporter}`).expect(403);
      await eventually(async () =>
        expect(sim.admin.comment(d.issueKey, marked.id).properties).toEqual([
          { key: 'avvikelse.shared', value: { deviationId: d.id, sharedAt: expect.any(String) } },
        ]),
      );
    });

    it('should withdraw a shared comment that SKR restricts in Jira, from every view from then on', async () => {
      const visible = `SYNLIG-${randomUUID()}`;
      const d = await submitDeviation(stack, 'Timeout mot CSN');
      const marked = stack.sim.admin.addComment(d.issueKey, `${visible} till parten`, { forParty: true });
      await eventually(async () => expect(stack.hooks.bodies.some((b) => b.includes(visible))).toBe(true), (HOLD_S + 30) * 1000, 250);
      stack.sim.admin.restrictComment(d.issueKey, marked.id, ROLE);
      await eventually(async () => {
        const comments = await stack.api.http.get(`/api/v1/deviations/${d.id}/comments`).set('Authorization', `Bearer ${stack.reporter}`);
        expect(comments.body.map((c: { text: string }) => c.text)).toEqual([
          'En kommentar från SKR har dragits tillbaka. (A comment from SKR has been withdrawn.)',
        ]);
      });
      // What went out by e-mail and webhook before cannot be called back; everything read from now on is clean.
      smtp.mails.length = 0;
      stack.hooks.bodies.length = 0;
      const after = await partyChannels(stack, smtp, [d.id], visible);
      expect(after).not.toContain(visible);
      expect(after).toContain('En kommentar från SKR har dragits tillbaka.');
      expect(await storedAnywhere(visible)).toEqual([]);
    });
  });

  describe('jira-service-management', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack('jira-service-management', smtp);
    });
    afterAll(() => stopStack(stack));
    beforeEach(() => aPartyWithChannels(stack));

    it('should never share an internal note, marked or not; a reply to the customer after the hold', async () => {
      const planted = `HEMLIG-${randomUUID()}`;
      const visible = `SYNLIG-${randomUUID()}`;
      const d = await submitDeviation(stack, 'Timeout mot CSN');
      stack.sim.admin.addComment(d.issueKey, `${planted} intern anteckning`, { internalNote: true });
      stack.sim.admin.addComment(d.issueKey, `Till part: ${planted} intern men märkt`, { internalNote: true });
      stack.sim.admin.addComment(d.issueKey, `${visible} svar till kunden`, { forParty: true });
      await eventually(async () => expect(await linksOf(d.id)).toHaveLength(3));
      const during = await partyChannels(stack, smtp, [d.id], planted);
      expect(during).not.toContain(planted);
      expect(during).not.toContain(visible);

      await eventually(
        async () => {
          const comments = await stack.api.http.get(`/api/v1/deviations/${d.id}/comments`).set('Authorization', `Bearer ${stack.reporter}`);
          expect(comments.body.map((c: { text: string }) => c.text)).toEqual([`${visible} svar till kunden`]);
          expect(smtp.mails.some((m) => m.text?.includes(visible))).toBe(true);
        },
        (HOLD_S + 30) * 1000,
        250,
      );
      const after = await partyChannels(stack, smtp, [d.id], planted);
      expect(after).toContain(visible);
      expect(after).not.toContain(planted);
      expect(await storedAnywhere(planted)).toEqual([]);
      expect((await linksOf(d.id)).map((l) => [l.sharing, l.not_shared_reason])).toEqual([
        ['not_shared', 'internal_note'],
        ['not_shared', 'internal_note'],
        ['shared', null],
      ]);
    });
  });
});
