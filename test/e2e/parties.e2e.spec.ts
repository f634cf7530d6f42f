import { Role } from '../../src/actor/role';
import { AppUser } from '../../src/parties/app-user.entity';
import { Party } from '../../src/parties/party.entity';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { Invitation } from '../../src/parties/invitation.entity';
import { mailedSecret } from '../support/invitations';
import { aParty, aUser, anOrganisationNumber } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { expectAbsentForOtherParty, expectNotFoundForOtherParty } from '../support/isolation';

const count = async (entity: typeof Party | typeof AppUser | typeof AuditEntry) => (await ownerDb()).getRepository(entity).count();

describe('parties admin API (e2e)', () => {
  let t: TestApp;
  let skrAdmin: string;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await truncateAll();
    skrAdmin = await t.skrToken(Role.SkrAdmin, 'skr-admin-1');
  });
  afterAll(() => t.close());

  it('should create a party, normalise its organisation number and audit it', async () => {
    const response = await t.http
      .post('/api/v1/parties')
      .set('Authorization', `Bearer ${skrAdmin}`)
      .set('x-request-id', 'req-create-party')
      .send({ kind: 'uppgiftslämnare', name: '  Försäkringskassan ', organisationNumber: '202100-5489' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      kind: 'uppgiftslämnare',
      name: 'Försäkringskassan',
      organisationNumber: '2021005489',
      active: true,
    });
    const row = await (await ownerDb()).getRepository(Party).findOneByOrFail({ id: response.body.id });
    expect(row).toMatchObject({ name: 'Försäkringskassan', organisationNumber: '2021005489' });
    const [audit] = await (await ownerDb()).getRepository(AuditEntry).find();
    expect(audit).toMatchObject({
      action: 'party.created',
      entityId: row.id,
      actorUserId: 'skr-admin-1',
      requestId: 'req-create-party',
      changes: { name: { from: null, to: 'Försäkringskassan' } },
    });
  });

  it('should reject hostile input with pointers and write nothing', async () => {
    const before = [await count(Party), await count(AuditEntry)];
    const cases: [object, string[]][] = [
      [{}, ['/kind', '/name', '/organisationNumber']],
      [{ kind: 'myndighet', name: 'X', organisationNumber: '202100-5489' }, ['/kind']],
      [{ kind: 'kommun', name: 'X', organisationNumber: '202100-5488' }, ['/organisationNumber']],
      [{ kind: 'kommun', name: '', organisationNumber: '202100-5489' }, ['/name']],
      [{ kind: 'kommun', name: 'x'.repeat(201), organisationNumber: '202100-5489' }, ['/name']],
      [{ kind: 'kommun', name: 42, organisationNumber: 2021005489 }, ['/name', '/organisationNumber']],
      [{ kind: 'kommun', name: 'X', organisationNumber: '202100-5489', admin: true }, ['/admin']],
      [{ kind: 'kommun', name: "'; DROP TABLE party; --", organisationNumber: "' OR 1=1 --" }, ['/organisationNumber']],
    ];
    for (const [body, pointers] of cases) {
      const response = await t.http.post('/api/v1/parties').set('Authorization', `Bearer ${skrAdmin}`).send(body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(pointers));
    }
    for (const raw of ['[]', '"text"', 'null', '{"kind":']) {
      const response = await t.http
        .post('/api/v1/parties')
        .set('Authorization', `Bearer ${skrAdmin}`)
        .set('Content-Type', 'application/json')
        .send(raw);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect([await count(Party), await count(AuditEntry)]).toEqual(before);
  });

  it('should refuse a second party with the same organisation number as 409 with a pointer', async () => {
    const existing = await aParty();
    const response = await t.http
      .post('/api/v1/parties')
      .set('Authorization', `Bearer ${skrAdmin}`)
      .send({ kind: 'kommun', name: 'Dubblett', organisationNumber: existing.organisationNumber });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'ORGANISATION_NUMBER_TAKEN', errors: [{ pointer: '/organisationNumber' }] });
    expect(await count(Party)).toBe(1);
  });

  it('should update and deactivate a party, and the deactivated party can no longer sign in', async () => {
    const party = await aParty();
    const reporter = await t.partyToken(party.id);
    const patched = await t.http
      .patch(`/api/v1/parties/${party.id}`)
      .set('Authorization', `Bearer ${skrAdmin}`)
      .send({ name: 'Nytt namn' });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe('Nytt namn');
    const removed = await t.http.delete(`/api/v1/parties/${party.id}`).set('Authorization', `Bearer ${skrAdmin}`);
    expect(removed.status).toBe(200);
    expect((await (await ownerDb()).getRepository(Party).findOneByOrFail({ id: party.id })).active).toBe(false);
    const refused = await t.http.get('/api/v1/parties').set('Authorization', `Bearer ${reporter}`);
    expect(refused.status).toBe(401);
    const actions = (await (await ownerDb()).getRepository(AuditEntry).find({ order: { id: 'ASC' } })).map((a) => a.action);
    expect(actions).toEqual(['party.updated', 'party.updated']);
  });

  it("should let an SKR admin register the party's e-mail domains, normalised, and nobody else", async () => {
    const party = await aParty();
    const patched = await t.http
      .patch(`/api/v1/parties/${party.id}`)
      .set('Authorization', `Bearer ${skrAdmin}`)
      .send({ emailDomains: [' @Goteborg.SE', 'goteborg.se', 'sbk.goteborg.se.'] });
    expect(patched.status).toBe(200);
    expect(patched.body.emailDomains).toEqual(['goteborg.se', 'sbk.goteborg.se']);
    const row = await (await ownerDb()).getRepository(Party).findOneByOrFail({ id: party.id });
    expect(row.emailDomains).toEqual(['goteborg.se', 'sbk.goteborg.se']);
    const [audit] = await (await ownerDb()).getRepository(AuditEntry).find();
    expect(audit).toMatchObject({
      action: 'party.updated',
      changes: { emailDomains: { from: [], to: ['goteborg.se', 'sbk.goteborg.se'] } },
    });

    for (const emailDomains of [['se'], ['kim@goteborg.se'], 'goteborg.se', [42], Array.from({ length: 51 }, (_, i) => `d${i}.se`)]) {
      const refused = await t.http.patch(`/api/v1/parties/${party.id}`).set('Authorization', `Bearer ${skrAdmin}`).send({ emailDomains });
      expect(refused.status).toBe(400);
      expect(refused.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/emailDomains');
    }
    const admin = await t.partyToken(party.id, Role.Admin);
    const forbidden = await t.http
      .patch(`/api/v1/parties/${party.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ emailDomains: ['evil.se'] });
    expect(forbidden.status).toBe(403);
    expect((await (await ownerDb()).getRepository(Party).findOneByOrFail({ id: party.id })).emailDomains).toEqual([
      'goteborg.se',
      'sbk.goteborg.se',
    ]);
  });

  it('should keep party admin operations to SKR admins', async () => {
    const party = await aParty();
    for (const token of [await t.partyToken(party.id, Role.Admin), await t.skrToken(Role.Skr)]) {
      const response = await t.http
        .post('/api/v1/parties')
        .set('Authorization', `Bearer ${token}`)
        .send({ kind: 'kommun', name: 'X', organisationNumber: anOrganisationNumber() });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('ROLE_REQUIRED');
    }
    expect(await count(Party)).toBe(1);
  });

  it('should let a party admin invite, change and deactivate its own users but never grant an SKR role', async () => {
    const party = await aParty();
    const admin = await t.partyToken(party.id, Role.Admin);
    const invited = await t.http
      .post(`/api/v1/parties/${party.id}/invitations`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ email: 'kalle@kommun.se', name: 'Kalle', role: 'reporter', language: 'en' });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ partyId: party.id, email: 'kalle@kommun.se', role: 'reporter', status: 'öppen' });
    expect(invited.body).not.toHaveProperty('secret');
    expect(await count(AppUser)).toBe(0); // nobody is bound until the person accepts
    const createSkr = await t.http
      .post(`/api/v1/parties/${party.id}/invitations`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ email: 'evil@kommun.se', name: 'Evil', role: 'skr' });
    expect(createSkr.status).toBe(422);
    expect(createSkr.body).toMatchObject({ code: 'ROLE_NOT_ASSIGNABLE', errors: [{ pointer: '/role' }] });
    expect(await (await ownerDb()).getRepository(Invitation).count()).toBe(1);

    const kalle = await t.partyToken(party.id, Role.Reporter, 'kalle-sub');
    const accepted = await t.http
      .post('/api/v1/invitations/accept')
      .set('Authorization', `Bearer ${kalle}`)
      .send({ secret: await mailedSecret(t, invited.body.id) });
    expect(accepted.status).toBe(200);
    expect(await (await ownerDb()).getRepository(AppUser).findOneByOrFail({ subject: 'kalle-sub' })).toMatchObject({
      partyId: party.id,
      role: 'reporter',
      language: 'en',
      email: 'kalle@kommun.se',
    });
    const escalate = await t.http
      .patch(`/api/v1/parties/${party.id}/users/${accepted.body.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ role: 'skr-admin' });
    expect(escalate.status).toBe(422);
    expect(escalate.body).toMatchObject({ code: 'ROLE_NOT_ASSIGNABLE', errors: [{ pointer: '/role' }] });
    const promoted = await t.http
      .patch(`/api/v1/parties/${party.id}/users/${accepted.body.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ role: 'reader', language: 'sv' });
    expect(promoted.body).toMatchObject({ role: 'reader', language: 'sv' });
    const listed = await t.http.get(`/api/v1/parties/${party.id}/users`).set('Authorization', `Bearer ${admin}`);
    expect(listed.body.map((u: { subject: string }) => u.subject)).toEqual(['kalle-sub']);
    const deactivated = await t.http
      .delete(`/api/v1/parties/${party.id}/users/${accepted.body.id}`)
      .set('Authorization', `Bearer ${admin}`);
    expect(deactivated.status).toBe(200);
    expect(await (await ownerDb()).getRepository(AppUser).findOneByOrFail({ subject: 'kalle-sub' })).toMatchObject({
      role: 'reader',
      active: false,
    });
    const refused = await t.http.get('/api/v1/deviations').set('Authorization', `Bearer ${kalle}`);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('USER_INACTIVE');
  });

  it('should answer another party 404 on every party endpoint and hide it in lists', async () => {
    const own = await aParty();
    const user = await aUser({ partyId: own.id });
    const foreign = await aParty();
    const foreignAdmin = await t.partyToken(foreign.id, Role.Admin);
    await expectNotFoundForOtherParty(t, foreignAdmin, { method: 'get', path: `/api/v1/parties/${own.id}` });
    await expectNotFoundForOtherParty(t, foreignAdmin, { method: 'get', path: `/api/v1/parties/${own.id}/users` });
    await expectNotFoundForOtherParty(t, foreignAdmin, {
      method: 'post',
      path: `/api/v1/parties/${own.id}/invitations`,
      body: { email: 'intruder@example.se', name: 'Intruder', role: 'reporter' },
    });
    await expectNotFoundForOtherParty(t, foreignAdmin, { method: 'get', path: `/api/v1/parties/${own.id}/invitations` });
    await expectNotFoundForOtherParty(t, foreignAdmin, { method: 'delete', path: `/api/v1/parties/${own.id}/users/${user.id}` });
    await expectNotFoundForOtherParty(t, foreignAdmin, {
      method: 'patch',
      path: `/api/v1/parties/${own.id}/users/${user.id}`,
      body: { active: false },
    });
    await expectAbsentForOtherParty(t, foreignAdmin, '/api/v1/parties', [own.id, own.name]);
    await expectAbsentForOtherParty(t, foreignAdmin, '/api/v1/audit', [own.id]);
    expect(await count(AppUser)).toBe(1);
    expect(await (await ownerDb()).getRepository(Invitation).count()).toBe(0);
    expect((await (await ownerDb()).getRepository(AppUser).findOneByOrFail({ id: user.id })).active).toBe(true);
  });

  it('should answer a bad UUID in the path with 400 naming the parameter', async () => {
    const response = await t.http.get('/api/v1/parties/not-a-uuid').set('Authorization', `Bearer ${skrAdmin}`);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ parameter: 'id', detail: 'Must be a UUID.', code: 'isUuid' }]);
  });
});
