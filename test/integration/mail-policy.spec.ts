import { getQueueToken } from '@nestjs/bullmq';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { randomInt, randomUUID } from 'node:crypto';
import type { Actor } from '../../src/actor/actor';
import { Role } from '../../src/actor/role';
import { AppConfig, loadConfig } from '../../src/config/app-config';
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
    const config = Object.assign(loadConfig(process.env), { SMTP_URL: smtp.url });
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
});
