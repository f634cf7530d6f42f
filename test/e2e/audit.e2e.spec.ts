import { Role } from '../../src/auth/role';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
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
      { actorUserId: 'u1', actorPartyId: own.id, action: 'deviation.updated', entityType: 'deviation', entityId: 'd1', partyId: own.id, changes: { rubrik: { from: 'a', to: 'b' }, internalNote: { from: null, to: 'hemligt' } } },
      { actorUserId: 'skr', actorPartyId: null, action: 'comment.internal', entityType: 'deviation', entityId: 'd1', partyId: own.id, internal: true },
      { actorUserId: 'u2', actorPartyId: other.id, action: 'deviation.updated', entityType: 'deviation', entityId: 'd2', partyId: other.id },
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

  it('should show a party only its own entries without internal ones or SKR-only fields', async () => {
    const { own } = await seedEntries();
    const response = await t.http.get('/api/v1/audit').set('Authorization', `Bearer ${await t.partyToken(own.id, Role.Reader)}`);
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(1);
    expect(response.body[0].changes).toEqual({ rubrik: { from: 'a', to: 'b' } });
    expect(response.text).not.toContain('hemligt');
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
    // The application role has no UPDATE or DELETE privilege at all.
    await expect(db.transaction(async (m) => {
      await m.query('SET LOCAL ROLE avvikelse_app');
      await m.query(`SELECT set_config('app.skr', 'on', true)`);
      await m.query(`DELETE FROM audit_entry`);
    })).rejects.toThrow(/permission denied|append-only/);
    expect(await db.getRepository(AuditEntry).count()).toBe(3);
  });
});
