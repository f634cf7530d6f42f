import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { NestFactory } from '@nestjs/core';
import { type JiraSimulator } from '../../jira-simulator/simulator';
import { Role } from '../../src/actor/role';
import { adfToText } from '../../src/jira/adf';
import { JiraPushService } from '../../src/jira/jira-push.service';
import { JiraReconcileService } from '../../src/jira/jira-reconcile.service';
import { DeviationBusyError } from '../../src/jira/jira-sync.errors';
import { JIRA_SYNC_QUEUE, JiraSyncJob } from '../../src/queues/jira-sync.queue';
import { WorkerModule } from '../../src/worker.module';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { startSyncStack } from '../support/sync-stack';
import { eventually } from '../support/eventually';
import { waitForSyncIdle } from '../support/jira-sync-idle';

/**
 * The two-way sync end to end: the real API and the real worker (outbox relay, BullMQ on Redis, the jira-sync
 * processor) against the Jira simulator over HTTP through jira.js, with Jira's signed webhooks coming back.
 */
// Each case ends by waiting for the sync to be idle, which may take up to 40 s on a loaded machine (see syncIdle).
jest.setTimeout(90_000);

describe('Jira sync (integration)', () => {
  let sim: JiraSimulator;
  let api: TestApp;
  let worker: INestApplicationContext;
  let reporter: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    ({ sim, api, worker } = await startSyncStack());
  });

  beforeEach(async () => {
    await truncateAll();
    sim.admin.setFaults({});
    const party = await aParty({ name: 'Göteborgs Stad' });
    reporter = await api.partyToken(party.id, Role.Reporter);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sim?.stop();
    process.env = saved;
  });

  const auth = () => ({ Authorization: `Bearer ${reporter}` });
  async function submitDeviation(rubrik = 'Timeout mot CSN'): Promise<{ id: string; key: string }> {
    const created = await api.http.post('/api/v1/deviations').set(auth()).send(aDeviationBody({ rubrik }));
    expect(created.status).toBe(201);
    const submitted = await api.http.post(`/api/v1/deviations/${created.body.id}/submit`).set(auth());
    expect(submitted.status).toBe(200);
    return created.body;
  }
  const issuesOf = (deviationId: string) => sim.admin.issues({ label: `avvikelse-${deviationId}` });
  const syncedKey = (deviationId: string) =>
    eventually(async () => {
      const status = await api.http.get(`/api/v1/deviations/${deviationId}/jira`).set(auth());
      // The whole body, lastError included, so a failure says why the link is not synced.
      expect(status.body).toMatchObject({ state: 'synkad', issueKey: expect.stringMatching(/^KHA-\d+$/), lastError: null });
      return status.body.issueKey as string;
    });

  it('should create exactly one issue for a submitted deviation, carrying the report', async () => {
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    const [issue] = issuesOf(d.id);
    expect(issuesOf(d.id)).toHaveLength(1);
    expect(issue.key).toBe(key);
    expect(issue.fields.summary).toBe(`${d.key} Timeout mot CSN`);
    expect(JSON.stringify(issue.fields.description)).toContain('SLA 4.8.1');
    expect((issue.fields.priority as { id: string }).id).toBe('2');
  });

  it('should bring SKR status, priority, resolution and comments marked for the party back, never internal ones', async () => {
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    sim.admin.transition(key, 'Under utredning');
    sim.admin.setPriority(key, '1');
    sim.admin.addComment(key, 'Vi undersöker felet hos CSN.', { forParty: true });
    sim.admin.addComment(key, 'INTERN: leverantören har missat patchen', { internal: true });
    await eventually(async () => {
      const response = await api.http.get(`/api/v1/deviations/${d.id}`).set(auth());
      expect(response.body).toMatchObject({ status: 'under_utredning', prioritet: 'kritisk' });
      const comments = await api.http.get(`/api/v1/deviations/${d.id}/comments`).set(auth());
      expect(comments.body.map((c: { text: string }) => c.text)).toEqual(['Vi undersöker felet hos CSN.']);
    });
    sim.admin.transition(key, 'Löst', { resolution: 'Done' });
    await eventually(async () => {
      const response = await api.http.get(`/api/v1/deviations/${d.id}`).set(auth());
      // Jira's resolution reaches the party as the catalogue's text for it, never as Jira's "Done".
      expect(response.body).toMatchObject({ status: 'löst', resolution: 'Åtgärdad' });
    });
    for (const path of [`/api/v1/deviations/${d.id}/comments`, `/api/v1/deviations/${d.id}/history`]) {
      const response = await api.http.get(path).set(auth());
      expect(response.text).not.toContain('INTERN');
    }
    // Our own writes never bounce back: the party's comment is pushed once and not imported again.
    await api.http.post(`/api/v1/deviations/${d.id}/comments`).set(auth()).send({ text: 'Tack, vi testar igen.' }).expect(201);
    await eventually(async () => expect(sim.admin.issue(key).fields.comment).toMatchObject({ total: 3 }));
    // Every webhook delivered and every job they set off run: an echo of our own comment would be imported by now.
    await waitForSyncIdle(sim, worker);
    const comments = await api.http.get(`/api/v1/deviations/${d.id}/comments`).set(auth());
    expect(comments.body.map((c: { text: string }) => c.text)).toEqual(['Vi undersöker felet hos CSN.', 'Tack, vi testar igen.']);
  });

  it("should carry an SKR priority override in the service to Jira, and never read Jira's old priority back over it", async () => {
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    expect((sim.admin.issue(key).fields.priority as { id: string }).id).toBe('2');
    // The description carries the report; the priority is Jira's own field only, so no copy of it can go stale.
    expect(JSON.stringify(sim.admin.issue(key).fields.description)).not.toContain('Prioritet');

    const skr = await api.skrToken(Role.Skr);
    const overridden = await api.http
      .post(`/api/v1/deviations/${d.id}/priority`)
      .set('Authorization', `Bearer ${skr}`)
      .send({ prioritet: 'kritisk', motivering: 'Drabbar alla kommuner under utbetalningsdagen.' });
    expect(overridden.status).toBe(200);
    await eventually(async () => expect((sim.admin.issue(key).fields.priority as { id: string }).id).toBe('1'));

    // SKR moves the issue on in Jira: the pull applies the status and keeps the override.
    sim.admin.transition(key, 'Under utredning');
    await eventually(async () => {
      const response = await api.http.get(`/api/v1/deviations/${d.id}`).set(auth());
      expect(response.body).toMatchObject({ status: 'under_utredning', prioritet: 'kritisk' });
    });
    // Then SKR changes the priority in Jira: that is a decision, and it comes back.
    sim.admin.setPriority(key, '3');
    await eventually(async () => {
      const [row] = await (
        await ownerDb()
      ).query(
        `SELECT d.prioritet, d.prioritet_overridden, l.jira_priority FROM deviation d JOIN jira_link l ON l.deviation_id = d.id WHERE d.id = $1`,
        [d.id],
      );
      expect(row).toEqual({ prioritet: 'medel', prioritet_overridden: true, jira_priority: 'medel' });
    });
    const history = await api.http.get(`/api/v1/deviations/${d.id}/history`).set(auth());
    expect(
      history.body.filter((e: { action: string }) => e.action.startsWith('deviation.priority')).map((e: { action: string }) => e.action),
    ).toEqual(['deviation.priority_overridden', 'deviation.priority_from_jira']);
  });

  it('should never apply an issue read before an override was pushed, however late the answer to that read comes', async () => {
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    await waitForSyncIdle(sim, worker);
    const issue = sim.admin.issue(key);
    // SKR labels the issue in Jira; the pull of its webhook reads the issue, and that answer is held back.
    sim.admin.setFaults({ holdAnswers: { count: 1, paths: [`/issue/${issue.id}`] }, match: { method: 'GET' } });
    sim.admin.editIssue(key, { labels: [...(issue.fields.labels as string[]), 'triage'] });
    await eventually(async () => expect(sim.admin.stats().faults.heldAnswers).toBe(1));
    // The webhook of the override's own edit is lost (the held answer stays held): no later pull sets things right.
    sim.admin.setFaults({ webhooks: { drop: { next: 1 } } });

    const skr = await api.skrToken(Role.Skr);
    await api.http
      .post(`/api/v1/deviations/${d.id}/priority`)
      .set('Authorization', `Bearer ${skr}`)
      .send({ prioritet: 'kritisk', motivering: 'Drabbar alla kommuner.' })
      .expect(200);
    // The override's push gets through to Jira past a pull that read without the lock, or waits for the pull's lock.
    const queue = worker.get<Queue>(getQueueToken(JIRA_SYNC_QUEUE), { strict: false });
    await eventually(async () => {
      const pushed = (sim.admin.issue(key).fields.priority as { id: string }).id === '1';
      const waiting = (await queue.getDelayed()).some((job) => job.name === JiraSyncJob.PushDeviation);
      expect({ pushed, waiting }).not.toEqual({ pushed: false, waiting: false });
    });
    expect(sim.admin.releaseHeldAnswers()).toBe(1);
    await waitForSyncIdle(sim, worker);

    expect((sim.admin.issue(key).fields.priority as { id: string }).id).toBe('1');
    const [row] = await (await ownerDb()).query(`SELECT prioritet FROM deviation WHERE id = $1`, [d.id]);
    expect(row).toEqual({ prioritet: 'kritisk' });
    // Read before the override and applied after it, Jira's old priority went back over it.
    const history = await api.http.get(`/api/v1/deviations/${d.id}/history`).set(auth());
    expect(
      history.body.filter((e: { action: string }) => e.action.startsWith('deviation.priority')).map((e: { action: string }) => e.action),
    ).toEqual(['deviation.priority_overridden']);
  });

  it("should walk Jira's workflow to a status set in the service, and never read Jira's old status back over it", async () => {
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    const skr = { Authorization: `Bearer ${await api.skrToken(Role.Skr)}` };
    const jiraStatus = () => (sim.admin.issue(key).fields.status as { id: string }).id;
    const row = async () =>
      (
        await (
          await ownerDb()
        ).query(
          `SELECT d.status, d.resolution, l.jira_status, l.jira_resolution FROM deviation d JOIN jira_link l ON l.deviation_id = d.id WHERE d.id = $1`,
          [d.id],
        )
      )[0];

    // SKR solves it in the service: Jira follows (its own resolution is set by the workflow), ours keeps SKR's words.
    await api.http
      .post(`/api/v1/deviations/${d.id}/status`)
      .set(skr)
      .send({ status: 'löst', resolution: 'Rättat i version 4.2' })
      .expect(200);
    await eventually(async () => expect(jiraStatus()).toBe('10005'));
    await syncIdle();
    expect(await row()).toEqual({ status: 'löst', resolution: 'Rättat i version 4.2', jira_status: 'löst', jira_resolution: 'Åtgärdad' });

    // From a done status the workflow only goes back to the start: the sync reopens, then moves on.
    await api.http.post(`/api/v1/deviations/${d.id}/status`).set(skr).send({ status: 'under_utredning' }).expect(200);
    await eventually(async () => expect(jiraStatus()).toBe('10002'));
    // Any later change in Jira (a comment) pulls the issue: the status set in the service stays.
    sim.admin.addComment(key, 'Vi tittar på det igen.');
    await syncIdle();
    await eventually(async () =>
      expect(await row()).toEqual({ status: 'under_utredning', resolution: null, jira_status: 'under_utredning', jira_resolution: null }),
    );
    // And SKR's own move in Jira still comes back.
    sim.admin.transition(key, 'Åtgärdas');
    await eventually(async () => expect((await row()).status).toBe('åtgärdas'));
  });

  it("should take SKR's first move on a new issue, made while the push that created it is still running, as SKR's", async () => {
    // Every read of an issue takes 600 ms (under the 1 s timeout): the push that created it is still busy when SKR moves.
    sim.admin.setFaults({ latencyMs: 600, match: { method: 'GET', path: '/rest/api/3/issue/' } });
    const d = await submitDeviation();
    await eventually(async () => expect(issuesOf(d.id)).toHaveLength(1), 10_000, 20);
    const [issue] = issuesOf(d.id);
    sim.admin.transition(issue.key, 'Under utredning');
    await eventually(
      async () => expect((await api.http.get(`/api/v1/deviations/${d.id}`).set(auth())).body.status).toBe('under_utredning'),
      30_000,
    );
    sim.admin.setFaults({});
    await syncIdle();
    expect((sim.admin.issue(issue.key).fields.status as { id: string }).id).toBe('10002');
    const [link] = await (await ownerDb()).query(`SELECT jira_status FROM jira_link WHERE deviation_id = $1`, [d.id]);
    expect(link.jira_status).toBe('under_utredning');
  });

  it('should tell SKR in Jira why the party reopened or withdrew a deviation', async () => {
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    const jiraTexts = () =>
      ((sim.admin.issue(key).fields.comment as { comments: { body: unknown }[] }).comments ?? []).map((c) => adfToText(c.body));
    sim.admin.transition(key, 'Löst', { resolution: 'Done' });
    await eventually(async () => expect((await api.http.get(`/api/v1/deviations/${d.id}`).set(auth())).body.status).toBe('löst'));

    await api.http.post(`/api/v1/deviations/${d.id}/reopen`).set(auth()).send({ motivering: 'Felet kom tillbaka i natt.' }).expect(200);
    await eventually(async () => {
      expect((sim.admin.issue(key).fields.status as { id: string }).id).toBe('10000');
      expect(jiraTexts().some((t) => t.endsWith('Parten har återöppnat avvikelsen. Motivering: Felet kom tillbaka i natt.'))).toBe(true);
    });
    await api.http
      .post(`/api/v1/deviations/${d.id}/withdraw`)
      .set(auth())
      .send({ motivering: 'Felet låg i vår egen brandvägg.' })
      .expect(200);
    await eventually(async () =>
      expect(jiraTexts().some((t) => t.endsWith('Parten har återkallat avvikelsen. Motivering: Felet låg i vår egen brandvägg.'))).toBe(
        true,
      ),
    );
    await syncIdle();
    const rows = await (
      await ownerDb()
    ).query(
      `SELECT c.origin, l.origin AS link FROM deviation_comment c LEFT JOIN jira_comment_link l ON l.comment_id = c.id WHERE c.deviation_id = $1 ORDER BY c.created_at`,
      [d.id],
    );
    expect(rows).toEqual([
      { origin: 'part', link: 'ours' },
      { origin: 'part', link: 'ours' },
    ]);
    expect((await api.http.get(`/api/v1/deviations/${d.id}`).set(auth())).body.status).toBe('återkallad');
  });

  const syncIdle = () => waitForSyncIdle(sim, worker);

  it('should repair a change whose webhook was lost, through the reconciliation sweep', async () => {
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    await syncIdle();
    sim.admin.setFaults({ webhooks: { drop: { next: 10 } } });
    sim.admin.transition(key, 'Åtgärdas');
    await sim.admin.settleWebhooks();
    const before = await api.http.get(`/api/v1/deviations/${d.id}`).set(auth());
    expect(before.body.status).toBe('inskickad');
    const repaired = await worker.get(JiraReconcileService).reconcile();
    expect(repaired).toBeGreaterThanOrEqual(1);
    const after = await api.http.get(`/api/v1/deviations/${d.id}`).set(auth());
    expect(after.body.status).toBe('åtgärdas');
    const [integration] = await (await ownerDb()).query(`SELECT repairs::int FROM jira_integration`);
    expect(integration.repairs).toBeGreaterThanOrEqual(1);
  });

  it('should go on past an issue Jira fails on in the sweep, and look at it again in the next one', async () => {
    const [a, b] = [await submitDeviation('Fel A'), await submitDeviation('Fel B')];
    const [keyA, keyB] = [await syncedKey(a.id), await syncedKey(b.id)];
    await syncIdle();
    const sync = worker.get(JiraReconcileService);
    await sync.reconcile();
    const watermark = async () =>
      ((await (await ownerDb()).query(`SELECT reconcile_watermark FROM jira_integration`))[0].reconcile_watermark as Date).getTime();
    const status = async (id: string) => (await api.http.get(`/api/v1/deviations/${id}`).set(auth())).body.status;
    const before = await watermark();
    sim.admin.setFaults({ webhooks: { drop: { next: 10 } } });
    sim.admin.transition(keyA, 'Åtgärdas');
    sim.admin.transition(keyB, 'Åtgärdas');
    await sim.admin.settleWebhooks();
    // Jira answers 500 to every read of issue A.
    sim.admin.setFaults({ error5xxRate: 1, match: { method: 'GET', path: `/rest/api/3/issue/${sim.admin.issue(keyA).id}` } });

    expect(await sync.reconcile()).toBe(1);
    expect([await status(a.id), await status(b.id)]).toEqual(['inskickad', 'åtgärdas']);
    expect(await watermark()).toBe(before);

    sim.admin.setFaults({});
    expect(await sync.reconcile()).toBe(1);
    expect(await status(a.id)).toBe('åtgärdas');
    expect(await watermark()).toBeGreaterThan(before);
  });

  it('should not add a comment to Jira twice when the add timed out after Jira applied it', async () => {
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    await syncIdle();
    const timeoutsBefore = sim.admin.stats().faults.timeoutAfterApply;
    sim.admin.setFaults({ timeoutAfterApply: { count: 1, mode: 'hang' }, match: { method: 'POST', path: '/comment' } });
    await api.http.post(`/api/v1/deviations/${d.id}/comments`).set(auth()).send({ text: 'Felet kvarstår efter omstart.' }).expect(201);
    await eventually(async () => {
      const [row] = await (
        await ownerDb()
      ).query(`SELECT count(*)::int AS n FROM jira_comment_link WHERE deviation_id = $1 AND origin = 'ours'`, [d.id]);
      expect(row.n).toBe(1);
    }, 30_000);
    await syncIdle();
    expect(sim.admin.stats().faults.timeoutAfterApply - timeoutsBefore).toBe(1);
    const texts = (sim.admin.issue(key).fields.comment as { comments: { body: unknown }[] }).comments.map((c) => adfToText(c.body));
    expect(texts.filter((t) => t.endsWith('Felet kvarstår efter omstart.'))).toHaveLength(1);
  });

  it('should not add a comment twice when the deviation lock is lost while the add is in flight', async () => {
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    await syncIdle();
    const db = await ownerDb();
    // Jira takes 1.5 s to answer the add: time to end the lock holder's database session under it.
    sim.admin.setFaults({ latencyMs: 1500, match: { method: 'POST', path: '/comment' } });
    await api.http.post(`/api/v1/deviations/${d.id}/comments`).set(auth()).send({ text: 'Låset försvann.' }).expect(201);
    await eventually(
      async () => {
        const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM jira_push_attempt WHERE ended_at IS NULL`);
        expect(n).toBe(1);
      },
      10_000,
      20,
    );
    // What a database restart does to the lock: the session holding it ends, and the lock with it.
    const terminated = await db.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted`);
    expect(terminated).toHaveLength(1);

    // A second push gets the lock now; it must not add the comment the first one is still adding.
    await expect(worker.get(JiraPushService).pushDeviation(d.id)).rejects.toBeInstanceOf(DeviationBusyError);
    sim.admin.setFaults({});
    await eventually(async () => {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM jira_comment_link WHERE deviation_id = $1 AND origin = 'ours'`, [
        d.id,
      ]);
      expect(n).toBe(1);
    }, 30_000);
    await syncIdle();
    const texts = (sim.admin.issue(key).fields.comment as { comments: { body: unknown }[] }).comments.map((c) => adfToText(c.body));
    expect(texts.filter((t) => t.endsWith('Låset försvann.'))).toHaveLength(1);
  });

  // Jira goes on with a request whose caller gave up: the add shows in Jira 3 s after it was sent, after our 1 s timeout
  // and a retry's first look for it, and well within the five timeouts the sync then waits for it.
  const lateAdd = (path: string) => ({ applyLate: { count: 1, afterMs: 3000, paths: [path] }, match: { method: 'POST' } });
  // A push right after the first add gave up, while Jira still holds it, whenever the worker's own retry would come.
  const retryWhileTheAddIsHeld = async (kind: 'comment' | 'attachment', deviationId: string) => {
    const table = kind === 'comment' ? 'deviation_comment' : 'deviation_attachment';
    await eventually(
      async () => {
        const [{ n }] = await (
          await ownerDb()
        ).query(
          `SELECT count(*)::int AS n FROM jira_push_attempt WHERE kind = $1 AND unsettled_until IS NOT NULL
              AND local_id IN (SELECT id FROM ${table} WHERE deviation_id = $2)`,
          [kind, deviationId],
        );
        expect(n).toBe(1);
      },
      10_000,
      20,
    );
    // It waits (the deviation busy with the add, or the worker's retry holding it), never adds a second copy.
    await expect(worker.get(JiraPushService).pushDeviation(deviationId)).rejects.toBeInstanceOf(DeviationBusyError);
  };
  const afterTheLateAdd = (sentAt: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, sentAt + 3500 - Date.now())));

  it('should not add a comment twice when Jira applies the add only after the sync gave up waiting for it', async () => {
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    await syncIdle();
    const lateBefore = sim.admin.stats().faults.applyLate;
    sim.admin.setFaults(lateAdd('/comment'));
    const sentAt = Date.now();
    await api.http.post(`/api/v1/deviations/${d.id}/comments`).set(auth()).send({ text: 'Svaret kom sent.' }).expect(201);
    await retryWhileTheAddIsHeld('comment', d.id);
    await eventually(async () => {
      const [row] = await (
        await ownerDb()
      ).query(`SELECT count(*)::int AS n FROM jira_comment_link WHERE deviation_id = $1 AND origin = 'ours'`, [d.id]);
      expect(row.n).toBe(1);
    }, 30_000);
    await afterTheLateAdd(sentAt);
    await syncIdle();
    expect(sim.admin.stats().faults.applyLate - lateBefore).toBe(1);
    const texts = (sim.admin.issue(key).fields.comment as { comments: { body: unknown }[] }).comments.map((c) => adfToText(c.body));
    expect(texts.filter((t) => t.endsWith('Svaret kom sent.'))).toHaveLength(1);
  });

  it('should not upload evidence twice when Jira applies the upload only after the sync gave up waiting for it', async () => {
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    await syncIdle();
    const lateBefore = sim.admin.stats().faults.applyLate;
    sim.admin.setFaults(lateAdd('/attachments'));
    const sentAt = Date.now();
    await api.http
      .post(`/api/v1/deviations/${d.id}/attachments`)
      .set(auth())
      .attach('file', Buffer.from('2026-12-05 ERROR sent svar\n'), 'sent.log')
      .expect(201);
    await retryWhileTheAddIsHeld('attachment', d.id);
    await eventually(async () => {
      const [row] = await (await ownerDb()).query(`SELECT count(*)::int AS n FROM jira_attachment_link WHERE deviation_id = $1`, [d.id]);
      expect(row.n).toBe(1);
    }, 30_000);
    await afterTheLateAdd(sentAt);
    await syncIdle();
    expect(sim.admin.stats().faults.applyLate - lateBefore).toBe(1);
    expect((sim.admin.issue(key).fields.attachment as { filename: string }[]).map((a) => a.filename)).toEqual(['sent.log']);
  });

  it('should not upload evidence to Jira twice when the upload timed out after Jira applied it', async () => {
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    await syncIdle();
    const timeoutsBefore = sim.admin.stats().faults.timeoutAfterApply;
    sim.admin.setFaults({ timeoutAfterApply: { count: 1, mode: 'hang' }, match: { method: 'POST', path: '/attachments' } });
    await api.http
      .post(`/api/v1/deviations/${d.id}/attachments`)
      .set(auth())
      .attach('file', Buffer.from('2026-11-23 ERROR timeout\n'), 'app.log')
      .expect(201);
    await eventually(async () => {
      const [row] = await (await ownerDb()).query(`SELECT count(*)::int AS n FROM jira_attachment_link WHERE deviation_id = $1`, [d.id]);
      expect(row.n).toBe(1);
    }, 30_000);
    await syncIdle();
    expect(sim.admin.stats().faults.timeoutAfterApply - timeoutsBefore).toBe(1);
    expect((sim.admin.issue(key).fields.attachment as { filename: string }[]).map((a) => a.filename)).toEqual(['app.log']);
  });

  it('should not create a second issue when the create timed out after Jira applied it', async () => {
    const timeoutsBefore = sim.admin.stats().faults.timeoutAfterApply;
    sim.admin.setFaults({ timeoutAfterApply: { count: 1, mode: 'hang' }, match: { method: 'POST', path: '/rest/api/3/issue' } });
    const d = await submitDeviation();
    await syncedKey(d.id);
    expect(issuesOf(d.id)).toHaveLength(1);
    expect(sim.admin.stats().faults.timeoutAfterApply - timeoutsBefore).toBe(1);
  });

  it('should wait out a 429 storm and lose nothing', async () => {
    sim.admin.setFaults({ rateLimitStorm: { count: 6, retryAfterSeconds: 1 } });
    const d = await submitDeviation();
    await syncedKey(d.id);
    expect(issuesOf(d.id)).toHaveLength(1);
  });

  it('should change nothing wrongly on duplicated and reordered webhooks', async () => {
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    await sim.admin.settleWebhooks();
    sim.admin.setFaults({ webhooks: { duplicate: { next: 10 }, reorder: 3 } });
    sim.admin.transition(key, 'Mottagen');
    sim.admin.addComment(key, 'Första svaret', { forParty: true });
    sim.admin.transition(key, 'Under utredning');
    sim.admin.flushWebhooks();
    await sim.admin.settleWebhooks();
    await eventually(async () => {
      const response = await api.http.get(`/api/v1/deviations/${d.id}`).set(auth());
      expect(response.body.status).toBe('under_utredning');
      const comments = await api.http.get(`/api/v1/deviations/${d.id}/comments`).set(auth());
      expect(comments.body.map((c: { text: string }) => c.text)).toEqual(['Första svaret']);
    });
    const rows = await (await ownerDb()).query(`SELECT count(*)::int AS n FROM jira_comment_link`);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('should upload evidence added after submit to the issue', async () => {
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    await api.http
      .post(`/api/v1/deviations/${d.id}/attachments`)
      .set(auth())
      .attach('file', Buffer.from('2026-11-23 ERROR timeout\n'), 'app.log')
      .expect(201);
    await eventually(async () => {
      const attachments = sim.admin.issue(key).fields.attachment as { filename: string; size: number }[];
      expect(attachments.map((a) => a.filename)).toEqual(['app.log']);
    });
  });

  it('should fail visibly on an unmapped Jira status, list it for SKR, and recover on replay', async () => {
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    const admin = await api.skrToken(Role.SkrAdmin);
    const mapping = (await api.http.get('/api/v1/jira/mapping').set('Authorization', `Bearer ${admin}`)).body as {
      kind: string;
      jiraId: string;
    }[];
    const withoutUtredning = mapping.filter((m) => !(m.kind === 'status' && m.jiraId === '10002'));
    await api.http.put('/api/v1/jira/mapping').set('Authorization', `Bearer ${admin}`).send({ entries: withoutUtredning }).expect(200);
    sim.admin.transition(key, 'Under utredning');
    const failures = await eventually(async () => {
      const response = await api.http.get('/api/v1/jira/failures').set('Authorization', `Bearer ${admin}`);
      expect(response.body).toEqual([
        // The pull met it: the pull's own failure, beside an empty push failure.
        expect.objectContaining({
          deviationId: d.id,
          state: 'fel',
          lastError: null,
          pullError: expect.stringContaining('10002'),
          pullErrorCode: 'JIRA_MAPPING_MISSING',
        }),
      ]);
      return response.body;
    });
    expect(failures).toHaveLength(1);
    const partyView = await api.http.get(`/api/v1/deviations/${d.id}/jira`).set(auth());
    expect(partyView.body.state).toBe('fel');
    await api.http.put('/api/v1/jira/mapping').set('Authorization', `Bearer ${admin}`).send({ entries: mapping }).expect(200);
    await api.http.post(`/api/v1/jira/failures/${d.id}/replay`).set('Authorization', `Bearer ${admin}`).expect(202);
    await eventually(async () => {
      const response = await api.http.get(`/api/v1/deviations/${d.id}`).set(auth());
      expect(response.body.status).toBe('under_utredning');
      const status = await api.http.get(`/api/v1/deviations/${d.id}/jira`).set(auth());
      expect(status.body).toMatchObject({ state: 'synkad', pullError: null, pullErrorCode: null });
    });
  });

  it('should pause the integration when Jira refuses our credentials, and sync after an SKR admin resumes it', async () => {
    await worker.close();
    const previous = process.env.JIRA_API_TOKEN;
    process.env.JIRA_API_TOKEN = 'wrong-token';
    const badWorker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await badWorker.init();
    const d = await submitDeviation();
    const admin = await api.skrToken(Role.SkrAdmin);
    await eventually(async () => {
      const response = await api.http.get('/api/v1/jira/integration').set('Authorization', `Bearer ${admin}`);
      expect(response.body).toMatchObject({ paused: true, pausedReason: expect.stringContaining('401') });
    });
    await badWorker.close();
    process.env.JIRA_API_TOKEN = previous ?? 'sim-token';
    if (!previous) delete process.env.JIRA_API_TOKEN;
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    expect(issuesOf(d.id)).toHaveLength(0);
    const resumed = await api.http.post('/api/v1/jira/integration/resume').set('Authorization', `Bearer ${admin}`);
    expect(resumed.body.paused).toBe(false);
    // The job delayed by the pause may run at the same moment in the new worker: either of them pushes.
    await eventually(() =>
      worker
        .get(JiraPushService)
        .pushDeviation(d.id)
        .catch(() => false)
        .then(() => true),
    );
    await syncedKey(d.id);
    expect(issuesOf(d.id)).toHaveLength(1);
  });
});
