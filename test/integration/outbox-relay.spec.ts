import { getQueueToken } from '@nestjs/bullmq';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { CORE_MODULES } from '../../src/core-modules';
import { ScopedDb } from '../../src/database/scoped-db';
import { JiraSyncJob, pushJobKey } from '../../src/queues/jira-sync.queue';
import { OutboxModule } from '../../src/outbox/outbox.module';
import { OutboxRelay } from '../../src/outbox/outbox-relay';
import { OutboxService } from '../../src/outbox/outbox.service';
import { QUEUE_NAMES } from '../../src/queues/queue-names';
import { aParty } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';

describe(OutboxRelay.name, () => {
  let moduleRef: TestingModule;
  let relay: OutboxRelay;
  let queue: Queue;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [...CORE_MODULES, OutboxModule], providers: [OutboxRelay] }).compile();
    relay = moduleRef.get(OutboxRelay);
    queue = moduleRef.get(getQueueToken(QUEUE_NAMES.jiraSync));
  });
  beforeEach(async () => {
    await truncateAll();
    await queue.obliterate({ force: true });
  });
  afterAll(() => moduleRef.close());

  it('should let a party append to the outbox but not read it back', async () => {
    const party = await aParty();
    const db = moduleRef.get(ScopedDb);
    await db.transaction({ partyId: party.id, skr: false }, (m) =>
      moduleRef.get(OutboxService).add(m, {
        queue: QUEUE_NAMES.jiraSync,
        jobName: JiraSyncJob.PushDeviation,
        jobKey: pushJobKey('d1'),
        payload: { deviationId: 'd1' },
        partyId: party.id,
      }),
    );
    const seen = await db.transaction({ partyId: party.id, skr: false }, (m) => m.query('SELECT * FROM outbox_event'));
    expect(seen).toEqual([]);
    expect(await (await ownerDb()).query('SELECT count(*)::int AS n FROM outbox_event')).toEqual([{ n: 1 }]);
  });

  it('should move pending rows to their queue with a job id per change and mark them dispatched', async () => {
    const owner = await ownerDb();
    await owner.query(
      `INSERT INTO outbox_event (queue, job_name, job_key, payload) VALUES
         ('jira-sync', 'push-deviation', 'push_a', '{"deviationId":"a"}'),
         ('jira-sync', 'push-deviation', 'push_a', '{"deviationId":"a"}')`,
    );
    expect(await relay.dispatchBatch()).toBe(2);
    expect(await relay.dispatchBatch()).toBe(0);
    const jobs = await queue.getJobs(['waiting']);
    expect(jobs.map((j) => j.id).sort()).toEqual([expect.stringMatching(/^push_a_1_\d{13}$/), expect.stringMatching(/^push_a_2_\d{13}$/)]);
    expect(jobs[0].data).toEqual({ deviationId: 'a' });
    const pending = await owner.query('SELECT count(*)::int AS n FROM outbox_event WHERE dispatched_at IS NULL');
    expect(pending).toEqual([{ n: 0 }]);
  });

  it('should hand the trace context and request id of the row on to its job', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await (
      await ownerDb()
    ).query(
      `INSERT INTO outbox_event (queue, job_name, job_key, payload, traceparent, request_id)
       VALUES ('jira-sync', 'push-deviation', 'push_b', '{"deviationId":"b"}', $1, 'req-1')`,
      [traceparent],
    );
    expect(await relay.dispatchBatch()).toBe(1);
    const [job] = await queue.getJobs(['waiting']);
    expect(job.data).toEqual({ deviationId: 'b', origin: { traceparent, requestId: 'req-1' } });
  });

  it('should not duplicate a job when a row is dispatched again after a crash before commit', async () => {
    const owner = await ownerDb();
    await owner.query(
      `INSERT INTO outbox_event (queue, job_name, job_key, payload) VALUES ('jira-sync', 'push-deviation', 'push_b', '{}')`,
    );
    await relay.dispatchBatch();
    // Simulate the crash: the job was added but the dispatched mark was lost.
    await owner.query('UPDATE outbox_event SET dispatched_at = NULL');
    await relay.dispatchBatch();
    expect(await queue.getJobCountByTypes('waiting')).toBe(1);
  });

  it('should not take a change for a duplicate of an earlier job when the outbox ids come round again', async () => {
    const owner = await ownerDb();
    const insert = () =>
      owner.query(`INSERT INTO outbox_event (queue, job_name, job_key, payload) VALUES ('jira-sync', 'push-deviation', 'push_c', '{}')`);
    await insert();
    expect(await relay.dispatchBatch()).toBe(1);
    // A database restored from a backup (or a test's truncation) hands out outbox id 1 again; Redis still has its job.
    await owner.query('TRUNCATE outbox_event RESTART IDENTITY');
    await insert();
    expect(await relay.dispatchBatch()).toBe(1);
    expect(await queue.getJobCountByTypes('waiting')).toBe(2);
  });
});
