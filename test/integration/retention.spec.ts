import { Test, type TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../src/common/clock';
import { CORE_MODULES } from '../../src/core-modules';
import { PrivacyWorkerModule } from '../../src/privacy/privacy-worker.module';
import { RetentionService } from '../../src/privacy/retention.service';
import { ssbtekTemplateId } from '../factories/declaration.factory';
import { aDeviationRow } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { MutableClock } from '../support/clock';
import { ownerDb, truncateAll } from '../support/database';

const NOW = new Date('2026-12-05T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 3600 * 1000);
const keysOf = async (sql: string) => ((await (await ownerDb()).query(sql)) as { k: string }[]).map((r) => r.k).sort();

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

  it('should delete unconfirmed driftinfo subscriptions once their link expired, and subscribe requests after a day', async () => {
    const db = await ownerDb();
    const subscription = (email: string, status: string, expires: Date | null) =>
      db.query(`INSERT INTO drift_subscription (email, status, confirm_expires_at) VALUES ($1, $2, $3)`, [email, status, expires]);
    await subscription('expired@kommun.se', 'vantar', new Date(NOW.getTime() - 1000));
    await subscription('still-valid@kommun.se', 'vantar', new Date(NOW.getTime() + 1000));
    await subscription('confirmed@kommun.se', 'aktiv', null);
    const request = (email: string, at: Date) =>
      db.query(`INSERT INTO drift_subscribe_request (email, language, outages, planned, created_at) VALUES ($1, 'sv', true, true, $2)`, [
        email,
        at,
      ]);
    await request('old@kommun.se', new Date(NOW.getTime() - 25 * 3600 * 1000));
    await request('recent@kommun.se', new Date(NOW.getTime() - 23 * 3600 * 1000));

    expect(await retention.cleanup()).toMatchObject({ drift_subscription: 1, drift_subscribe_request: 1 });
    expect(await keysOf(`SELECT email AS k FROM drift_subscription`)).toEqual(['confirmed@kommun.se', 'still-valid@kommun.se']);
    expect(await keysOf(`SELECT email AS k FROM drift_subscribe_request`)).toEqual(['recent@kommun.se']);
  });

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

    expect(await retention.cleanup()).toEqual({
      outbox_event: 1,
      jira_webhook_delivery: 1,
      notification_delivery: 2,
      deviation: 0,
      drift_subscription: 0,
      drift_subscribe_request: 0,
    });
    expect(await keysOf(`SELECT job_key AS k FROM outbox_event`)).toEqual(['pending-for-9-days', 'relayed-6-days-ago']);
    expect(await keysOf(`SELECT delivery_id AS k FROM jira_webhook_delivery`)).toEqual(['webhook-29-days']);
    expect(await keysOf(`SELECT recipient AS k FROM notification_delivery`)).toEqual(['sent-179@kommun.se', 'waiting-181@kommun.se']);
    expect(await keysOf(`SELECT action AS k FROM audit_entry`)).toEqual(['deviation.created']);
    expect(await retention.cleanup()).toEqual({
      outbox_event: 0,
      jira_webhook_delivery: 0,
      notification_delivery: 0,
      deviation: 0,
      drift_subscription: 0,
      drift_subscribe_request: 0,
    });
  });
});

/** The retention rule for closed deviations, switched on (it is off by default). */
describe(`${RetentionService.name} with RETENTION_CLOSED_DEVIATION_DAYS`, () => {
  const clock = new MutableClock();
  let moduleRef: TestingModule;
  let retention: RetentionService;

  beforeAll(async () => {
    process.env.RETENTION_CLOSED_DEVIATION_DAYS = '365';
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
  afterAll(async () => {
    delete process.env.RETENTION_CLOSED_DEVIATION_DAYS;
    await moduleRef.close();
  });

  it('should delete closed deviations past the period with what hangs on them, and keep cited, recent and open ones', async () => {
    const db = await ownerDb();
    const party = await aParty();
    const deviation = async (rubrik: string, status: string, days: number) =>
      (await aDeviationRow(party.id, { rubrik, status, updated_at: daysAgo(days) })).id;
    const closedLongAgo = await deviation('stängd för 400 dagar sedan', 'stängd', 400);
    const withdrawnLongAgo = await deviation('återkallad för 400 dagar sedan', 'återkallad', 400);
    const cited = await deviation('stängd, citerad i en deklaration', 'stängd', 400);
    await deviation('stängd för 300 dagar sedan', 'stängd', 300);
    await deviation('öppen sedan 400 dagar', 'inskickad', 400);
    await db.query(
      `INSERT INTO declaration (party_id, template_id, created_by, known_deviation_ids, version) VALUES ($1, $2, 'x', $3, 1)`,
      [party.id, await ssbtekTemplateId(), JSON.stringify([cited])],
    );
    for (const id of [closedLongAgo, withdrawnLongAgo, cited]) {
      await db.query(
        `INSERT INTO deviation_comment (deviation_id, party_id, author_user_id, author_name, origin, body) VALUES ($1, $2, 'u', 'Anna', 'part', 'Hej')`,
        [id, party.id],
      );
      await db.query(
        `INSERT INTO audit_entry (actor_user_id, action, entity_type, entity_id, party_id, changes) VALUES ('u', 'deviation.updated', 'deviation', $1, $2, '{}')`,
        [id, party.id],
      );
      await db.query(
        `INSERT INTO notification_event (type, party_id, subject_kind, subject_id, subject_key, subject_title) VALUES ('status_ändrad', $1, 'deviation', $2, 'AVV-1', 'R')`,
        [party.id, id],
      );
      await db.query(`INSERT INTO jira_link (deviation_id, party_id) VALUES ($1, $2)`, [id, party.id]);
    }

    expect((await retention.cleanup()).deviation).toBe(2);
    expect(await keysOf(`SELECT rubrik AS k FROM deviation`)).toEqual([
      'stängd för 300 dagar sedan',
      'stängd, citerad i en deklaration',
      'öppen sedan 400 dagar',
    ]);
    for (const table of ['deviation_comment', 'jira_link'])
      expect(await keysOf(`SELECT deviation_id::text AS k FROM ${table}`)).toEqual([cited]);
    expect(await keysOf(`SELECT subject_id::text AS k FROM notification_event`)).toEqual([cited]);
    expect(await keysOf(`SELECT entity_id AS k FROM audit_entry WHERE action = 'deviation.updated'`)).toEqual([cited]);
    expect((await retention.cleanup()).deviation).toBe(0);
  });

  it('should keep the audit trail append-only outside the cleanup', async () => {
    const db = await ownerDb();
    await db.query(`INSERT INTO audit_entry (actor_user_id, action, entity_type, entity_id) VALUES ('u', 'x', 'deviation', 'd')`);
    await expect(db.query(`DELETE FROM audit_entry`)).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE audit_entry SET changes = '{"a":1}'`)).rejects.toThrow(/append-only/);
  });
});
