import { getQueueToken } from '@nestjs/bullmq';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { CORE_MODULES } from '../../src/core-modules';
import type { Actor } from '../../src/actor/actor';
import { Role } from '../../src/actor/role';
import { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { ScopedDb } from '../../src/database/scoped-db';
import { MetricsService } from '../../src/metrics/metrics.service';
import { DeliveryInFlightError, NotificationDeliveryService } from '../../src/notifications/notification-delivery.service';
import { NOTIFICATION_TYPES, NotificationType } from '../../src/notifications/notification-type';
import { NotificationsModule } from '../../src/notifications/notifications.module';
import { NotificationsJob, NOTIFICATIONS_QUEUE } from '../../src/queues/notifications.queue';
import { NotificationsService, type NotificationEventInput } from '../../src/notifications/notifications.service';
import { NotificationsWorkerModule } from '../../src/notifications/notifications-worker.module';
import { PartyWebhooksService } from '../../src/notifications/party-webhooks.service';
import { OutboxModule } from '../../src/outbox/outbox.module';
import { OutboxRelay } from '../../src/outbox/outbox-relay';
import { aParty, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { eventually } from '../support/eventually';
import { startSmtpServer, type SmtpTestServer } from '../support/smtp';

const BASE_URL = 'https://avvikelse.test';
/** Not the default 24: the rotation test shows the configured grace is the one a rotated secret gets. */
const GRACE_HOURS = 3;

interface DeliveryRow {
  channel: string;
  recipient: string;
  language: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  response_status: number | null;
}

/**
 * Notifications as the worker runs them: an event emitted in a transaction → the outbox relay → BullMQ (real Redis)
 * → the processor → a real SMTP server (parsed with mailparser) and real HTTP endpoints on loopback.
 */
describe('notifications (integration)', () => {
  let smtp: SmtpTestServer;
  let worker: TestingModule;
  let queue: Queue;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    // What another suite left in this jest worker's database or queue must not reach this suite's inbox.
    await truncateAll();
    const config = Object.assign(loadConfig(process.env), {
      SMTP_URL: smtp.url,
      PUBLIC_BASE_URL: BASE_URL,
      WEBHOOK_SECRET_GRACE_HOURS: GRACE_HOURS,
    });
    worker = await Test.createTestingModule({
      imports: [...CORE_MODULES, OutboxModule, NotificationsModule, NotificationsWorkerModule],
      providers: [OutboxRelay],
    })
      .overrideProvider(AppConfig)
      .useValue(config)
      .compile();
    queue = worker.get(getQueueToken(NOTIFICATIONS_QUEUE));
    await queue.obliterate({ force: true });
    await worker.init();
  });
  beforeEach(async () => {
    smtp.mails.length = 0;
    smtp.refuseNext(0);
    await smtp.start();
  });
  afterAll(async () => {
    await worker?.close();
    await smtp?.stop();
  });

  const aKey = () => `AVV-2026-${String(randomInt(100_000)).padStart(5, '0')}`;
  const db = () => worker.get(ScopedDb);

  /** Emits in the party's own transaction, as a party user's request would. */
  async function emit(partyId: string, input: Partial<NotificationEventInput> & Pick<NotificationEventInput, 'type'>) {
    const subject = {
      kind: 'deviation' as const,
      id: randomUUID(),
      key: aKey(),
      title: 'Svarstider över 30 sekunder mot CSN',
      ...input.subject,
    };
    const id = await db().transaction({ partyId, skr: false }, (m) =>
      worker.get(NotificationsService).emit(m, { partyId, data: {}, ...input, subject }),
    );
    return { id, subject };
  }

  async function deliveries(eventId: string): Promise<DeliveryRow[]> {
    return (await ownerDb()).query(
      `SELECT channel, recipient, language, status, attempts, last_error, response_status FROM notification_delivery WHERE event_id = $1 ORDER BY channel, recipient`,
      [eventId],
    );
  }

  const allSent = async (eventId: string, count: number) =>
    eventually(async () => {
      const rows = await deliveries(eventId);
      expect(rows.map((r) => r.status)).toEqual(Array(count).fill('skickad'));
      return rows;
    });

  it('should e-mail the contacts in Swedish and the users in their own language, and nothing to anyone else', async () => {
    const party = await aParty({ emailDomains: ['kommun.se'] });
    await aUser({ partyId: party.id, email: 'Admin@Kommun.se', language: 'en', role: Role.Admin, name: 'Alex Admin' });
    await aUser({ partyId: party.id, email: 'lisa@kommun.se', language: 'sv', name: 'Lisa Läsare', role: Role.Reader });
    await aUser({ partyId: party.id, email: 'slutat@kommun.se', active: false });
    await aUser({ partyId: party.id, email: null });
    const other = await aParty();
    await aUser({ partyId: other.id, email: 'someone@annan.se' });
    const { id, subject } = await emit(party.id, {
      type: NotificationType.StatusÄndrad,
      subject: { kind: 'deviation', id: randomUUID(), key: aKey(), title: 'Fel <script>alert(1)</script> & "citat"' },
      data: { status: 'under_utredning' },
      recipients: { contacts: [{ name: 'Kim Kontakt', email: 'kim@kommun.se' }] },
    });

    const rows = await allSent(id, 3);
    expect(rows.map((r) => [r.recipient, r.language])).toEqual([
      ['admin@kommun.se', 'en'],
      ['kim@kommun.se', 'sv'],
      ['lisa@kommun.se', 'sv'],
    ]);
    await eventually(async () => expect(smtp.mails).toHaveLength(3));
    // E-mail is read by a person: it links the portal page (webhooks keep the API's URL).
    const link = `${BASE_URL}/deviations/${subject.id}`;

    const [sv] = smtp.mailsTo('kim@kommun.se');
    expect(sv.subject).toBe(`[${subject.key}] Status ändrad: Under utredning`);
    expect(sv.text).toContain('Hej Kim Kontakt!');
    expect(sv.text).toContain(`Avvikelsen ${subject.key} (Fel <script>alert(1)</script> & "citat") har nu status Under utredning.`);
    expect(sv.text).toContain(`Öppna avvikelsen: ${link}`);
    expect(sv.html).toContain(`<a href="${link}">Öppna avvikelsen</a>`);
    expect(sv.html).toContain('Fel &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;citat&quot;');
    expect(sv.html).not.toContain('<script>');
    expect(sv.headers.get('auto-submitted')).toBe('auto-generated');
    expect(sv.from?.text).toContain('avvikelse@ssbtek.se');

    const [en] = smtp.mailsTo('admin@kommun.se');
    expect(en.subject).toBe(`[${subject.key}] Status changed: Under investigation`);
    expect(en.text).toContain('Hello Alex Admin,');
    expect(en.text).toContain(`Open the deviation: ${link}`);
    expect(smtp.mailsTo('lisa@kommun.se')[0].subject).toBe(`[${subject.key}] Status ändrad: Under utredning`);

    expect(smtp.mailsTo('someone@annan.se')).toEqual([]);
    expect(smtp.mailsTo('slutat@kommun.se')).toEqual([]);
    const metrics = await worker.get(MetricsService).registry.getSingleMetricAsString('notifications_sent_total');
    expect(metrics).toMatch(/notifications_sent_total\{channel="email"\} [3-9]/);
  });

  /** Every event type, as a Swedish and an English reader of the party get it (expected texts written out by hand). */
  const EVERY_TYPE: [NotificationType, NotificationEventInput['data'], string, string][] = [
    [NotificationType.AvvikelseInskickad, {}, 'Avvikelsen är mottagen: Svarstider', 'Deviation received: Svarstider'],
    [NotificationType.StatusÄndrad, { status: 'åtgärdas' }, 'Status ändrad: Åtgärdas', 'Status changed: Being fixed'],
    [NotificationType.PrioritetÄndrad, { prioritet: 'hög' }, 'Prioritet ändrad: Hög', 'Priority changed: High'],
    [NotificationType.LösningSatt, { resolution: 'Rättat i version 2.3' }, 'Avvikelsen är löst', 'Deviation solved'],
    [NotificationType.KommentarFrånSkr, { comment: 'Vi undersöker.' }, 'Ny kommentar från SKR', 'New comment from SKR'],
    [NotificationType.KompletteringBegärd, {}, 'SKR behöver mer information', 'SKR needs more information'],
    [NotificationType.KommentarFrånPart, { comment: 'Vilken tidpunkt?' }, 'Ny kommentar på avvikelsen', 'New comment on the deviation'],
    [NotificationType.AnsvarTilldelat, {}, 'Ni är ansvarig part för en avvikelse', 'You are the responsible party for a deviation'],
    [
      NotificationType.SlaVarning,
      { clock: 'response', percentUsed: 80, dueAt: '2026-11-24T08:00:00.000Z' },
      'SLA-varning: Responstid',
      'SLA warning: Response time',
    ],
    [
      NotificationType.SlaBrott,
      { clock: 'resolution', dueAt: '2026-11-24T08:00:00.000Z' },
      'SLA-brott: Åtgärdstid',
      'SLA breach: Resolution time',
    ],
    [NotificationType.DeklarationInskickad, {}, 'Självdeklarationen är inskickad: Svarstider', 'Self-declaration submitted: Svarstider'],
    [NotificationType.GranskningBeslutad, { outcome: 'icke_godkänd' }, 'Granskning beslutad: Icke godkänd', 'Review decided: Not approved'],
    [
      NotificationType.FörbehållNärmarSig,
      { dueDate: '2026-12-10' },
      'Förbehållet löper ut 10 december 2026',
      'Reservation due 10 December 2026',
    ],
  ];

  it("should mail every event type in the reader's language, to the party's users only", async () => {
    expect(EVERY_TYPE.map(([type]) => type).sort()).toEqual([...NOTIFICATION_TYPES].sort());
    const party = await aParty({ emailDomains: ['kommun.se'] });
    await aUser({ partyId: party.id, email: 'sv@kommun.se', language: 'sv' });
    await aUser({ partyId: party.id, email: 'en@kommun.se', language: 'en' });
    await aUser({ partyId: (await aParty()).id, email: 'annan@part.se' });
    const sent: [string, string, string][] = [];
    for (const [type, data, sv, en] of EVERY_TYPE) {
      const kind = type.includes('deklaration') || type.includes('granskning') || type.includes('förbehåll') ? 'declaration' : 'deviation';
      const { id, subject } = await emit(party.id, { type, data, subject: { kind, id: randomUUID(), key: aKey(), title: 'Svarstider' } });
      await allSent(id, 2);
      sent.push([subject.key, sv, en]);
    }
    await eventually(async () => expect(smtp.mails).toHaveLength(EVERY_TYPE.length * 2));
    expect(smtp.mailsTo('sv@kommun.se').map((m) => m.subject)).toEqual(sent.map(([key, sv]) => `[${key}] ${sv}`));
    expect(smtp.mailsTo('en@kommun.se').map((m) => m.subject)).toEqual(sent.map(([key, , en]) => `[${key}] ${en}`));
    expect(smtp.mailsTo('annan@part.se')).toEqual([]);
  });

  it('should leave out a user who turned the type off, but never for a mandatory type', async () => {
    const party = await aParty({ emailDomains: ['kommun.se'] });
    const quiet = await aUser({ partyId: party.id, email: 'tyst@kommun.se' });
    await aUser({ partyId: party.id, email: 'pratsam@kommun.se' });
    // The API refuses turning sla_brott off; a row that says so anyway must not silence it.
    await (
      await ownerDb()
    ).query(
      `INSERT INTO notification_preference (user_subject, type, party_id, email) VALUES ($1, 'status_ändrad', $2, false), ($1, 'sla_brott', $2, false)`,
      [quiet.subject, party.id],
    );
    const status = await emit(party.id, { type: NotificationType.StatusÄndrad, data: { status: 'åtgärdas' } });
    const breach = await emit(party.id, {
      type: NotificationType.SlaBrott,
      data: { clock: 'resolution', dueAt: '2026-11-23T15:00:00.000Z' },
    });

    expect((await allSent(status.id, 1)).map((r) => r.recipient)).toEqual(['pratsam@kommun.se']);
    expect((await allSent(breach.id, 2)).map((r) => r.recipient)).toEqual(['pratsam@kommun.se', 'tyst@kommun.se']);
    await eventually(async () => expect(smtp.mails).toHaveLength(3));
    const [toQuiet] = smtp.mailsTo('tyst@kommun.se');
    expect(toQuiet.subject).toBe(`[${breach.subject.key}] SLA-brott: Åtgärdstid`);
    expect(toQuiet.text).toContain('Målet var 23 november 2026 kl. 16:00.');
  });

  it('should hold notifications through an SMTP outage and deliver them when it ends', async () => {
    const party = await aParty({ emailDomains: ['kommun.se'] });
    await smtp.stop();
    const { id, subject } = await emit(party.id, {
      type: NotificationType.AvvikelseInskickad,
      recipients: { contacts: [{ name: 'Kim', email: 'kim@kommun.se' }] },
    });
    // The first attempt failed and was recorded; the delivery waits for the retry.
    await eventually(async () => {
      const [row] = await deliveries(id);
      expect(row).toMatchObject({ status: 'väntar', attempts: 1, last_error: expect.stringMatching(/ECONNREFUSED/) });
    });
    expect(smtp.mails).toEqual([]);
    await smtp.start();
    const [row] = await allSent(id, 1);
    expect(row).toMatchObject({ attempts: 2, last_error: null });
    await eventually(async () => expect(smtp.mails).toHaveLength(1));
    expect(smtp.mails[0].subject).toBe(`[${subject.key}] Avvikelsen är mottagen: ${subject.title}`);
    expect(smtp.mails[0].text).toContain(`registrerats med nyckeln ${subject.key}`);
  });

  it('should send nothing twice when jobs are duplicated or run side by side', async () => {
    const party = await aParty({ emailDomains: ['kommun.se'] });
    await aUser({ partyId: party.id, email: 'anna@kommun.se' });
    const { id } = await emit(party.id, {
      type: NotificationType.KommentarFrånSkr,
      data: { comment: 'Vi har åtgärdat felet i testmiljön.' },
      recipients: { contacts: [{ name: 'Kim', email: 'kim@kommun.se' }] },
    });
    const delivery = worker.get(NotificationDeliveryService);
    // Two workers racing the relayed job for the same event.
    await Promise.allSettled([delivery.deliver(id), delivery.deliver(id)]);
    await allSent(id, 2);
    const duplicate = await queue.add(NotificationsJob.Deliver, { eventId: id }, { jobId: `duplicate_${id}` });
    await eventually(async () => expect(await duplicate.isCompleted()).toBe(true));
    expect(await delivery.deliver(id)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.mailsTo('kim@kommun.se')).toHaveLength(1);
    expect(smtp.mailsTo('anna@kommun.se')).toHaveLength(1);
    expect((await deliveries(id)).map((r) => r.attempts)).toEqual([1, 1]);
  });

  it('should never send an e-mail again because recording that it went out failed', async () => {
    const party = await aParty({ emailDomains: ['kommun.se'] });
    const owner = await ownerDb();
    // The record of the send is refused (as a constraint, a full disk or a lost session past its wait would):
    // whatever the reason, the message went out, so the delivery must not go back to waiting.
    await owner.query(`CREATE OR REPLACE FUNCTION refuse_sent_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'skickad' AND NEW.recipient = 'records-fail@kommun.se' THEN RAISE EXCEPTION 'record refused'; END IF;
        RETURN NEW;
      END $$`);
    await owner.query(
      `CREATE TRIGGER refuse_sent BEFORE UPDATE ON notification_delivery FOR EACH ROW EXECUTE FUNCTION refuse_sent_for_test()`,
    );
    try {
      const { id } = await emit(party.id, {
        type: NotificationType.KommentarFrånSkr,
        data: { comment: 'Vi har åtgärdat felet.' },
        recipients: { contacts: [{ name: 'Kim', email: 'records-fail@kommun.se' }] },
      });
      await eventually(async () => expect(smtp.mailsTo('records-fail@kommun.se')).toHaveLength(1));
      // The relayed job fails on the refused record; whatever runs the event next finds it still claimed, not waiting.
      await eventually(async () => {
        const jobs = await queue.getJobs(['delayed', 'waiting', 'active', 'failed', 'completed']);
        expect(jobs.find((job) => (job.data as { eventId?: string }).eventId === id)?.attemptsMade).toBeGreaterThanOrEqual(1);
      });
      await expect(worker.get(NotificationDeliveryService).deliver(id)).rejects.toBeInstanceOf(DeliveryInFlightError);
      expect(smtp.mailsTo('records-fail@kommun.se')).toHaveLength(1);
      expect((await deliveries(id)).map(({ status, attempts }) => ({ status, attempts }))).toEqual([{ status: 'skickas', attempts: 1 }]);
      // The record done by hand, as the claim's own retry would once the database takes it: the job ends.
      await owner.query(`DROP TRIGGER refuse_sent ON notification_delivery`);
      await owner.query(`UPDATE notification_delivery SET status = 'skickad', claimed_at = NULL WHERE event_id = $1`, [id]);
    } finally {
      await owner.query(`DROP TRIGGER IF EXISTS refuse_sent ON notification_delivery`);
      await owner.query(`DROP FUNCTION IF EXISTS refuse_sent_for_test()`);
    }
  });

  it('should record a final failure with its reason for SKR, and deliver it on replay', async () => {
    const party = await aParty({ emailDomains: ['kommun.se'] });
    const skr: Actor = { userId: 'skr-handlaggare', partyId: null, roles: [Role.Skr] };
    // A permanent refusal (550) fails at once; an outage fails when the job's last attempt is spent.
    smtp.refuseNext(1, 550);
    const refused = await emit(party.id, {
      type: NotificationType.LösningSatt,
      data: { resolution: 'Certifikatet förnyat.' },
      recipients: { contacts: [{ name: 'Kim', email: 'kim@kommun.se' }] },
    });
    await eventually(async () =>
      expect((await deliveries(refused.id))[0]).toMatchObject({
        status: 'misslyckad',
        attempts: 1,
        last_error: expect.stringMatching(/550/),
      }),
    );

    await smtp.stop();
    const lost = await emit(party.id, {
      type: NotificationType.PrioritetÄndrad,
      data: { prioritet: 'hög' },
      recipients: { contacts: [{ name: 'Kim', email: 'kim@kommun.se' }] },
    });
    await eventually(async () => expect((await deliveries(lost.id))[0]).toMatchObject({ status: 'väntar', attempts: 1 }));
    const lastAttempt = await queue.add(NotificationsJob.Deliver, { eventId: lost.id }, { jobId: `last_${lost.id}`, attempts: 1 });
    await eventually(async () => expect(await lastAttempt.isFailed()).toBe(true));
    await eventually(async () =>
      expect((await deliveries(lost.id))[0]).toMatchObject({ status: 'misslyckad', last_error: expect.stringMatching(/ECONNREFUSED/) }),
    );
    expect(await worker.get(MetricsService).registry.getSingleMetricAsString('notifications_failed_total')).toMatch(
      /\{channel="email"\} [2-9]/,
    );

    await smtp.start();
    const [failed] = await (await ownerDb()).query(`SELECT id FROM notification_delivery WHERE event_id = $1`, [lost.id]);
    const replayed = await worker.get(NotificationsService).replayFailure(skr, failed.id);
    expect(replayed.status).toBe('väntar');
    await allSent(lost.id, 1);
    await eventually(async () => expect(smtp.mails.map((m) => m.subject)).toEqual([`[${lost.subject.key}] Prioritet ändrad: Hög`]));
    expect((await deliveries(refused.id))[0].status).toBe('misslyckad');
    const [audit] = await (await ownerDb()).query(`SELECT action, internal FROM audit_entry WHERE entity_id = $1`, [failed.id]);
    expect(audit).toEqual({ action: 'notification.replayed', internal: true });
  });

  it("should sign a party's webhook deliveries per Standard Webhooks, retry a failing endpoint, keep a log and replay", async () => {
    const own = await receiver((count) => (count === 1 ? 500 : 204));
    const foreign = await receiver(() => 204);
    try {
      const party = await aParty({ emailDomains: ['kommun.se'] });
      const other = await aParty();
      const webhooks = worker.get(PartyWebhooksService);
      const admin: Actor = { userId: 'admin@kommun', partyId: party.id, roles: [Role.Admin] };
      const created = await webhooks.create(admin, { url: `${own.url}/hook`, eventTypes: [NotificationType.StatusÄndrad] });
      await webhooks.create(
        { userId: 'admin@annan', partyId: other.id, roles: [Role.Admin] },
        { url: `${foreign.url}/hook`, eventTypes: [...NOTIFICATION_TYPES] },
      );
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);

      const { id, subject } = await emit(party.id, {
        type: NotificationType.StatusÄndrad,
        data: { status: 'löst' },
        recipients: { contacts: [{ name: 'Kim', email: 'kim@kommun.se' }] },
      });
      await eventually(async () => expect(own.requests).toHaveLength(2), 20_000);
      const rows = await allSent(id, 2);
      expect(rows.find((r) => r.channel === 'webhook')).toMatchObject({ recipient: created.webhook.id, attempts: 2, response_status: 204 });

      // Verified here with node:crypto alone, as a party's system would, not with our signing code.
      const verify = (request: { headers: IncomingHttpHeaders; body: string }) => {
        const msgId = String(request.headers['webhook-id']);
        const timestamp = String(request.headers['webhook-timestamp']);
        const key = Buffer.from(created.secret.slice('whsec_'.length), 'base64');
        const expected = createHmac('sha256', key).update(`${msgId}.${timestamp}.${request.body}`).digest();
        const signatures = String(request.headers['webhook-signature'])
          .split(' ')
          .map((s) => Buffer.from(s.replace(/^v1,/, ''), 'base64'));
        return (
          signatures.some((given) => given.length === expected.length && timingSafeEqual(given, expected)) &&
          Math.abs(Date.now() / 1000 - Number(timestamp)) < 300
        );
      };
      const [first, second] = own.requests;
      expect(verify(second)).toBe(true);
      expect(verify({ ...second, body: second.body.replace('löst', 'stängd') })).toBe(false);
      expect(second.headers['webhook-id']).toBe(id);
      expect(first.headers['webhook-id']).toBe(id);
      expect(second.headers['content-type']).toBe('application/json');
      expect(JSON.parse(second.body)).toEqual({
        type: 'status_ändrad',
        timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        data: {
          eventId: id,
          partyId: party.id,
          subject: {
            kind: 'deviation',
            id: subject.id,
            key: subject.key,
            title: subject.title,
            url: `${BASE_URL}/api/v1/deviations/${subject.id}`,
          },
          values: { status: 'löst' },
        },
      });
      expect(second.body).not.toContain('kim@kommun.se');
      expect(foreign.requests).toEqual([]);

      const log = await webhooks.deliveries(admin, created.webhook.id, { limit: 25 });
      expect(log.items).toEqual([expect.objectContaining({ status: 'skickad', attempts: 2, responseStatus: 204, lastError: null })]);
      await expect(webhooks.deliveries({ ...admin, partyId: other.id }, created.webhook.id, { limit: 25 })).rejects.toThrow(
        'No such webhook.',
      );

      await webhooks.replay(admin, created.webhook.id, log.items[0].id);
      await eventually(async () => expect(own.requests).toHaveLength(3));
      expect(own.requests[2].headers['webhook-id']).toBe(id);
      expect(verify(own.requests[2])).toBe(true);
      await allSent(id, 2);
      expect(smtp.mailsTo('kim@kommun.se')).toHaveLength(1);
      expect(foreign.requests).toEqual([]);
    } finally {
      await own.close();
      await foreign.close();
    }
  });

  it('should sign with the new secret and, until the grace ends, the old one too, so a receiver verifies with either', async () => {
    const own = await receiver(() => 204);
    try {
      const party = await aParty();
      const webhooks = worker.get(PartyWebhooksService);
      const admin: Actor = { userId: 'admin@kommun', partyId: party.id, roles: [Role.Admin] };
      const created = await webhooks.create(admin, { url: `${own.url}/hook`, eventTypes: [NotificationType.StatusÄndrad] });
      const rotated = await webhooks.rotateSecret(admin, created.webhook.id);
      expect(rotated.secret).not.toBe(created.secret);
      const graceMs = rotated.webhook.previousSecretExpiresAt!.getTime() - Date.now();
      expect(Math.abs(graceMs - GRACE_HOURS * 3_600_000)).toBeLessThan(60_000);
      await expect(webhooks.rotateSecret({ ...admin, partyId: (await aParty()).id }, created.webhook.id)).rejects.toThrow(
        'No such webhook.',
      );
      // Verified with the standardwebhooks library, as a party's system would: it accepts any one listed signature.
      const verifies = (secret: string, request: { headers: IncomingHttpHeaders; body: string }) => {
        try {
          new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
          return true;
        } catch {
          return false;
        }
      };
      await emit(party.id, { type: NotificationType.StatusÄndrad, data: { status: 'löst' } });
      await eventually(async () => expect(own.requests).toHaveLength(1), 20_000);
      expect(String(own.requests[0].headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect([verifies(rotated.secret, own.requests[0]), verifies(created.secret, own.requests[0])]).toEqual([true, true]);

      await (
        await ownerDb()
      ).query(`UPDATE party_webhook SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`, [created.webhook.id]);
      await emit(party.id, { type: NotificationType.StatusÄndrad, data: { status: 'stängd' } });
      await eventually(async () => expect(own.requests).toHaveLength(2), 20_000);
      expect([verifies(rotated.secret, own.requests[1]), verifies(created.secret, own.requests[1])]).toEqual([true, false]);
      const [audit] = await (await ownerDb()).query(`SELECT action FROM audit_entry WHERE action = 'webhook.secret_rotated'`);
      expect(audit).toEqual({ action: 'webhook.secret_rotated' });
    } finally {
      await own.close();
    }
  });
});

/** A party's system on loopback: records every request and answers with the status `answer` picks. */
async function receiver(answer: (count: number) => number) {
  const requests: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      res.writeHead(answer(requests.length)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
