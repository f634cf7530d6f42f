import { DataSource } from 'typeorm';
import { Role } from '../../src/actor/role';
import { AuditService } from '../../src/audit/audit.service';
import { ListAuditQueryDto } from '../../src/audit/dto/list-audit-query.dto';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { ScopedDb } from '../../src/database/scoped-db';
import { DeviationQueriesService } from '../../src/deviations/deviation-queries.service';
import { DeviationNotFoundError } from '../../src/deviations/deviations.errors';
import { ListDeviationsQueryDto } from '../../src/deviations/dto/list-deviations-query.dto';
import { ListNotificationsQueryDto } from '../../src/notifications/dto/notification.dto';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { OutboxService } from '../../src/outbox/outbox.service';
import { aDeviationRow, aSolvedDeviationReportedBack } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';

/** Every table that hangs off a deviation, and how to count the rows of one deviation in it. */
const CHILD_COUNTS = {
  deviation: 'SELECT count(*)::int AS n FROM deviation WHERE id = $1',
  deviation_comment: 'SELECT count(*)::int AS n FROM deviation_comment WHERE deviation_id = $1',
  deviation_attachment: 'SELECT count(*)::int AS n FROM deviation_attachment WHERE deviation_id = $1',
  jira_link: 'SELECT count(*)::int AS n FROM jira_link WHERE deviation_id = $1',
  sla_alert: 'SELECT count(*)::int AS n FROM sla_alert WHERE deviation_id = $1',
  audit_entry: `SELECT count(*)::int AS n FROM audit_entry WHERE entity_type = 'deviation' AND entity_id = $1::text`,
  notification_event: 'SELECT count(*)::int AS n FROM notification_event WHERE subject_id = $1',
  notification_delivery:
    'SELECT count(*)::int AS n FROM notification_delivery d JOIN notification_event e ON e.id = d.event_id WHERE e.subject_id = $1',
} as const;
type Counts = Record<keyof typeof CHILD_COUNTS, number>;

/**
 * The responsible party in each isolation layer on its own. Row-level security: unscoped queries, as the application
 * role, see a deviation and everything hanging off it exactly while the party reports it or is responsible for it.
 * The explicit filter: the same services run on a role with BYPASSRLS (RLS relaxed, proven first) and still show a
 * party only what concerns it.
 */
