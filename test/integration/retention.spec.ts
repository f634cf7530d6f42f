import { Test, type TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../src/common/clock';
import { CORE_MODULES } from '../../src/core-modules';
import { PrivacyWorkerModule } from '../../src/privacy/privacy-worker.module';
import { RetentionService } from '../../src/privacy/retention.service';
import { aParty } from '../factories/party.factory';
import { MutableClock } from '../support/clock';
import { ownerDb, truncateAll } from '../support/database';

const NOW = new Date('2026-12-05T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 3600 * 1000);

/** The retention cleanup against real PostgreSQL, as the worker's application role, with the default periods. */
describe(RetentionService.name, () => {
  const clock = new MutableClock();
  let moduleRef: TestingModule;
  let retention: RetentionService;

  beforeAll(async () => {
    // Compiled but not started: no BullMQ worker or scheduler runs, so only the test's cleanups happen.
    moduleRef = await Test.createTestingModule({ imports: [...CORE_MODULES, PrivacyWorkerModule] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    retention = moduleRef.get(RetentionService);
  });
  beforeEach(async () => {
    await truncateAll();
    clock.at = NOW;
  });
  afterAll(() => moduleRef.close());

  const keysOf = async (sql: string) => ((await (await ownerDb()).query(sql)) as { k: string }[]).map((r) => r.k).sort();

  it('should delete exactly the rows past their period, and keep pending work and the audit trail', async () => {
    const db = await ownerDb();
    const party = await aParty();
    const outbox = async (key: string, createdAt: Date, dispatchedAt: Date | null) =>
      db.query(
        `INSERT INTO outbox_event (created_at, queue, job_name, job_key, payload, dispatched_at) VALUES ($1, 'sla', 'scan', $2, '{}', $3)`,
        [createdAt, key, dispatchedAt],
      );
    await outbox('relayed-8-days-ago', daysAgo(9), daysAgo(8));
    await outbox('relayed-6-days-ago', daysAgo(9), daysAgo(6));
    await outbox('pending-for-9-days', daysAgo(9), null);

    for (const [id, days] of [
      ['webhook-31-days', 31],
      ['webhook-29-days', 29],
    ] as const)
      await db.query(`INSERT INTO jira_webhook_delivery (delivery_id, received_at, event) VALUES ($1, $2, 'jira:issue_updated')`, [
        id,
        daysAgo(days),
      ]);

    const [event] = await db.query(
      `INSERT INTO notification_event (type, party_id, subject_kind, subject_id, subject_key, subject_title)
       VALUES ('status_ändrad', $1, 'deviation', $2, 'AVV-2026-00001', 'Rubrik') RETURNING id`,
      [party.id, randomUUID()],
    );
    const delivery = async (recipient: string, status: string, at: Date) =>
      db.query(
        `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, status, created_at, sent_at, failed_at)
         VALUES ($1, $2, 'email', $3, $4, $5, $6, $7)`,
        [event.id, party.id, recipient, status, at, status === 'skickad' ? at : null, status === 'misslyckad' ? at : null],
      );
    await delivery('sent-181@kommun.se', 'skickad', daysAgo(181));
    await delivery('failed-181@kommun.se', 'misslyckad', daysAgo(181));
    await delivery('waiting-181@kommun.se', 'väntar', daysAgo(181));
    await delivery('sent-179@kommun.se', 'skickad', daysAgo(179));

    await db.query(
      `INSERT INTO audit_entry (occurred_at, actor_user_id, action, entity_type, entity_id) VALUES ($1, 'x', 'deviation.created', 'deviation', 'd')`,
      [daysAgo(3000)],
    );

    expect(await retention.cleanup()).toEqual({ outbox_event: 1, jira_webhook_delivery: 1, notification_delivery: 2 });
    expect(await keysOf(`SELECT job_key AS k FROM outbox_event`)).toEqual(['pending-for-9-days', 'relayed-6-days-ago']);
    expect(await keysOf(`SELECT delivery_id AS k FROM jira_webhook_delivery`)).toEqual(['webhook-29-days']);
    expect(await keysOf(`SELECT recipient AS k FROM notification_delivery`)).toEqual(['sent-179@kommun.se', 'waiting-181@kommun.se']);
    expect(await keysOf(`SELECT action AS k FROM audit_entry`)).toEqual(['deviation.created']);
    expect(await retention.cleanup()).toEqual({ outbox_event: 0, jira_webhook_delivery: 0, notification_delivery: 0 });
  });
});
