import { getQueueToken } from '@nestjs/bullmq';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import ICAL from 'ical.js';
import { Role } from '../../src/actor/role';
import { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { CORE_MODULES } from '../../src/core-modules';
import { DriftinfoWorkerModule } from '../../src/driftinfo/driftinfo-worker.module';
import { NotificationsModule } from '../../src/notifications/notifications.module';
import { NotificationsWorkerModule } from '../../src/notifications/notifications-worker.module';
import { OutboxModule } from '../../src/outbox/outbox.module';
import { OutboxRelay } from '../../src/outbox/outbox-relay';
import { DRIFTINFO_QUEUE } from '../../src/queues/driftinfo.queue';
import { NOTIFICATIONS_QUEUE } from '../../src/queues/notifications.queue';
import { aParty, aUser } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { DRIFT_ADMIN, driftWriters, type DriftWriters } from '../support/drift-board';
import { eventually } from '../support/eventually';
import { startSmtpServer, type CaughtMail, type SmtpTestServer } from '../support/smtp';
import { resetThrottleCounters } from '../support/throttle';

const BASE_URL = 'https://avvikelse.test';
const SUBSCRIBE = '/api/v1/public/driftinfo/subscriptions';
const SKR_MAILBOX = 'drift@skr.test';
const DAY = 86_400_000;
const rows = async (sql: string, params: unknown[] = []) => (await ownerDb()).query(sql, params);
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * Driftinformation to subscribers, as it runs: the API (publish, subscribe, the confirm and unsubscribe pages) and
 * the worker (outbox relay → BullMQ → notifications and driftinfo processors) against a real SMTP server.
 */
describe('driftinfo subscriptions (e2e)', () => {
  let t: TestApp;
  let smtp: SmtpTestServer;
  let worker: TestingModule;
  let writers: DriftWriters;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    await truncateAll();
    Object.assign(process.env, { PUBLIC_BASE_URL: BASE_URL, THROTTLE_SUBSCRIBE_LIMIT: '12', DRIFTINFO_SUBSCRIBE_PER_ADDRESS: '3' });
    t = await startTestApp();
    const config = Object.assign(loadConfig(process.env), {
      SMTP_URL: smtp.url,
      DRIFTINFO_SKR_EMAIL: SKR_MAILBOX,
      DRIFTINFO_SERIOUS_REMINDER_MINUTES: 1,
      DRIFTINFO_REMINDER_SCAN_MS: 1000,
    });
    worker = await Test.createTestingModule({
      imports: [...CORE_MODULES, OutboxModule, NotificationsModule, NotificationsWorkerModule, DriftinfoWorkerModule],
      providers: [OutboxRelay],
    })
      .overrideProvider(AppConfig)
      .useValue(config)
      .compile();
    for (const name of [NOTIFICATIONS_QUEUE, DRIFTINFO_QUEUE]) await worker.get<Queue>(getQueueToken(name)).obliterate({ force: true });
    await worker.init();
  });
  beforeEach(async () => {
    await truncateAll();
    await resetThrottleCounters();
    smtp.mails.length = 0;
    writers = await driftWriters(t);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smtp?.stop();
  });

  /** A party user with an address, subscribed through the API. */
  async function partySubscriber(email: string, bastjänster: string[]) {
    const party = await aParty({ name: `Part ${email}` });
    const user = await aUser({ partyId: party.id, email, role: Role.Reader, name: `Namn ${email}` });
    const token = await t.partyToken(party.id, Role.Reader, user.subject);
    const res = await t.http
      .put('/api/v1/driftinfo/subscription')
      .set(auth(token))
      .send({ aktiv: true, driftstörningar: true, planeradeÄndringar: true, bastjänster });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ aktiv: true, driftstörningar: true, planeradeÄndringar: true, bastjänster });
    return { party, user, token };
  }

  /** A header as sent (mailparser turns List-* headers into objects of its own). */
  const rawHeader = (mail: CaughtMail, name: string) =>
    mail.headerLines
      .find((h) => h.key === name)
      ?.line.replace(/^[^:]+:\s*/, '')
      .replace(/\r?\n\s+/g, '');
  const unsubscribeUrlOf = (mail: CaughtMail) => /^<([^>]+)>$/.exec(rawHeader(mail, 'list-unsubscribe') ?? '')![1];

  /** The token of the latest link to `path` mailed to `address`. */
  const linkToken = (mail: CaughtMail, path: string) => new RegExp(`${BASE_URL}${path}\\?token=([A-Za-z0-9_-]{43})`).exec(mail.text!)![1];

  /** An external address through the public form and, if `confirm`, the link in its confirmation e-mail. */
  async function externalSubscriber(email: string, confirm: boolean, body: Record<string, unknown> = {}) {
    const res = await t.http.post(SUBSCRIBE).send({ epost: email, ...body });
    expect(res.status).toBe(202);
    const [mail] = await eventually(async () => {
      const mails = smtp.mailsTo(email);
      expect(mails).toHaveLength(1);
      return mails;
    });
    expect(mail.subject).toBe('Bekräfta din prenumeration på driftinformation för SSBTEK');
    const token = linkToken(mail, '/driftinformation/prenumeration/bekrafta');
    if (!confirm) return token;
    const ask = await t.http.get(`/driftinformation/prenumeration/bekrafta?token=${token}`);
    expect(ask.status).toBe(200);
    expect(await rows(`SELECT status FROM drift_subscription WHERE email = $1`, [email])).toEqual([{ status: 'vantar' }]);
    const done = await t.http.post(`/driftinformation/prenumeration/bekrafta?token=${token}`);
    expect(done.status).toBe(200);
    expect(done.text).toContain('Prenumerationen är bekräftad');
    expect(await rows(`SELECT status, confirm_token_hash FROM drift_subscription WHERE email = $1`, [email])).toEqual([
      { status: 'aktiv', confirm_token_hash: null },
    ]);
    const reused = await t.http.post(`/driftinformation/prenumeration/bekrafta?token=${token}`);
    expect(reused.status).toBe(404);
    expect(reused.text).toContain('Länken fungerar inte');
    smtp.mails.length = 0;
    return token;
  }

  async function publishCsnOutage(extra: Record<string, unknown> = {}) {
    const res = await t.http
      .post(DRIFT_ADMIN)
      .set(auth(writers.csn))
      .send({
        typ: 'driftstorning',
        bastjänster: ['csn'],
        rubrik: 'CSN svarar inte',
        påverkan: 'Uppgifter från CSN saknas i svaren.',
        start: new Date(Date.now() - 600_000).toISOString(),
        orsak: 'HEMLIG-ORSAK',
        meddelande: 'Vi felsöker.',
        ...extra,
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  /** Waits until every delivery of the announcement's events is sent, then gives the mails per address. */
  async function mailsAfter(count: number): Promise<Map<string, CaughtMail[]>> {
    await eventually(async () => {
      const pending = await rows(`SELECT count(*)::int AS n FROM notification_delivery WHERE status <> 'skickad'`);
      expect(pending[0].n).toBe(0);
      expect(smtp.mails).toHaveLength(count);
    });
    const byAddress = new Map<string, CaughtMail[]>();
    for (const mail of smtp.mails) for (const to of mail.envelopeTo) byAddress.set(to, [...(byAddress.get(to) ?? []), mail]);
    return byAddress;
  }

  it('should e-mail each matching subscriber once per published, updated and resolved outage, and nobody else', async () => {
    await partySubscriber('lisa@aby.se', ['csn']);
    await partySubscriber('sven@boras.se', ['skatteverket']);
    await externalSubscriber('it@kommun.se', true);
    await externalSubscriber('vantande@kommun.se', false);
    smtp.mails.length = 0;

    const id = await publishCsnOutage();
    let mails = await mailsAfter(2);
    expect([...mails.keys()].sort()).toEqual(['it@kommun.se', 'lisa@aby.se']);
    const [first] = mails.get('lisa@aby.se')!;
    expect(first.subject).toBe('[Driftinformation] Ny driftstörning: CSN svarar inte');
    expect(first.text).toContain('Påverkar: CSN');
    expect(first.text).toContain('Vi felsöker.');
    expect(first.text).not.toContain('HEMLIG-ORSAK');
    const external = mails.get('it@kommun.se')![0];
    const unsubscribeUrl = unsubscribeUrlOf(external);
    expect(unsubscribeUrl).toMatch(new RegExp(`^${BASE_URL}/driftinformation/prenumeration/avsluta\\?token=[A-Za-z0-9_-]{43}$`));
    expect(rawHeader(external, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(external.text).toContain(unsubscribeUrl);

    const updated = await t.http
      .patch(`${DRIFT_ADMIN}/${id}`)
      .set(auth(writers.csn))
      .set('If-Match', 'W/"1"')
      .send({ meddelande: 'Felet är hittat.' });
    expect(updated.status).toBe(200);
    mails = await mailsAfter(4);
    expect(mails.get('lisa@aby.se')!.map((m) => m.subject)).toEqual([
      '[Driftinformation] Ny driftstörning: CSN svarar inte',
      '[Driftinformation] Uppdaterad driftstörning: CSN svarar inte',
    ]);

    const resolved = await t.http
      .post(`${DRIFT_ADMIN}/${id}/resolve`)
      .set(auth(writers.csn))
      .set('If-Match', 'W/"2"')
      .send({ slut: new Date().toISOString(), meddelande: 'Åtgärdat.' });
    expect(resolved.status).toBe(200);
    mails = await mailsAfter(6);
    expect([...mails.keys()].sort()).toEqual(['it@kommun.se', 'lisa@aby.se']);
    expect(mails.get('it@kommun.se')!.map((m) => m.subject)[2]).toBe('[Driftinformation] Avslutad driftstörning: CSN svarar inte');

    // One delivery row per event and address: a retried or duplicated job finds it sent and sends nothing.
    expect(
      await rows(
        `SELECT e.type, count(*)::int AS n FROM notification_delivery d JOIN notification_event e ON e.id = d.event_id
          WHERE e.subject_id = $1 GROUP BY e.type ORDER BY e.type`,
        [id],
      ),
    ).toEqual([
      { type: 'drift_avslutad', n: 2 },
      { type: 'drift_publicerad', n: 2 },
      { type: 'drift_uppdaterad', n: 2 },
    ]);
  });

  it('should unsubscribe with one click by POST, and only ask on GET', async () => {
    await externalSubscriber('it@kommun.se', true);
    const { user } = await partySubscriber('lisa@aby.se', []);
    await publishCsnOutage();
    const mails = await mailsAfter(2);
    const urlOf = (address: string) => unsubscribeUrlOf(mails.get(address)![0]);
    const path = (url: string) => url.slice(BASE_URL.length);

    const asked = await t.http.get(path(urlOf('it@kommun.se')));
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('List-Unsubscribe');
    expect(await rows(`SELECT status FROM drift_subscription WHERE email = 'it@kommun.se'`)).toEqual([{ status: 'aktiv' }]);

    for (const address of ['it@kommun.se', 'lisa@aby.se']) {
      const done = await t.http
        .post(path(urlOf(address)))
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send('List-Unsubscribe=One-Click');
      expect(done.status).toBe(200);
      expect(done.text).toContain('Prenumerationen är avslutad');
    }
    // The external address is personal data with no other use: it is gone; the user's subscription is off.
    expect(await rows(`SELECT count(*)::int AS n FROM drift_subscription WHERE email = 'it@kommun.se'`)).toEqual([{ n: 0 }]);
    expect(await rows(`SELECT status FROM drift_subscription WHERE user_subject = $1`, [user.subject])).toEqual([{ status: 'avslutad' }]);

    smtp.mails.length = 0;
    await publishCsnOutage({ rubrik: 'CSN svarar inte igen' });
    await eventually(async () =>
      expect(await rows(`SELECT count(*)::int AS n FROM notification_event WHERE recipients_resolved_at IS NULL`)).toEqual([{ n: 0 }]),
    );
    expect(smtp.mails).toHaveLength(0);
  });

  it('should answer a link that does not work with a page that says so and its status: 410 past its time, else 404', async () => {
    const late = await externalSubscriber('sen@kommun.se', false);
    await rows(`UPDATE drift_subscription SET confirm_expires_at = now() - interval '1 minute' WHERE email = 'sen@kommun.se'`);
    const expired = await t.http.post(`/driftinformation/prenumeration/bekrafta?token=${late}`).set('Cookie', 'lang=en');
    expect(expired.status).toBe(410);
    expect(expired.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(expired.text).toContain('<h1>The link does not work</h1>');
    expect(await rows(`SELECT status FROM drift_subscription WHERE email = 'sen@kommun.se'`)).toEqual([{ status: 'vantar' }]);

    const unknown = 'A'.repeat(43);
    for (const answer of [
      await t.http.post(`/driftinformation/prenumeration/bekrafta?token=${unknown}`),
      await t.http.get(`/driftinformation/prenumeration/avsluta?token=${unknown}`),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.text).toContain('<h1>Länken fungerar inte</h1>');
      expect(answer.text).not.toContain('<form');
    }
    // A malformed token is refused before any lookup, as a bad request.
    const malformed = await t.http.get('/driftinformation/prenumeration/avsluta?token=kort').set('Accept', 'text/html');
    expect(malformed.status).toBe(400);
  });

  it('should answer a subscribe request the same whether the address is new, pending or subscribed', async () => {
    await externalSubscriber('aktiv@kommun.se', true);
    await externalSubscriber('vantar@kommun.se', false);
    smtp.mails.length = 0;
    const answers = [];
    for (const epost of ['ny@kommun.se', 'vantar@kommun.se', 'aktiv@kommun.se']) {
      const res = await t.http.post(SUBSCRIBE).send({ epost });
      answers.push({ status: res.status, body: res.body, type: res.headers['content-type'] });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0].status).toBe(202);
    // The worker tells only the address's owner: a new link to a new or pending address, nothing to a subscribed one.
    await eventually(async () => expect(smtp.mails.map((m) => m.envelopeTo[0]).sort()).toEqual(['ny@kommun.se', 'vantar@kommun.se']));
    expect(await rows(`SELECT email, status FROM drift_subscription ORDER BY email`)).toEqual([
      { email: 'aktiv@kommun.se', status: 'aktiv' },
      { email: 'ny@kommun.se', status: 'vantar' },
      { email: 'vantar@kommun.se', status: 'vantar' },
    ]);
  });

  it('should refuse past the per-address and per-IP limits with 429 problem+json', async () => {
    for (let i = 0; i < 3; i++) expect((await t.http.post(SUBSCRIBE).send({ epost: 'Flood@Kommun.se' })).status).toBe(202);
    const perAddress = await t.http.post(SUBSCRIBE).send({ epost: 'flood@kommun.se' });
    expect(perAddress.status).toBe(429);
    expect(perAddress.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(perAddress.body).toMatchObject({ status: 429, code: 'DRIFT_SUBSCRIBE_LIMIT' });
    expect(await rows(`SELECT count(*)::int AS n FROM drift_subscribe_request WHERE email = 'flood@kommun.se'`)).toEqual([{ n: 3 }]);

    for (let i = 0; i < 8; i++) expect((await t.http.post(SUBSCRIBE).send({ epost: `ip${i}@kommun.se` })).status).toBe(202);
    const perIp = await t.http.post(SUBSCRIBE).send({ epost: 'en-till@kommun.se' });
    expect(perIp.status).toBe(429);
    expect(perIp.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await rows(`SELECT count(*)::int AS n FROM drift_subscribe_request WHERE email = 'en-till@kommun.se'`)).toEqual([{ n: 0 }]);
    // Reading the status board has its own budget and still works from the same address.
    expect((await t.http.get('/api/v1/public/driftinfo/status')).status).toBe(200);
  });

  it('should refuse a subscription to an unknown bastjänst with a pointer', async () => {
    const res = await t.http.post(SUBSCRIBE).send({ epost: 'it@kommun.se', bastjänster: ['csn', 'finns-inte'] });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/bastjänster/1' })]);
    expect(await rows(`SELECT count(*)::int AS n FROM drift_subscribe_request`)).toEqual([{ n: 0 }]);
  });

  it('should remind SKR once per period of a serious outage without updates', async () => {
    const id = await publishCsnOutage({ allvarlighet: 'allvarlig' });
    await eventually(async () =>
      expect(await rows(`SELECT count(*)::int AS n FROM notification_event WHERE recipients_resolved_at IS NULL`)).toEqual([{ n: 0 }]),
    );
    await rows(`UPDATE drift_announcement SET last_update_at = now() - interval '2 minutes' WHERE id = $1`, [id]);
    const [reminder] = await eventually(async () => {
      const mails = smtp.mailsTo(SKR_MAILBOX);
      expect(mails).toHaveLength(1);
      return mails;
    });
    expect(reminder.subject).toBe('[Driftinformation] Påminnelse: ingen uppdatering på 1 minuter: CSN svarar inte');
    // Later scans within the period remind nobody again.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(smtp.mailsTo(SKR_MAILBOX)).toHaveLength(1);
    expect(await rows(`SELECT type, party_id FROM notification_event WHERE type = 'drift_påminnelse'`)).toEqual([
      { type: 'drift_påminnelse', party_id: null },
    ]);
    // SKR's feed shows it; no party's does.
    const feed = await t.http.get('/api/v1/notifications?type=drift_påminnelse').set(auth(writers.skr));
    expect(feed.status).toBe(200);
    expect(feed.body.items).toEqual([
      expect.objectContaining({
        partyId: null,
        subject: expect.objectContaining({ kind: 'announcement', href: `/api/v1/driftinfo/announcements/${id}` }),
      }),
    ]);
    const csnFeed = await t.http.get('/api/v1/notifications').set(auth(writers.csn));
    expect(csnFeed.body.items).toEqual([]);
  });

  it('should cancel a planned window: subscribers are told, and the calendar keeps it as CANCELLED with a raised SEQUENCE', async () => {
    await partySubscriber('lisa@aby.se', []);
    const window = await t.http
      .post(DRIFT_ADMIN)
      .set(auth(writers.skr))
      .send({
        typ: 'planerad_andring',
        centralKomponent: true,
        rubrik: 'Servicefönster',
        påverkan: 'SSBTEK är stängt.',
        start: new Date(Date.now() + 10 * DAY).toISOString(),
        förväntatSlut: new Date(Date.now() + 10 * DAY + 3_600_000).toISOString(),
        undantagMotivering: 'Säkerhetsrättning',
      });
    expect(window.status).toBe(201);
    const outage = await publishCsnOutage();
    const refused = await t.http.post(`${DRIFT_ADMIN}/${outage}/cancel`).set(auth(writers.csn)).set('If-Match', 'W/"1"').send({});
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('DRIFT_NOT_CANCELLABLE');

    const cancelled = await t.http
      .post(`${DRIFT_ADMIN}/${window.body.id}/cancel`)
      .set(auth(writers.skr))
      .set('If-Match', 'W/"1"')
      .send({ meddelande: 'Rättningen kom med releasen i stället.' });
    expect(cancelled.status).toBe(200);
    expect(await rows(`SELECT status, version FROM drift_announcement WHERE id = $1`, [window.body.id])).toEqual([
      { status: 'installd', version: 2 },
    ]);
    const mails = await mailsAfter(3);
    expect(mails.get('lisa@aby.se')!.map((m) => m.subject)).toContain('[Driftinformation] Inställd planerad ändring: Servicefönster');

    const ics = await t.http
      .get('/api/v1/public/driftinfo/windows.ics')
      .buffer(true)
      .parse((res, done) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => done(null, body));
      });
    const event = new ICAL.Component(ICAL.parse(ics.body as string))
      .getAllSubcomponents('vevent')
      .find((e) => String(e.getFirstPropertyValue('uid')).startsWith(window.body.id))!;
    expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.getFirstPropertyValue('sequence')).toBe(2);
    const json = await t.http.get('/api/v1/public/driftinfo/status');
    expect(json.body.recent).toEqual([expect.objectContaining({ id: window.body.id, status: 'installd' })]);
    expect(json.body.upcoming).toEqual([]);
  });
});
