import { getQueueToken } from '@nestjs/bullmq';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { randomInt, randomUUID } from 'node:crypto';
import type { Actor } from '../../src/actor/actor';
import { Role } from '../../src/actor/role';
import { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { CORE_MODULES } from '../../src/core-modules';
import { ScopedDb } from '../../src/database/scoped-db';
import { NotificationType } from '../../src/notifications/notification-type';
import { NotificationsModule } from '../../src/notifications/notifications.module';
import { NotificationsService, type NotificationEventInput } from '../../src/notifications/notifications.service';
import { NotificationsWorkerModule } from '../../src/notifications/notifications-worker.module';
import { OutboxModule } from '../../src/outbox/outbox.module';
import { OutboxRelay } from '../../src/outbox/outbox-relay';
import { PartiesService } from '../../src/parties/parties.service';
import { NOTIFICATIONS_QUEUE } from '../../src/queues/notifications.queue';
import { aParty, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { eventually } from '../support/eventually';
import { startSmtpServer, type SmtpTestServer } from '../support/smtp';

interface DeliveryRow {
  recipient: string;
  status: string;
  last_error: string | null;
  deferred_until: Date | null;
  sent_at: Date | null;
}

const WINDOW_S = 3;
const SKR_ADMIN: Actor = { userId: 'skr-admin-1', partyId: null, roles: [Role.SkrAdmin] };

/**
 * Issue 17, "Mail to any address": the service mails only addresses the party has confirmed (an active member's,
 * or one in the party's registered e-mail domains), and no more than the rate limits allow. Real worker, real
 * Redis and PostgreSQL, a real SMTP server read through its envelopes.
 */
describe('mail to confirmed addresses only (integration)', () => {
  let smtp: SmtpTestServer;
  let worker: TestingModule;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    await truncateAll();
    // Small limits and a short window, so a test sees mail deferred and then sent.
    const config = Object.assign(loadConfig(process.env), {
      SMTP_URL: smtp.url,
      MAIL_RATE_WINDOW_S: WINDOW_S,
      MAIL_RATE_PER_PARTY: 4,
      MAIL_RATE_PER_RECIPIENT: 2,
    });
    worker = await Test.createTestingModule({
      imports: [...CORE_MODULES, OutboxModule, NotificationsModule, NotificationsWorkerModule],
      providers: [OutboxRelay],
    })
      .overrideProvider(AppConfig)
      .useValue(config)
      .compile();
    await worker.get<Queue>(getQueueToken(NOTIFICATIONS_QUEUE)).obliterate({ force: true });
    await worker.init();
  });
  beforeEach(() => {
    smtp.mails.length = 0;
  });
  afterAll(async () => {
    await worker?.close();
    await smtp?.stop();
  });

  async function emit(partyId: string, input: Partial<NotificationEventInput> & Pick<NotificationEventInput, 'type'>) {
    const subject = { kind: 'deviation' as const, id: randomUUID(), key: `AVV-2026-${randomInt(10_000, 99_999)}`, title: 'Köp nu' };
    const id = await worker
      .get(ScopedDb)
      .transaction({ partyId, skr: false }, (m) => worker.get(NotificationsService).emit(m, { partyId, data: {}, ...input, subject }));
    return { id, subject };
  }

  const deliveries = async (eventId: string): Promise<DeliveryRow[]> =>
    (await ownerDb()).query(
      `SELECT recipient, status, last_error, deferred_until, sent_at FROM notification_delivery WHERE event_id = $1 ORDER BY recipient`,
      [eventId],
    );

  it('should hold back a foreign contact address and mail members and registered-domain addresses', async () => {
    const party = await aParty();
    await aUser({ partyId: party.id, email: 'Medlem@Konsult.example.se' });
    const updated = await worker.get(PartiesService).updateParty(SKR_ADMIN, party.id, { emailDomains: ['kommun.se'] });
    expect(updated.emailDomains).toEqual(['kommun.se']);
    const [row] = await (await ownerDb()).query(`SELECT email_domains FROM party WHERE id = $1`, [party.id]);
    expect(row.email_domains).toEqual(['kommun.se']);

    const { id, subject } = await emit(party.id, {
      type: NotificationType.AvvikelseInskickad,
      recipients: {
        contacts: [
          { name: 'Offer', email: 'offer@example.com' },
          { name: 'Liknande', email: 'kim@evilkommun.se' },
          { name: 'Kim', email: 'kim@kommun.se' },
          { name: 'Sam', email: 'sam@sbk.kommun.se' },
          { name: 'Medlem', email: 'medlem@konsult.example.se' },
        ],
      },
    });

    const rows = await eventually(async () => {
      const current = await deliveries(id);
      expect(current.map((r) => [r.recipient, r.status])).toEqual([
        ['kim@evilkommun.se', 'ej_bekräftad'],
        ['kim@kommun.se', 'skickad'],
        ['medlem@konsult.example.se', 'skickad'],
        ['offer@example.com', 'ej_bekräftad'],
        ['sam@sbk.kommun.se', 'skickad'],
      ]);
      return current;
    });
    expect(rows.filter((r) => r.status === 'ej_bekräftad').map((r) => [r.last_error, r.sent_at])).toEqual([
      [expect.stringMatching(/^held back: .*registered e-mail domains/), null],
      [expect.stringMatching(/^held back: /), null],
    ]);
    await eventually(async () => expect(smtp.mails).toHaveLength(3));
    expect(smtp.mailsTo('offer@example.com')).toEqual([]);
    expect(smtp.mailsTo('kim@evilkommun.se')).toEqual([]);
    expect(smtp.mailsTo('kim@kommun.se').map((m) => m.subject)).toEqual([`[${subject.key}] Avvikelsen är mottagen: Köp nu`]);

    // The party sees what was held back and from whom nothing went out; so does SKR.
    const own = await worker.get(NotificationsService).get({ userId: 'anna', partyId: party.id, roles: [Role.Reporter] }, id);
    const heldBack = own.deliveries.filter((d) => d.status === 'ej_bekräftad').map((d) => d.recipient);
    expect(heldBack.sort()).toEqual(['kim@evilkommun.se', 'offer@example.com']);
  });

  it('should defer e-mail to one address beyond its limit and send it when the window has moved', async () => {
    const party = await aParty();
    await aUser({ partyId: party.id, email: 'flitig@kommun.se' });
    const events: { id: string }[] = [];
    for (const comment of ['Ett', 'Två', 'Tre'])
      events.push(await emit(party.id, { type: NotificationType.KommentarFrånSkr, data: { comment } }));
    const rowsOf = async () => (await Promise.all(events.map((e) => deliveries(e.id)))).flat();

    const deferred = await eventually(async () => {
      const rows = await rowsOf();
      expect(rows.map((r) => r.status).sort()).toEqual(['skickad', 'skickad', 'väntar']);
      const waiting = rows.find((r) => r.status === 'väntar')!;
      expect(waiting.deferred_until).toBeInstanceOf(Date);
      return waiting;
    });
    expect(smtp.mailsTo('flitig@kommun.se')).toHaveLength(2);
    const sentAt = (await rowsOf()).filter((r) => r.sent_at).map((r) => r.sent_at!.getTime());
    expect(deferred.deferred_until!.getTime()).toBeGreaterThanOrEqual(Math.min(...sentAt) + WINDOW_S * 1000 - 1000);

    const rows = await eventually(async () => {
      const current = await rowsOf();
      expect(current.map((r) => r.status)).toEqual(['skickad', 'skickad', 'skickad']);
      return current;
    }, 20_000);
    await eventually(async () => expect(smtp.mailsTo('flitig@kommun.se')).toHaveLength(3));
    const late = rows.find((r) => r.deferred_until)!;
    // Sent no earlier than it was deferred to. (Against the first mails' sent_at this raced their SMTP time under
    // load: the window runs from when a send is counted, before the SMTP conversation that sets sent_at.)
    expect(late.sent_at!.getTime()).toBeGreaterThanOrEqual(deferred.deferred_until!.getTime() - 50);
  });

  it("should defer a party's e-mail beyond the party's limit, however many addresses, and lose none", async () => {
    const party = await aParty();
    const members = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => `${n}@kommun.se`);
    for (const email of members) await aUser({ partyId: party.id, email });
    const { id } = await emit(party.id, { type: NotificationType.StatusÄndrad, data: { status: 'åtgärdas' } });

    await eventually(async () => {
      const rows = await deliveries(id);
      expect(rows.filter((r) => r.status === 'skickad')).toHaveLength(4);
      expect(rows.filter((r) => r.status === 'väntar' && r.deferred_until)).toHaveLength(2);
    });
    expect(smtp.mails).toHaveLength(4);
    await eventually(async () => expect((await deliveries(id)).map((r) => r.status)).toEqual(Array(6).fill('skickad')), 20_000);
    await eventually(async () => expect(smtp.mails.flatMap((m) => m.envelopeTo).sort()).toEqual(members));
  });
});
