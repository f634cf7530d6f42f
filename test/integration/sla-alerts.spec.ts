import { Test, type TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { CORE_MODULES } from '../../src/core-modules';
import { Clock } from '../../src/common/clock';
import { DeviationStatus } from '../../src/deviations/deviation.entity';
import { OPEN_STATUSES } from '../../src/sla/sla-clock';
import { SlaAlertsService } from '../../src/sla/sla-alerts.service';
import { SlaWorkerModule } from '../../src/sla/sla-worker.module';
import { aParty } from '../factories/party.factory';
import { MutableClock } from '../support/clock';
import { ownerDb, truncateAll } from '../support/database';

/** A submitted kritisk deviation (UC: response 30 business minutes, resolution 8 business hours), history included. */
async function submittedKritisk(partyId: string, submittedAt: string): Promise<string> {
  const db = await ownerDb();
  const id = randomUUID();
  await db.query(
    `INSERT INTO deviation (id, key, party_id, reporter_user_id, status, rubrik, prioritet, submitted_at, kontaktpersoner, version)
     VALUES ($1, $2, $3, 'anna@kommun', 'inskickad', 'Tjänsten svarar inte', 'kritisk', $4, '[{"namn":"Anna","telefon":"+46701234567","epost":"anna@kommun.se"}]', 1)`,
    [id, `AVV-2026-${randomUUID().slice(0, 5)}`, partyId, submittedAt],
  );
  await db.query(
    `INSERT INTO audit_entry (occurred_at, actor_user_id, action, entity_type, entity_id, party_id, changes)
     VALUES ($1, 'anna@kommun', 'deviation.submitted', 'deviation', $2, $3, '{"status":{"from":"utkast","to":"inskickad"}}')`,
    [submittedAt, id, partyId],
  );
  return id;
}

const eventsOf = async (deviationId: string) =>
  (
    (await (
      await ownerDb()
    ).query(`SELECT type, data FROM notification_event WHERE subject_id = $1 ORDER BY created_at, type`, [deviationId])) as {
      type: string;
      data: Record<string, unknown>;
    }[]
  ).map((e) => [e.type, e.data.clock]);

/** The alert scan against real PostgreSQL, with the worker's services and a clock the test moves. */
describe(SlaAlertsService.name, () => {
  const clock = new MutableClock();
  let moduleRef: TestingModule;
  let alerts: SlaAlertsService;

  beforeAll(async () => {
    // Compiled but not started: no BullMQ worker or scheduler runs, so only the test's scans happen.
    moduleRef = await Test.createTestingModule({ imports: [...CORE_MODULES, SlaWorkerModule] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    alerts = moduleRef.get(SlaAlertsService);
  });
  beforeEach(() => truncateAll());
  afterAll(() => moduleRef.close());

  it('should warn at 75 % and report the breach, each once however often it scans', async () => {
    const party = await aParty();
    const id = await submittedKritisk(party.id, '2026-11-02T08:00:00Z'); // Mon 09:00 Stockholm

    clock.at = new Date('2026-11-02T08:20:00Z'); // 20 of 30 minutes: 66.7 %
    expect(await alerts.scan()).toEqual({ scanned: 1, raised: 0 });

    clock.at = new Date('2026-11-02T08:25:00Z'); // 25 of 30: 83.3 %
    expect(await alerts.scan()).toEqual({ scanned: 1, raised: 1 });
    expect(await alerts.scan()).toEqual({ scanned: 1, raised: 0 });
    expect(await eventsOf(id)).toEqual([['sla_varning', 'response']]);

    clock.at = new Date('2026-11-02T08:40:00Z'); // 40 of 30: breached; resolution 40 of 480 minutes
    const late = await submittedKritisk(party.id, '2026-11-02T07:00:00Z'); // 100 minutes in: straight past
    expect(await alerts.scan()).toEqual({ scanned: 2, raised: 2 });
    expect(await alerts.scan()).toEqual({ scanned: 2, raised: 0 });
    expect(await eventsOf(id)).toEqual([
      ['sla_varning', 'response'],
      ['sla_brott', 'response'],
    ]);
    // The warning of a clock found already breached is recorded but never sent after the breach.
    expect(await eventsOf(late)).toEqual([['sla_brott', 'response']]);
    const rows = await (await ownerDb()).query(`SELECT kind, clock FROM sla_alert WHERE deviation_id = $1 ORDER BY kind`, [late]);
    expect(rows).toEqual([
      { kind: 'brott', clock: 'response' },
      { kind: 'varning', clock: 'response' },
    ]);
  });

  it("should time the alerts by the responsible party's hours, warn it alone and tell both sides of the breach", async () => {
    // Transportstyrelsen's UC closes at 16:30, the reporter's at 17:00 (§4.2.1). Received Mon 2 Nov 16:10 Stockholm.
    const kommun = await aParty();
    const transportstyrelsen = await aParty({ agreementCode: 'UC_SSBTEK_2024_TRANSPORTSTYRELSEN' });
    const id = await submittedKritisk(kommun.id, '2026-11-02T15:10:00Z');
    await (await ownerDb()).query(`UPDATE deviation SET responsible_party_id = $1 WHERE id = $2`, [transportstyrelsen.id, id]);
    const eventsTo = async () =>
      (
        (await (await ownerDb()).query(`SELECT type, party_id FROM notification_event WHERE subject_id = $1`, [id])) as {
          type: string;
          party_id: string;
        }[]
      )
        .map(
          (e) => `${e.type} ${e.party_id === kommun.id ? 'reporter' : e.party_id === transportstyrelsen.id ? 'responsible' : e.party_id}`,
        )
        .sort();

    clock.at = new Date('2026-11-02T15:50:00Z'); // Mon 16:50: 40 minutes by the reporter's hours, 20 of 30 by the responsible's
    expect(await alerts.scan()).toEqual({ scanned: 1, raised: 0 });
    clock.at = new Date('2026-11-03T07:05:00Z'); // Tue 08:05: 25 of 30 minutes, 83 %
    expect(await alerts.scan()).toEqual({ scanned: 1, raised: 1 });
    expect(await eventsTo()).toEqual(['sla_varning responsible']);
    clock.at = new Date('2026-11-03T07:15:00Z'); // Tue 08:15: 35 of 30, breached
    expect(await alerts.scan()).toEqual({ scanned: 1, raised: 1 });
    expect(await eventsTo()).toEqual(['sla_brott reporter', 'sla_brott responsible', 'sla_varning responsible']);
  });

  it('should warn a responsible party named after the warning went out, and each one SKR names after it, once', async () => {
    const [kommun, first, second] = [await aParty(), await aParty(), await aParty()];
    const names = new Map([
      [kommun.id, 'reporter'],
      [first.id, 'first'],
      [second.id, 'second'],
    ]);
    const id = await submittedKritisk(kommun.id, '2026-11-02T08:00:00Z'); // Mon 09:00 Stockholm, UC kritisk: 30 minutes
    const db = await ownerDb();
    const assign = (party: string) => db.query(`UPDATE deviation SET responsible_party_id = $1 WHERE id = $2`, [party, id]);
    const eventsTo = async () =>
      (
        (await db.query(`SELECT type, party_id FROM notification_event WHERE subject_id = $1`, [id])) as {
          type: string;
          party_id: string;
        }[]
      )
        .map((e) => `${e.type} ${names.get(e.party_id)}`)
        .sort();

    clock.at = new Date('2026-11-02T08:25:00Z'); // 83 %, before triage: the reporter is warned
    expect(await alerts.scan()).toEqual({ scanned: 1, raised: 1 });
    await assign(first.id);
    clock.at = new Date('2026-11-02T08:26:00Z');
    expect(await alerts.scan()).toEqual({ scanned: 1, raised: 1 });
    expect(await alerts.scan()).toEqual({ scanned: 1, raised: 0 });
    await assign(second.id);
    expect(await alerts.scan()).toEqual({ scanned: 1, raised: 1 });
    expect(await eventsTo()).toEqual(['sla_varning first', 'sla_varning reporter', 'sla_varning second']);

    clock.at = new Date('2026-11-02T08:31:00Z'); // breached: both sides of today, once
    expect(await alerts.scan()).toEqual({ scanned: 1, raised: 1 });
    await assign(first.id);
    expect(await alerts.scan()).toEqual({ scanned: 1, raised: 0 });
    expect((await eventsTo()).filter((e) => e.startsWith('sla_brott'))).toEqual(['sla_brott reporter', 'sla_brott second']);
    const rows = await db.query(`SELECT kind, responsible_party_id FROM sla_alert WHERE deviation_id = $1 ORDER BY kind`, [id]);
    expect(rows).toEqual([
      { kind: 'brott', responsible_party_id: null },
      { kind: 'varning', responsible_party_id: first.id },
    ]);
  });

  it('should scan in batches without missing one at a batch edge, and stop reading a deviation with nothing left to raise', async () => {
    const party = await aParty();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await submittedKritisk(party.id, '2026-11-02T08:00:00Z'));

    clock.at = new Date('2026-11-02T08:25:00Z'); // response at 83 %: a warning each
    expect(await alerts.scan(2)).toEqual({ scanned: 5, raised: 5 });
    clock.at = new Date('2026-11-03T15:00:00Z'); // both clocks past their targets: a breach of each, no late warning
    expect(await alerts.scan(2)).toEqual({ scanned: 5, raised: 10 });
    for (const id of ids) {
      expect((await eventsOf(id)).map((e) => e.join(' ')).sort()).toEqual([
        'sla_brott resolution',
        'sla_brott response',
        'sla_varning response',
      ]);
    }
    // Both breaches reported: the scan no longer reads them.
    expect(await alerts.scan(2)).toEqual({ scanned: 0, raised: 0 });
    const [{ n }] = await (await ownerDb()).query(`SELECT count(*)::int AS n FROM sla_alert`);
    expect(n).toBe(20);
  });

  it('should keep the partial index of running clocks in step with the open statuses', async () => {
    const [{ def }] = await (await ownerDb()).query(`SELECT pg_get_indexdef('ix_deviation_sla_running'::regclass) AS def`);
    const listed = Object.values(DeviationStatus).filter((status) => (def as string).includes(`'${status}'`));
    expect(listed.sort()).toEqual([...OPEN_STATUSES].sort());
  });

  it('should leave stopped clocks and deviations that are no longer open alone', async () => {
    const party = await aParty();
    const id = await submittedKritisk(party.id, '2026-11-02T08:00:00Z');
    const db = await ownerDb();
    await db.query(
      `INSERT INTO audit_entry (occurred_at, actor_user_id, action, entity_type, entity_id, party_id, changes)
       VALUES ('2026-11-02T08:10:00Z', 'skr@skr', 'deviation.status_set', 'deviation', $1, $2, '{"status":{"from":"inskickad","to":"under_utredning"}}')`,
      [id, party.id],
    );
    await db.query(`UPDATE deviation SET status = 'under_utredning' WHERE id = $1`, [id]);
    clock.at = new Date('2026-11-02T09:00:00Z'); // response met at 10 minutes; resolution 60 of 480
    expect(await alerts.scan()).toEqual({ scanned: 1, raised: 0 });

    await db.query(`UPDATE deviation SET status = 'återkallad' WHERE id = $1`, [id]);
    clock.at = new Date('2026-11-03T15:00:00Z');
    expect(await alerts.scan()).toEqual({ scanned: 0, raised: 0 });
    expect(await eventsOf(id)).toEqual([]);
  });
});
