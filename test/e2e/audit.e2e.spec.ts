import { Role } from '../../src/actor/role';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';

describe('audit trail (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(() => truncateAll());
  afterAll(() => t.close());

  async function seedEntries() {
    const own = await aParty();
    const other = await aParty();
    const db = await ownerDb();
    const entries: Partial<AuditEntry>[] = [
      {
        actorUserId: 'u1',
        actorPartyId: own.id,
        action: 'deviation.updated',
        entityType: 'deviation',
        entityId: 'd1',
        partyId: own.id,
        changes: { rubrik: { from: 'a', to: 'b' }, internalNote: { from: null, to: 'hemligt' } },
      },
      {
        actorUserId: 'skr',
        actorPartyId: null,
        action: 'comment.internal',
        entityType: 'deviation',
        entityId: 'd1',
        partyId: own.id,
        internal: true,
      },
      {
        actorUserId: 'u2',
        actorPartyId: other.id,
        action: 'deviation.updated',
        entityType: 'deviation',
        entityId: 'd2',
        partyId: other.id,
      },
    ];
    await db.getRepository(AuditEntry).save(entries);
    return { own, other };
  }

  it('should let SKR read all entries with filters', async () => {
    const { other } = await seedEntries();
    const skr = await t.skrToken();
    const all = await t.http.get('/api/v1/audit').set('Authorization', `Bearer ${skr}`);
    expect(all.body).toHaveLength(3);
    const filtered = await t.http.get(`/api/v1/audit?partyId=${other.id}&action=deviation.updated`).set('Authorization', `Bearer ${skr}`);
    expect(filtered.body.map((e: { entityId: string }) => e.entityId)).toEqual(['d2']);
  });

  it('should show SKR nothing of a deviation never submitted, withdrawn or not, while the party sees all of its own', async () => {
    const party = await aParty();
    const reporter = { Authorization: `Bearer ${await t.partyToken(party.id, Role.Reporter)}` };
    const skr = { Authorization: `Bearer ${await t.skrToken()}` };
    const create = async (rubrik: string) =>
      (await t.http.post('/api/v1/deviations').set(reporter).send(aDeviationBody({ rubrik })).expect(201)).body.id as string;
    const draft = await create('Utkast');
    const withdrawn = await create('Återkallat utkast');
    await t.http.post(`/api/v1/deviations/${withdrawn}/withdraw`).set(reporter).send({ motivering: 'Fel part' }).expect(200);
    const submitted = await create('Inskickad');
    await t.http.post(`/api/v1/deviations/${submitted}/submit`).set(reporter).expect(200);

    const skrAudit = await t.http.get('/api/v1/audit').set(skr);
    expect(skrAudit.status).toBe(200);
    expect(new Set(skrAudit.body.map((e: { entityId: string }) => e.entityId))).toEqual(new Set([submitted]));
    const skrList = await t.http.get('/api/v1/deviations').set(skr);
    expect(skrList.body.items.map((d: { id: string }) => d.id)).toEqual([submitted]);
    for (const id of [draft, withdrawn]) {
      expect((await t.http.get(`/api/v1/deviations/${id}`).set(skr)).status).toBe(404);
      expect((await t.http.get(`/api/v1/deviations/${id}/history`).set(skr)).status).toBe(404);
    }
    const partyAudit = await t.http.get('/api/v1/audit').set(reporter);
    expect(new Set(partyAudit.body.map((e: { entityId: string }) => e.entityId))).toEqual(new Set([draft, withdrawn, submitted]));
    const [row] = await (await ownerDb()).query(`SELECT status, submitted_at FROM deviation WHERE id = $1`, [withdrawn]);
    expect(row).toEqual({ status: 'återkallad', submitted_at: null });
  });

  it('should show a party only its own entries without internal ones or SKR-only fields', async () => {
    const { own } = await seedEntries();
    const response = await t.http.get('/api/v1/audit').set('Authorization', `Bearer ${await t.partyToken(own.id, Role.Reader)}`);
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(1);
    expect(response.body[0].changes).toEqual({ rubrik: { from: 'a', to: 'b' } });
    expect(response.text).not.toContain('hemligt');
  });

  it('should show entries by random ids, never the global sequence, and page by them for the party and SKR alike', async () => {
    const own = await aParty();
    const other = await aParty();
    const reporters = {
      own: { Authorization: `Bearer ${await t.partyToken(own.id, Role.Reporter)}` },
      other: { Authorization: `Bearer ${await t.partyToken(other.id, Role.Reporter)}` },
    };
    // Interleaved, so the party's own entries sit far apart in the global sequence.
    for (let i = 0; i < 3; i++) {
      for (const auth of [reporters.own, reporters.other, reporters.other])
        await t.http
          .post('/api/v1/deviations')
          .set(auth)
          .send(aDeviationBody({ rubrik: `Avvikelse ${i}` }))
          .expect(201);
    }
    const sequence = ((await (await ownerDb()).query(`SELECT id::text FROM audit_entry`)) as { id: string }[]).map((row) => row.id);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

    const all = await t.http.get('/api/v1/audit').set(reporters.own);
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(3);
    for (const entry of all.body) {
      expect(entry.id).toMatch(uuid);
      expect(sequence).not.toContain(entry.id);
    }
    const paged: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 4; page++) {
      const response = await t.http.get(`/api/v1/audit?limit=1${before ? `&before=${before}` : ''}`).set(reporters.own);
      expect(response.status).toBe(200);
      if (response.body.length === 0) break;
      before = response.body[0].id;
      paged.push(before!);
    }
    expect(paged).toEqual(all.body.map((entry: { id: string }) => entry.id));
    // Another party's entry as a cursor matches nothing the party may see: an empty page, no hint.
    const foreign = (await t.http.get('/api/v1/audit').set(reporters.other)).body[0].id as string;
    expect((await t.http.get(`/api/v1/audit?before=${foreign}`).set(reporters.own)).body).toEqual([]);
    const deviationId = all.body[0].entityId as string;
    const history = await t.http.get(`/api/v1/deviations/${deviationId}/history`).set(reporters.own);
    expect(history.body.map((entry: { id: string }) => entry.id)).toEqual([all.body[0].id]);

    const skr = { Authorization: `Bearer ${await t.skrToken()}` };
    await t.http.get('/api/v1/audit?before=42').set(skr).expect(400);
  });

  it('should reject a bad filter with a parameter pointer', async () => {
    const response = await t.http.get('/api/v1/audit?limit=100000&partyId=x').set('Authorization', `Bearer ${await t.skrToken()}`);
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { parameter: string }) => e.parameter)).toEqual(expect.arrayContaining(['limit', 'partyId']));
  });

  it('should make the audit table append-only in the database itself', async () => {
    await seedEntries();
    const db = await ownerDb();
    // Even the superuser that owns the table cannot rewrite history: the trigger refuses.
    await expect(db.query(`UPDATE audit_entry SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_entry`)).rejects.toThrow(/append-only/);
    // The application role may not rewrite who did what, and deletes and rewrites nothing outside the retention
    // cleanup's and the erasure's own switches (migrations ClosedDeviationRetention, PersonalDataErasure): the row
    // policies show it no row to change, and the trigger would refuse one.
    const asApp = (sql: string) =>
      db.transaction(async (m) => {
        await m.query('SET LOCAL ROLE avvikelse_app');
        await m.query(`SELECT set_config('app.skr', 'on', true)`);
        return m.query(sql);
      });
    await expect(asApp(`UPDATE audit_entry SET action = 'forged'`)).rejects.toThrow(/permission denied/);
    await asApp(`DELETE FROM audit_entry`);
    await asApp(`UPDATE audit_entry SET changes = '{"forged": true}'`);
    expect(await db.getRepository(AuditEntry).count()).toBe(3);
    expect(await db.getRepository(AuditEntry).count({ where: { action: 'forged' } })).toBe(0);
    expect((await db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE changes ? 'forged'`))[0].n).toBe(0);
  });
});
