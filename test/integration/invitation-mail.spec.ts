import { getQueueToken } from '@nestjs/bullmq';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { Role } from '../../src/actor/role';
import { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { CORE_MODULES } from '../../src/core-modules';
import { NotificationsWorkerModule } from '../../src/notifications/notifications-worker.module';
import { OutboxModule } from '../../src/outbox/outbox.module';
import { OutboxRelay } from '../../src/outbox/outbox-relay';
import { InvitationsService } from '../../src/parties/invitations.service';
import { NOTIFICATIONS_QUEUE } from '../../src/queues/notifications.queue';
import { aParty } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { eventually } from '../support/eventually';
import { startSmtpServer, type SmtpTestServer } from '../support/smtp';

/** An invitation as the worker mails it: outbox → BullMQ (real Redis) → processor → a real SMTP server. */
describe('invitation mail (integration)', () => {
  let smtp: SmtpTestServer;
  let worker: TestingModule;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    await truncateAll();
    const config = Object.assign(loadConfig(process.env), { SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'https://avvikelse.test' });
    worker = await Test.createTestingModule({
      imports: [...CORE_MODULES, OutboxModule, NotificationsWorkerModule],
      providers: [OutboxRelay],
    })
      .overrideProvider(AppConfig)
      .useValue(config)
      .compile();
    await worker.get<Queue>(getQueueToken(NOTIFICATIONS_QUEUE)).obliterate({ force: true });
    await worker.init();
    await smtp.start();
  });
  afterAll(async () => {
    await worker?.close();
    await smtp?.stop();
  });

  it('should mail a one-time code that binds the invited person, with only its hash at rest', async () => {
    const party = await aParty({ name: 'Lunds kommun' });
    const invitations = worker.get(InvitationsService);
    const admin = { userId: 'admin-1', partyId: party.id, roles: [Role.Admin] };
    const invitation = await invitations.invite(admin, party.id, { email: 'olle@lund.se', name: 'Olle', role: Role.Reader });

    const mail = await eventually(async () => {
      const [caught] = smtp.mailsTo('olle@lund.se');
      if (!caught) throw new Error('no invitation mail yet');
      return caught;
    });
    expect(mail.subject).toBe('Inbjudan till Avvikelse för Lunds kommun');
    const secret = /\n\n([A-Za-z0-9_-]{43})\n\n/.exec(mail.text ?? '')?.[1];
    expect(secret).toBeDefined();
    expect(mail.html).toContain('https://avvikelse.test/api/v1/invitations/accept');
    const [row] = (await (await ownerDb()).query(`SELECT to_jsonb(i)::text AS everything, mailed_at FROM invitation i`)) as {
      everything: string;
      mailed_at: Date | null;
    }[];
    expect(row.everything).not.toContain(secret!);
    await eventually(async () =>
      expect(
        ((await (await ownerDb()).query(`SELECT mailed_at FROM invitation`)) as { mailed_at: Date | null }[])[0].mailed_at,
      ).not.toBeNull(),
    );

    const membership = await invitations.accept({ issuer: 'https://idp.test', subject: 'olle', email: null, claimedRoles: [] }, secret!);
    expect(membership).toMatchObject({ partyId: party.id, role: Role.Reader, subject: 'olle', email: 'olle@lund.se' });
    expect(smtp.mails).toHaveLength(1);
    expect((await (await ownerDb()).query(`SELECT membership_id FROM invitation WHERE id = $1`, [invitation.id]))[0]).toEqual({
      membership_id: membership.id,
    });
  });
});
