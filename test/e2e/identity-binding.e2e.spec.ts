import { decodeJwt } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import { Role } from '../../src/actor/role';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { AppConfig } from '../../src/config/app-config';
import { AppUser } from '../../src/parties/app-user.entity';
import { Invitation } from '../../src/parties/invitation.entity';
import { Person } from '../../src/parties/person.entity';
import { aParty, aUser } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { MutableClock } from '../support/clock';
import { ownerDb, truncateAll } from '../support/database';
import { mailedSecret } from '../support/invitations';

const DAY_MS = 24 * 3600 * 1000;

/** Issue 17, "subject squatting": people are bound to parties only by accepting an invitation with their own token. */
describe('identity binding (e2e)', () => {
  let t: TestApp;
  const clock = new MutableClock();

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  beforeEach(async () => {
    clock.at = new Date();
    await truncateAll();
  });
  afterAll(() => t.close());

  const db = () => ownerDb();
  const memberships = async () => (await db()).getRepository(AppUser).find({ order: { subject: 'ASC', partyId: 'ASC' } });
  /** A token as the identity provider would issue it, with an e-mail claim when given. */
  const tokenOf = (subject: string, partyId: string | null, roles: Role[], email?: string) => {
    const config = t.app.get(AppConfig);
    return t.app
      .get(TokenVerifier)
      .devIssuer!.mint({ subject, partyId, roles, email }, config.OIDC_AUDIENCE, config.OIDC_PARTY_CLAIM, config.OIDC_ROLES_CLAIM);
  };
  const invite = async (partyId: string, body: object) => {
    const response = await t.http
      .post(`/api/v1/parties/${partyId}/invitations`)
      .set('Authorization', `Bearer ${await t.partyToken(partyId, Role.Admin)}`)
      .send(body);
    expect(response.status).toBe(201);
    return response.body as { id: string };
  };
  const accept = async (token: string, secret: string) =>
    t.http.post('/api/v1/invitations/accept').set('Authorization', `Bearer ${token}`).send({ secret });
  /** What a refusal says, without what differs per request (trace id, instance). */
  const refusal = (body: Record<string, unknown>) => ({ status: body.status, code: body.code, title: body.title, detail: body.detail });

  it('should not let a party admin bind SKR’s or another party’s subject, and answer the same for existing and unknown subjects', async () => {
    const a = await aParty();
    const b = await aParty();
    const skrAnna = await aUser({ partyId: null, subject: 'skr-anna', role: Role.SkrAdmin });
    const bBertil = await aUser({ partyId: b.id, subject: 'b-bertil', role: Role.Admin });
    const before = await memberships();
    const adminOfA = await t.partyToken(a.id, Role.Admin);

    const answers = [];
    for (const subject of ['skr-anna', 'b-bertil', 'never-seen-subject']) {
      const squat = await t.http
        .post(`/api/v1/parties/${a.id}/users`)
        .set('Authorization', `Bearer ${adminOfA}`)
        .send({ subject, name: 'Stulen', role: 'admin' });
      const viaInvitation = await t.http
        .post(`/api/v1/parties/${a.id}/invitations`)
        .set('Authorization', `Bearer ${adminOfA}`)
        .send({ subject, email: 'x@a.se', name: 'Stulen', role: 'admin' });
      answers.push([squat.status, squat.body.code, viaInvitation.status, viaInvitation.body.code, viaInvitation.body.errors]);
    }
    expect(answers[0][0]).toBe(404);
    expect(answers[0][2]).toBe(400);
    expect(answers[0][4]).toEqual([expect.objectContaining({ pointer: '/subject' })]);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);

    expect(await memberships()).toEqual(before);
    expect(await (await db()).getRepository(Person).count()).toBe(2);
    expect(await (await db()).getRepository(Invitation).count()).toBe(0);
    // The victims still act where they belong; B's admin is told nothing about who exists when inviting.
    const skr = await t.http.get('/api/v1/parties').set('Authorization', `Bearer ${await t.skrToken(Role.SkrAdmin, skrAnna.subject)}`);
    expect(skr.status).toBe(200);
    const bertil = await t.http
      .post(`/api/v1/parties/${b.id}/invitations`)
      .set('Authorization', `Bearer ${await t.partyToken(b.id, Role.Admin, bBertil.subject)}`)
      .send({ email: 'anna@skr.se', name: 'Anna', role: 'reader' });
    expect(bertil.status).toBe(201);
    // Nor can A's admin act as SKR's person: the token would have to be hers.
    const asAnnaForA = await t.http
      .get('/api/v1/parties')
      .set('Authorization', `Bearer ${await t.partyToken(a.id, Role.Admin, 'skr-anna')}`);
    expect(asAnnaForA.status).toBe(401);
    expect(asAnnaForA.body.code).toBe('MEMBERSHIP_MISSING');
  });

  it('should bind the invited person at their own login and store only the secret’s hash', async () => {
    const party = await aParty();
    const invitation = await invite(party.id, { email: 'Eva.Ek@Kommun.se', name: 'Eva Ek', role: 'reporter' });
    const outbox = (await (await db()).query(`SELECT job_name, payload FROM outbox_event`)) as { job_name: string; payload: unknown }[];
    expect(outbox).toEqual([{ job_name: 'invite', payload: { invitationId: invitation.id } }]);
    const secret = await mailedSecret(t, invitation.id);

    const eva = await tokenOf('eva-sub', party.id, [Role.Admin], 'eva.ek@kommun.se');
    const accepted = await accept(eva, secret);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      partyId: party.id,
      subject: 'eva-sub',
      role: 'reporter',
      email: 'Eva.Ek@Kommun.se',
      active: true,
    });

    const person = await (await db()).getRepository(Person).findOneByOrFail({ subject: 'eva-sub' });
    expect(person.issuer).toBe(decodeJwt(eva).iss);
    expect(await memberships()).toEqual([expect.objectContaining({ personId: person.id, partyId: party.id, role: Role.Reporter })]);
    const [row] = (await (await db()).query(`SELECT i.*, to_jsonb(i)::text AS everything FROM invitation i`)) as Record<string, unknown>[];
    expect(row).toMatchObject({ secret_hash: createHash('sha256').update(secret).digest('hex'), membership_id: accepted.body.id });
    expect(row.accepted_at).toBeInstanceOf(Date);
    expect(row.everything).not.toContain(secret);

    // The membership's role decides, not the token's claim of admin.
    const asEva = await t.http.get(`/api/v1/parties/${party.id}`).set('Authorization', `Bearer ${eva}`);
    expect(asEva.status).toBe(200);
    const inviteAsEva = await t.http
      .post(`/api/v1/parties/${party.id}/invitations`)
      .set('Authorization', `Bearer ${eva}`)
      .send({ email: 'x@kommun.se', name: 'X', role: 'reader' });
    expect(inviteAsEva.status).toBe(403);
  });

  it('should refuse a reused, expired, revoked, unknown or other person’s invitation with one uniform answer', async () => {
    const party = await aParty();
    const used = await invite(party.id, { email: 'used@kommun.se', name: 'Used', role: 'reader' });
    const usedSecret = await mailedSecret(t, used.id);
    expect((await accept(await tokenOf('first', party.id, [Role.Reader]), usedSecret)).status).toBe(200);
    const expired = await invite(party.id, { email: 'late@kommun.se', name: 'Late', role: 'reader' });
    const expiredSecret = await mailedSecret(t, expired.id);
    const revoked = await invite(party.id, { email: 'gone@kommun.se', name: 'Gone', role: 'reader' });
    const revokedSecret = await mailedSecret(t, revoked.id);
    const revoke = await t.http
      .delete(`/api/v1/parties/${party.id}/invitations/${revoked.id}`)
      .set('Authorization', `Bearer ${await t.partyToken(party.id, Role.Admin)}`);
    expect(revoke.status).toBe(204);
    const forOther = await invite(party.id, { email: 'right@kommun.se', name: 'Right', role: 'reader' });
    const forOtherSecret = await mailedSecret(t, forOther.id);
    const beforeMemberships = await memberships();

    clock.at = new Date(clock.at.getTime() + 3 * DAY_MS);
    const expiredLater = new Date(clock.at.getTime() + 5 * DAY_MS);
    const attempts = [
      await accept(await tokenOf('second', party.id, [Role.Reader]), usedSecret),
      await accept(await tokenOf('wrong', party.id, [Role.Reader], 'wrong@kommun.se'), forOtherSecret),
      await accept(await tokenOf('someone', party.id, [Role.Reader]), revokedSecret),
      await accept(await tokenOf('someone', party.id, [Role.Reader]), randomBytes(32).toString('base64url')),
    ];
    clock.at = expiredLater;
    attempts.push(await accept(await tokenOf('late', party.id, [Role.Reader]), expiredSecret));

    for (const attempt of attempts) {
      expect(attempt.status).toBe(404);
      expect(attempt.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refusal(attempt.body)).toEqual(refusal(attempts[0].body));
    }
    expect(attempts[0].body.code).toBe('INVITATION_INVALID');
    expect(await memberships()).toEqual(beforeMemberships);
    expect(await (await db()).getRepository(Person).count()).toBe(1);
    const open = await (await db()).getRepository(Invitation).findBy({ id: forOther.id });
    expect(open[0]).toMatchObject({ acceptedAt: null, membershipId: null });
  });

  it('should let a person in two parties act for each with the token naming it, and for no other', async () => {
    const a = await aParty();
    const b = await aParty();
    const c = await aParty();
    const inA = await invite(a.id, { email: 'konsult@bolag.se', name: 'Konsult', role: 'reporter' });
    const inB = await invite(b.id, { email: 'konsult@bolag.se', name: 'Konsult', role: 'admin', language: 'en' });
    expect((await accept(await tokenOf('konsult', a.id, []), await mailedSecret(t, inA.id))).status).toBe(200);
    expect((await accept(await tokenOf('konsult', null, []), await mailedSecret(t, inB.id))).status).toBe(200);

    expect(await (await db()).getRepository(Person).count()).toBe(1);
    expect((await memberships()).map((m) => [m.partyId, m.role, m.language]).sort()).toEqual(
      [
        [a.id, Role.Reporter, 'sv'],
        [b.id, Role.Admin, 'en'],
      ].sort(),
    );
    const forA = await tokenOf('konsult', a.id, [Role.Admin]);
    const forB = await tokenOf('konsult', b.id, [Role.Reader]);
    const inviteIn = (party: string, token: string) =>
      t.http
        .post(`/api/v1/parties/${party}/invitations`)
        .set('Authorization', `Bearer ${token}`)
        .send({ email: 'ny@bolag.se', name: 'Ny', role: 'reader' });
    expect((await inviteIn(a.id, forA)).status).toBe(403); // a reporter in A, whatever the token claims
    expect((await inviteIn(b.id, forB)).status).toBe(201); // an admin in B
    expect((await t.http.get(`/api/v1/parties/${b.id}`).set('Authorization', `Bearer ${forA}`)).status).toBe(404);
    const listedByA = await t.http.get('/api/v1/parties').set('Authorization', `Bearer ${forA}`);
    expect(listedByA.body.map((p: { id: string }) => p.id)).toEqual([a.id]);
    for (const token of [await tokenOf('konsult', c.id, [Role.Admin]), await tokenOf('konsult', null, [Role.Skr])]) {
      const refused = await t.http.get('/api/v1/parties').set('Authorization', `Bearer ${token}`);
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('MEMBERSHIP_MISSING');
    }
    expect(await (await db()).getRepository(Invitation).countBy({ partyId: b.id })).toBe(2);
  });

  it('should never bind an SKR identity to a party, and leave SKR memberships to SKR admins', async () => {
    const party = await aParty();
    const adminOfParty = await t.partyToken(party.id, Role.Admin);
    const skrByParty = await t.http
      .post('/api/v1/invitations')
      .set('Authorization', `Bearer ${adminOfParty}`)
      .send({ email: 'sara@skr.se', name: 'Sara', role: 'skr' });
    expect(skrByParty.status).toBe(403);
    const skrInvitation = await t.http
      .post('/api/v1/invitations')
      .set('Authorization', `Bearer ${await t.skrToken(Role.SkrAdmin)}`)
      .send({ email: 'sara@skr.se', name: 'Sara', role: 'skr' });
    expect(skrInvitation.status).toBe(201);
    expect(skrInvitation.body).toMatchObject({ partyId: null, role: 'skr' });
    const sara = await tokenOf('sara', null, [Role.Skr]);
    expect((await accept(sara, await mailedSecret(t, skrInvitation.body.id))).status).toBe(200);
    expect((await t.http.get('/api/v1/parties').set('Authorization', `Bearer ${sara}`)).status).toBe(200);

    // The party invites Sara's address; neither her SKR token nor a party-claiming token of hers can take it.
    const partyInvitation = await invite(party.id, { email: 'sara@skr.se', name: 'Sara', role: 'admin' });
    const secret = await mailedSecret(t, partyInvitation.id);
    const asSkr = await accept(sara, secret);
    const asParty = await accept(await tokenOf('sara', party.id, [Role.Reporter]), secret);
    // A token that merely claims an SKR role (a person not yet bound anywhere) is refused the same way.
    const claimingSkr = await accept(await tokenOf('other-skr', null, [Role.SkrAdmin]), secret);
    for (const refused of [asSkr, asParty, claimingSkr]) {
      expect(refused.status).toBe(404);
      expect(refused.body.code).toBe('INVITATION_INVALID');
    }
    expect(await memberships()).toEqual([expect.objectContaining({ subject: 'sara', partyId: null, role: Role.Skr })]);
    expect(await (await db()).getRepository(Person).count()).toBe(1);
    expect((await (await db()).getRepository(Invitation).findOneByOrFail({ id: partyInvitation.id })).acceptedAt).toBeNull();
  });
});