describe('responsible party: each isolation layer on its own', () => {
  let appDb: DataSource;
  let relaxedDb: DataSource;
  let scoped: ScopedDb;
  let relaxed: ScopedDb;
  let reporter: string;
  let responsible: string;
  let stranger: string;
  let deviationId: string;

  beforeAll(async () => {
    const owner = await ownerDb();
    await owner.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'avvikelse_rls_relaxed') THEN
        CREATE ROLE avvikelse_rls_relaxed NOLOGIN BYPASSRLS;
      END IF; END $$`);
    await owner.query(`GRANT avvikelse_app TO avvikelse_rls_relaxed`);
    await owner.query(`GRANT avvikelse_rls_relaxed TO CURRENT_USER`);
    const url = process.env.DATABASE_URL!;
    appDb = await new DataSource({ ...dataSourceOptions({ url, appRole: 'avvikelse_app' }), logging: false }).initialize();
    relaxedDb = await new DataSource({ ...dataSourceOptions({ url, appRole: 'avvikelse_rls_relaxed' }), logging: false }).initialize();
    scoped = new ScopedDb(appDb);
    relaxed = new ScopedDb(relaxedDb);
  });
  beforeEach(async () => {
    await truncateAll();
    reporter = (await aParty()).id;
    responsible = (await aParty()).id;
    stranger = (await aParty()).id;
    deviationId = (await aDeviationRow(reporter, { responsible_party_id: responsible })).id;
    await aDeviationRow(stranger);
    await withChildren(deviationId);
  });
  afterAll(async () => {
    await appDb.destroy();
    await relaxedDb.destroy();
  });

  async function withChildren(id: string): Promise<void> {
    const db = await ownerDb();
    const comment = `INSERT INTO deviation_comment (deviation_id, party_id, author_user_id, author_name, origin, body, internal) VALUES ($1, $2, 'u', 'U', $3, $4, $5)`;
    await db.query(comment, [id, reporter, 'part', 'publik', false]);
    await db.query(comment, [id, reporter, 'skr', 'intern anteckning', true]);
    await db.query(
      `INSERT INTO deviation_attachment (deviation_id, party_id, filename, content_type, size_bytes, sha256, storage_key, uploaded_by)
       VALUES ($1, $2, 'logg.txt', 'text/plain', 1, repeat('0', 64), gen_random_uuid()::text, 'u')`,
      [id, reporter],
    );
    await db.query(`INSERT INTO jira_link (deviation_id, party_id) VALUES ($1, $2)`, [id, reporter]);
    await db.query(`INSERT INTO sla_alert (deviation_id, party_id, kind, clock, raised_at) VALUES ($1, $2, 'varning', 'response', now())`, [
      id,
      reporter,
    ]);
    await db.query(
      `INSERT INTO audit_entry (actor_user_id, action, entity_type, entity_id, party_id, changes) VALUES ('u', 'deviation.updated', 'deviation', $1, $2, '{}')`,
      [id, reporter],
    );
    for (const party of [reporter, responsible]) {
      const [event] = await db.query(
        `INSERT INTO notification_event (type, party_id, subject_kind, subject_id, subject_key, subject_title)
         VALUES ('status_ändrad', $1, 'deviation', $2, 'AVV-2026-00001', 'Rubrik') RETURNING id`,
        [party, id],
      );
      await db.query(
        `INSERT INTO notification_delivery (event_id, party_id, channel, recipient) VALUES ($1, $2, 'email', 'a@example.se')`,
        [event.id, party],
      );
    }
  }

  async function countsAs(partyId: string): Promise<Counts> {
    return scoped.transaction({ partyId, skr: false }, async (m) => {
      const counts = {} as Counts;
      for (const [table, sql] of Object.entries(CHILD_COUNTS)) counts[table as keyof Counts] = (await m.query(sql, [deviationId]))[0].n;
      return counts;
    });
  }

  describe('row-level security, with no filter of our own', () => {
    it('should show the responsible party the deviation and all that hangs off it, and the stranger nothing', async () => {
      // Its own feed entry and delivery only; the internal note never.
      const mine = { deviation: 1, deviation_comment: 1, deviation_attachment: 1, jira_link: 1, sla_alert: 1, audit_entry: 1 };
      expect(await countsAs(responsible)).toEqual({ ...mine, notification_event: 1, notification_delivery: 1 });
      expect(await countsAs(reporter)).toEqual({ ...mine, notification_event: 1, notification_delivery: 1 });
      expect(await countsAs(stranger)).toEqual(zeroes());
    });

    it('should take everything, its feed entries included, from the old responsible party in the reassigning commit', async () => {
      await scoped.transaction({ partyId: null, skr: true }, (m) =>
        m.query('UPDATE deviation SET responsible_party_id = $1 WHERE id = $2', [stranger, deviationId]),
      );
      expect(await countsAs(responsible)).toEqual(zeroes());
      expect(await countsAs(stranger)).toMatchObject({ deviation: 1, deviation_comment: 1, audit_entry: 1, notification_event: 0 });
      expect((await countsAs(reporter)).deviation).toBe(1);
    });

    it('should give the clock one set of facts for both parties and SKR, and none to a stranger or a party that left', async () => {
      const { id } = await aSolvedDeviationReportedBack(reporter, responsible);
      const factsAs = (partyId: string | null) =>
        scoped.transaction({ partyId, skr: partyId === null }, async (m) => ({
          changes: (await m.query(`SELECT occurred_at, status FROM app_deviation_status_changes($1::uuid[]) ORDER BY seq`, [
            [id],
          ])) as object[],
          reports: (await m.query(`SELECT raised_at, deliveries, first_sent FROM app_deviation_solved_reports($1::uuid[])`, [
            [id],
          ])) as object[],
        }));
      const skrs = await factsAs(null);
      expect(skrs.changes.map((c) => (c as { status: string }).status)).toEqual(['inskickad', 'under_utredning', 'löst']);
      // Only the notice to the reporter, and only instants and a count: no recipient, no row of the other side.
      expect(skrs.reports).toEqual([
        { raised_at: new Date('2026-11-02T09:00:00Z'), deliveries: 1, first_sent: new Date('2026-11-02T11:00:00Z') },
      ]);
      expect(await factsAs(reporter)).toEqual(skrs);
      expect(await factsAs(responsible)).toEqual(skrs);
      expect(await factsAs(stranger)).toEqual({ changes: [], reports: [] });

      await scoped.transaction({ partyId: null, skr: true }, (m) =>
        m.query('UPDATE deviation SET responsible_party_id = $1 WHERE id = $2', [stranger, id]),
      );
      expect(await factsAs(responsible)).toEqual({ changes: [], reports: [] });
      expect(await factsAs(stranger)).toEqual(skrs);
    });

    it('should refuse a party that tries to move a deviation to itself or away from the other party', async () => {
      for (const [partyId, sql, value] of [
        [reporter, 'UPDATE deviation SET responsible_party_id = $1 WHERE id = $2', stranger],
        [responsible, 'UPDATE deviation SET responsible_party_id = $1 WHERE id = $2', stranger],
        [responsible, 'UPDATE deviation SET party_id = $1 WHERE id = $2', responsible],
        [stranger, 'UPDATE deviation SET responsible_party_id = $1 WHERE id = $2', stranger],
      ]) {
        const outcome = scoped.transaction({ partyId, skr: false }, (m) => m.query(sql, [value, deviationId]));
        if (partyId === stranger) expect((await outcome)[1]).toBe(0);
        else await expect(outcome).rejects.toThrow(/row-level security/);
      }
      const [row] = await (await ownerDb()).query('SELECT party_id, responsible_party_id FROM deviation WHERE id = $1', [deviationId]);
      expect(row).toEqual({ party_id: reporter, responsible_party_id: responsible });
    });
  });

  describe('the explicit filter, with row-level security relaxed', () => {
    const actor = (partyId: string) => ({ userId: 'u', partyId, roles: [Role.Reader] });
    let queries: DeviationQueriesService;
    let audit: AuditService;
    let notifications: NotificationsService;

    beforeAll(() => {
      audit = new AuditService(relaxed);
      queries = new DeviationQueriesService(relaxed, audit);
      notifications = new NotificationsService(relaxed, new OutboxService(), audit);
    });

    it('should run on a connection that really sees every party', async () => {
      const all = await relaxed.transaction({ partyId: stranger, skr: false }, (m) => m.query('SELECT count(*)::int AS n FROM deviation'));
      expect(all).toEqual([{ n: 2 }]);
    });

    it('should find, list and trail the deviation for its reporter and responsible party only', async () => {
      const list = async (partyId: string, relation?: 'rapporterad' | 'ansvarig') =>
        (await queries.list(actor(partyId), Object.assign(new ListDeviationsQueryDto(), { relation }))).items.map((d) => d.id);
      expect((await queries.get(actor(responsible), deviationId)).id).toBe(deviationId);
      await expect(queries.get(actor(stranger), deviationId)).rejects.toThrow(DeviationNotFoundError);
      expect(await list(responsible)).toEqual([deviationId]);
      expect(await list(responsible, 'ansvarig')).toEqual([deviationId]);
      expect(await list(responsible, 'rapporterad')).toEqual([]);
      expect(await list(reporter, 'rapporterad')).toEqual([deviationId]);
      expect(await list(reporter, 'ansvarig')).toEqual([]);
      expect(await list(stranger)).not.toContain(deviationId);

      const trail = async (partyId: string) => (await audit.list(actor(partyId), new ListAuditQueryDto())).map((e) => e.entityId);
      expect(await trail(responsible)).toEqual([deviationId]);
      expect(await trail(stranger)).toEqual([]);
    });

    it('should drop the old responsible party and its feed entries on reassignment', async () => {
      const feed = async (partyId: string) =>
        (await notifications.list(actor(partyId), new ListNotificationsQueryDto())).items.map((e) => e.subjectId);
      expect(await feed(responsible)).toEqual([deviationId]);
      await (await ownerDb()).query('UPDATE deviation SET responsible_party_id = $1 WHERE id = $2', [stranger, deviationId]);

      await expect(queries.get(actor(responsible), deviationId)).rejects.toThrow(DeviationNotFoundError);
      expect(await feed(responsible)).toEqual([]);
      expect((await audit.list(actor(responsible), new ListAuditQueryDto())).length).toBe(0);
      expect((await queries.get(actor(stranger), deviationId)).id).toBe(deviationId);
    });
  });
});

function zeroes(): Counts {
  return Object.fromEntries(Object.keys(CHILD_COUNTS).map((k) => [k, 0])) as Counts;
}
