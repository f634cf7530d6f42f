import { Test, type TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Actor } from '../../src/actor/actor';
import { Role } from '../../src/actor/role';
import { AppConfig } from '../../src/config/app-config';
import { ConfigValidationError, loadConfig } from '../../src/config/load-config';
import { CORE_MODULES } from '../../src/core-modules';
import { ScopedDb } from '../../src/database/scoped-db';
import { HostResolver } from '../../src/notifications/host-resolver';
import { DeliveryRetryError, NotificationDeliveryService } from '../../src/notifications/notification-delivery.service';
import { NotificationType } from '../../src/notifications/notification-type';
import { NotificationsModule } from '../../src/notifications/notifications.module';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { NotificationsWorkerModule } from '../../src/notifications/notifications-worker.module';
import { PartyWebhooksService } from '../../src/notifications/party-webhooks.service';
import { aParty } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { StubHostResolver, webhookReceiver } from '../support/webhook-receiver';

/** What a party admin reads in its delivery log for every delivery that got no answer, whatever the cause. */
const COULD_NOT_DELIVER = 'could not deliver: WEBHOOK_UNREACHABLE';

/**
 * The production SSRF rule through the real sender, its undici Agent and the delivery log, with a stub resolver:
 * names resolve to loopback only, so nothing here ever connects beyond this machine. The names are ones real DNS also
 * answers with loopback or not at all (127.0.0.1.nip.io, localtest.me, *.example), so a run against the parent commit,
 * whose sender asks real DNS, stays on loopback too. No outbox relay and no init(): nothing is queued, the test calls
 * the delivery itself.
 */
describe('webhook SSRF rule (integration)', () => {
  let production: TestingModule;
  let development: TestingModule;
  let closedPort: number;
  const silent = createServer(() => undefined);

  async function workerWith(allowPrivate: boolean, resolver: HostResolver): Promise<TestingModule> {
    const config = Object.assign(loadConfig(process.env), {
      WEBHOOK_ALLOW_PRIVATE_TARGETS: allowPrivate,
      NOTIFICATION_WEBHOOK_TIMEOUT_MS: 500,
    });
    return Test.createTestingModule({ imports: [...CORE_MODULES, NotificationsModule, NotificationsWorkerModule] })
      .overrideProvider(AppConfig)
      .useValue(config)
      .overrideProvider(HostResolver)
      .useValue(resolver)
      .compile();
  }

  beforeAll(async () => {
    await truncateAll();
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const names = { '127.0.0.1.nip.io': ['127.0.0.1'], 'mapped.example': ['::ffff:127.0.0.1'], 'localtest.me': ['127.0.0.1'] };
    production = await workerWith(false, new StubHostResolver(names));
    development = await workerWith(true, new StubHostResolver(names));
  });
  afterAll(async () => {
    await production?.close();
    await development?.close();
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  /** A party with one webhook at `url`, and one event for it; returns what the delivery log needs. */
  async function eventFor(worker: TestingModule, url: string) {
    const party = await aParty();
    const admin: Actor = { userId: 'admin@kommun', partyId: party.id, roles: [Role.Admin] };
    const { webhook } = await worker.get(PartyWebhooksService).create(admin, { url, eventTypes: [NotificationType.StatusÄndrad] });
    const eventId = await worker.get(ScopedDb).transaction({ partyId: party.id, skr: false }, (m) =>
      worker.get(NotificationsService).emit(m, {
        partyId: party.id,
        type: NotificationType.StatusÄndrad,
        data: { status: 'löst' },
        subject: { kind: 'deviation', id: randomUUID(), key: 'AVV-2026-00001', title: 'Svarstider' },
      }),
    );
    const log = async () => (await worker.get(PartyWebhooksService).deliveries(admin, webhook.id, { limit: 25 })).items;
    return { eventId, log };
  }

  const row = async (eventId: string) =>
    (
      await (
        await ownerDb()
      ).query(
        `SELECT status, attempts, last_error, response_status FROM notification_delivery WHERE event_id = $1 AND channel = 'webhook'`,
        [eventId],
      )
    )[0];

  it.each(['127.0.0.1.nip.io', 'mapped.example', 'localtest.me'])(
    'should refuse a delivery to %s, which resolves to loopback, with the one uniform reason',
    async (name) => {
      const receiver = await webhookReceiver();
      try {
        const { eventId, log } = await eventFor(production, `http://${name}:${receiver.port}/hook`);

        await expect(production.get(NotificationDeliveryService).deliver(eventId)).rejects.toThrow(DeliveryRetryError);

        expect(receiver.requests).toEqual([]);
        expect(await row(eventId)).toEqual({ status: 'väntar', attempts: 1, last_error: COULD_NOT_DELIVER, response_status: null });
        expect(await log()).toEqual([expect.objectContaining({ lastError: COULD_NOT_DELIVER, responseStatus: null })]);
      } finally {
        await receiver.close();
      }
    },
  );

  it('should deliver the same webhook when private targets are allowed (development and tests)', async () => {
    const receiver = await webhookReceiver();
    try {
      const { eventId, log } = await eventFor(development, `http://127.0.0.1.nip.io:${receiver.port}/hook`);

      await expect(development.get(NotificationDeliveryService).deliver(eventId)).resolves.toEqual({ sent: 1, failed: 0 });

      expect(receiver.requests).toHaveLength(1);
      expect(receiver.requests[0].headers.host).toBe(`127.0.0.1.nip.io:${receiver.port}`);
      expect(JSON.parse(receiver.requests[0].body)).toMatchObject({ type: 'status_ändrad', data: { eventId } });
      expect(await row(eventId)).toEqual({ status: 'skickad', attempts: 1, last_error: null, response_status: 204 });
      expect(await log()).toEqual([expect.objectContaining({ status: 'skickad', lastError: null })]);
    } finally {
      await receiver.close();
    }
  });

  it('should tell a party nothing that distinguishes a refused address, an unknown name, a refused connection and a timeout', async () => {
    const cases: [TestingModule, string][] = [
      [production, `http://127.0.0.1.nip.io:${closedPort}/hook`],
      [production, `http://no-such-name.example:${closedPort}/hook`],
      [development, `http://127.0.0.1.nip.io:${closedPort}/hook`],
      [development, `http://127.0.0.1.nip.io:${(silent.address() as AddressInfo).port}/hook`],
    ];
    const seen = [];
    for (const [worker, url] of cases) {
      const { eventId, log } = await eventFor(worker, url);
      await expect(worker.get(NotificationDeliveryService).deliver(eventId)).rejects.toThrow(DeliveryRetryError);
      const [entry] = await log();
      seen.push({ status: entry.status, attempts: entry.attempts, lastError: entry.lastError, responseStatus: entry.responseStatus });
    }
    expect(seen).toEqual(Array(cases.length).fill({ status: 'väntar', attempts: 1, lastError: COULD_NOT_DELIVER, responseStatus: null }));
  });

  it('should refuse a registered loopback address at registration when private targets are not allowed', async () => {
    const party = await aParty();
    const admin: Actor = { userId: 'admin@kommun', partyId: party.id, roles: [Role.Admin] };
    await expect(
      production
        .get(PartyWebhooksService)
        .create(admin, { url: 'http://[::ffff:127.0.0.1]:8080/hook', eventTypes: [NotificationType.StatusÄndrad] }),
    ).rejects.toThrow('The webhook URL is not acceptable.');
    expect(await (await ownerDb()).query(`SELECT id FROM party_webhook WHERE party_id = $1`, [party.id])).toEqual([]);
  });
});

describe('WEBHOOK_ALLOW_PRIVATE_TARGETS', () => {
  const productionEnv = {
    NODE_ENV: 'production',
    AUTH_MODE: 'oidc',
    OIDC_ISSUER_URL: 'https://login.example.se',
    JIRA_WEBHOOK_SECRET: 'a-production-secret-of-ours',
    DRIFTINFO_UNSUBSCRIBE_SECRET: 'an-unsubscribe-secret-of-ours-0123456789',
    SMTP_URL: 'smtp://mail.example.se:25',
    METRICS_TOKEN: 'x'.repeat(32),
  };

  it('should be off in production unless set, and refused when set on there', () => {
    expect(loadConfig(productionEnv).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(loadConfig({ ...productionEnv, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' }).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(() => loadConfig({ ...productionEnv, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_TARGETS: refused/);
  });

  it('should be on elsewhere unless set off, and refuse anything but true or false', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', WEBHOOK_ALLOW_PRIVATE_TARGETS: '0' }).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'test', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'yes' })).toThrow(ConfigValidationError);
  });
});
