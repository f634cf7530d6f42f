import { randomInt, randomUUID } from 'node:crypto';
import { Role } from '../../src/actor/role';
import { ScopedDb } from '../../src/database/scoped-db';
import { NOTIFICATION_TYPES, NotificationType } from '../../src/notifications/notification-type';
import { NotificationDataNotPublicError } from '../../src/notifications/notifications.errors';
import { NotificationsService, type NotificationEventInput } from '../../src/notifications/notifications.service';
import { aParty, aUser } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { expectAbsentForOtherParty, expectNotFoundForOtherParty } from '../support/isolation';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const rows = async (sql: string, params: unknown[] = []) => (await ownerDb()).query(sql, params);
const count = async (table: string) => Number((await rows(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

describe('notifications API (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(() => truncateAll());
  afterAll(() => t.close());

  async function emit(partyId: string, input: Partial<NotificationEventInput> = {}) {
    const subject = {
      kind: 'deviation' as const,
      id: randomUUID(),
      key: `AVV-2026-${String(randomInt(100_000)).padStart(5, '0')}`,
      title: 'Timeout mot Skatteverket',
    };
    const id = await t.app
      .get(ScopedDb)
      .transaction({ partyId, skr: false }, (m) =>
        t.app
          .get(NotificationsService)
          .emit(m, { type: NotificationType.StatusÄndrad, partyId, subject, data: { status: 'mottagen' }, ...input }),
      );
    return { id, subject };
  }

  function expectProblem(
    response: {
      status: number;
      headers: Record<string, string>;
      body: { status: number; code: string; errors?: { pointer?: string; parameter?: string }[] };
    },
    status: number,
    code?: string,
  ) {
    expect({ status: response.status, type: response.headers['content-type'] }).toEqual({
      status,
      type: expect.stringMatching(/^application\/problem\+json/),
    });
    expect(response.body.status).toBe(status);
    if (code) expect(response.body.code).toBe(code);
  }
  const pointers = (body: { errors?: { pointer?: string; parameter?: string }[] }) =>
    (body.errors ?? []).map((e) => e.pointer ?? e.parameter);

  describe('emit', () => {
    it('should write the event and its delivery job in the caller’s transaction', async () => {
      const party = await aParty();
      const { id, subject } = await emit(party.id, {
        recipients: {
          contacts: [
            { name: 'Kim', email: 'Kim@Kommun.se' },
            { name: 'Kim igen', email: 'kim@kommun.se' },
          ],
        },
      });
      expect(await rows(`SELECT type, party_id, subject_key, data, contacts FROM notification_event`)).toEqual([
        {
          type: 'status_ändrad',
          party_id: party.id,
          subject_key: subject.key,
          data: { status: 'mottagen' },
          contacts: [{ name: 'Kim', email: 'Kim@Kommun.se' }],
        },
      ]);
      expect(await rows(`SELECT queue, job_name, job_key, payload, party_id FROM outbox_event`)).toEqual([
        { queue: 'notifications', job_name: 'deliver', job_key: `notify_${id}`, payload: { eventId: id }, party_id: party.id },
      ]);
    });

    it('should refuse internal data and roll the change back with it', async () => {
      const party = await aParty();
      await expect(emit(party.id, { data: { status: 'mottagen', internalNote: 'Leverantören är sen igen' } })).rejects.toThrow(
        NotificationDataNotPublicError,
      );
      await expect(emit(party.id, { data: { nested: { a: 1 } as unknown as string } })).rejects.toThrow(NotificationDataNotPublicError);
      expect(await count('notification_event')).toBe(0);
      expect(await count('outbox_event')).toBe(0);
    });
  });

  describe('list and detail', () => {
    it('should list a party its own events newest first, page by cursor, and hide every other party’s', async () => {
      const party = await aParty();
      const other = await aParty();
      const first = await emit(party.id);
      const second = await emit(party.id, { type: NotificationType.PrioritetÄndrad, data: { prioritet: 'hög' } });
      const third = await emit(party.id, { type: NotificationType.KommentarFrånSkr, data: { comment: 'Vi tittar på det.' } });
      const foreign = await emit(other.id, {
        subject: { kind: 'deviation', id: randomUUID(), key: 'AVV-2026-99999', title: 'Hemlig rubrik hos annan part' },
      });
      const reader = await t.partyToken(party.id, Role.Reader);

      const page1 = await t.http.get('/api/v1/notifications?limit=2').set(auth(reader));
      expect(page1.status).toBe(200);
      expect(page1.body.items.map((e: { id: string }) => e.id)).toEqual([third.id, second.id]);
      expect(page1.body.items[1]).toMatchObject({
        type: 'prioritet_ändrad',
        typeName: { sv: 'Prioritet ändrad', en: 'Priority changed' },
        summary: { sv: 'Prioritet ändrad: Hög', en: 'Priority changed: High' },
        partyId: party.id,
        subject: {
          kind: 'deviation',
          id: second.subject.id,
          key: second.subject.key,
          title: second.subject.title,
          href: `/api/v1/deviations/${second.subject.id}`,
        },
        data: { prioritet: 'hög' },
      });
      const page2 = await t.http.get(`/api/v1/notifications?limit=2&cursor=${page1.body.nextCursor}`).set(auth(reader));
      expect(page2.body).toEqual({ items: [expect.objectContaining({ id: first.id })], nextCursor: null });
      const filtered = await t.http.get(`/api/v1/notifications?type=kommentar_från_skr`).set(auth(reader));
      expect(filtered.body.items.map((e: { id: string }) => e.id)).toEqual([third.id]);

      await expectAbsentForOtherParty(t, reader, '/api/v1/notifications', [foreign.id, foreign.subject.key, 'Hemlig rubrik']);
      await expectAbsentForOtherParty(t, reader, `/api/v1/notifications?partyId=${other.id}`, [foreign.id, foreign.subject.key]);
      await expectNotFoundForOtherParty(t, reader, { method: 'get', path: `/api/v1/notifications/${foreign.id}` });

      const skr = await t.skrToken();
      const all = await t.http.get('/api/v1/notifications').set(auth(skr));
      expect(all.body.items).toHaveLength(4);
      const onlyOther = await t.http.get(`/api/v1/notifications?partyId=${other.id}`).set(auth(skr));
      expect(onlyOther.body.items.map((e: { id: string }) => e.id)).toEqual([foreign.id]);
    });

    it('should refuse a forged cursor and bad filters with the parameter named', async () => {
      const reader = await t.partyToken((await aParty()).id, Role.Reader);
      const forged = Buffer.from(JSON.stringify({ t: "2026-01-01'; DROP TABLE notification_event; --", i: 'x' })).toString('base64url');
      for (const [query, parameter] of [
        [`cursor=${forged}`, 'cursor'],
        ['cursor=not%20a%20cursor', 'cursor'],
        ['partyId=42', 'partyId'],
        ['type=allt', 'type'],
      ]) {
        const response = await t.http.get(`/api/v1/notifications?${query}`).set(auth(reader));
        expectProblem(response, 400);
        expect(pointers(response.body)).toContain(parameter);
      }
    });

    it('should show a party who an event went to, with e-mail errors for SKR only', async () => {
      const party = await aParty();
      const { id } = await emit(party.id);
      await rows(
        `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, language, status, attempts, last_error)
         VALUES ($1, $2, 'email', 'kim@kommun.se', 'sv', 'väntar', 1, '421 mail.skr.internal busy')`,
        [id, party.id],
      );
      const mine = await t.http.get(`/api/v1/notifications/${id}`).set(auth(await t.partyToken(party.id)));
      expect(mine.status).toBe(200);
      expect(mine.body.deliveries).toEqual([
        expect.objectContaining({ channel: 'email', recipient: 'kim@kommun.se', status: 'väntar', attempts: 1, lastError: null }),
      ]);
      const skr = await t.http.get(`/api/v1/notifications/${id}`).set(auth(await t.skrToken()));
      expect(skr.body.deliveries[0].lastError).toBe('421 mail.skr.internal busy');
    });
  });

  describe('preferences', () => {
    it('should show every type on by default and turn one off for the acting user only', async () => {
      const party = await aParty();
      const user = await aUser({ partyId: party.id });
      const colleague = await aUser({ partyId: party.id, email: 'kollega@kommun.se' });
      const token = await t.partyToken(party.id, Role.Reporter, user.subject);
      const initial = await t.http.get('/api/v1/notifications/preferences').set(auth(token));
      expect(initial.status).toBe(200);
      expect(initial.body.preferences).toHaveLength(NOTIFICATION_TYPES.length);
      expect(initial.body.preferences.filter((p: { mandatory: boolean }) => p.mandatory).map((p: { type: string }) => p.type)).toEqual([
        'sla_brott',
        'granskning_beslutad',
      ]);
      expect(initial.body.preferences.every((p: { email: boolean }) => p.email)).toBe(true);

      const updated = await t.http
        .put('/api/v1/notifications/preferences')
        .set(auth(token))
        .send({
          preferences: [
            { type: 'status_ändrad', email: false },
            { type: 'sla_brott', email: true },
          ],
        });
      expect(updated.status).toBe(200);
      expect(updated.body.preferences.find((p: { type: string }) => p.type === 'status_ändrad')).toEqual({
        type: 'status_ändrad',
        name: { sv: 'Status ändrad', en: 'Status changed' },
        email: false,
        mandatory: false,
      });
      expect(await rows(`SELECT user_subject, type, party_id, email FROM notification_preference ORDER BY type`)).toEqual([
        { user_subject: user.subject, type: 'sla_brott', party_id: party.id, email: true },
        { user_subject: user.subject, type: 'status_ändrad', party_id: party.id, email: false },
      ]);
      const [audit] = await rows(`SELECT action, changes FROM audit_entry`);
      expect(audit).toEqual({ action: 'notification_preferences.updated', changes: { status_ändrad: { from: true, to: false } } });
      const theirs = await t.http
        .get('/api/v1/notifications/preferences')
        .set(auth(await t.partyToken(party.id, Role.Reporter, colleague.subject)));
      expect(theirs.body.preferences.every((p: { email: boolean }) => p.email)).toBe(true);
    });

    it('should refuse turning off a mandatory type with a pointer, and write nothing of the request', async () => {
      const party = await aParty();
      const user = await aUser({ partyId: party.id });
      const token = await t.partyToken(party.id, Role.Reporter, user.subject);
      for (const type of ['granskning_beslutad', 'sla_brott']) {
        const response = await t.http
          .put('/api/v1/notifications/preferences')
          .set(auth(token))
          .send({
            preferences: [
              { type: 'status_ändrad', email: false },
              { type, email: false },
            ],
          });
        expectProblem(response, 422, 'NOTIFICATION_PREFERENCE_MANDATORY');
        expect(response.body.errors).toEqual([expect.objectContaining({ pointer: '/preferences/1/email', code: 'mandatory' })]);
      }
      expect(await count('notification_preference')).toBe(0);
      expect(await count('audit_entry')).toBe(0);
    });

    it('should reject hostile preference input with pointers and write nothing', async () => {
      const party = await aParty();
      const user = await aUser({ partyId: party.id });
      const token = await t.partyToken(party.id, Role.Reporter, user.subject);
      const cases: [unknown, string[]][] = [
        [{}, ['/preferences']],
        [{ preferences: [] }, ['/preferences']],
        [{ preferences: [{ type: 'allt', email: false }] }, ['/preferences/0/type']],
        [{ preferences: [{ type: 'status_ändrad', email: 'nej' }] }, ['/preferences/0/email']],
        [{ preferences: [{ type: 'status_ändrad', email: false, sms: true }] }, ['/preferences/0/sms']],
        [{ preferences: [{ type: 'status_ändrad', email: false }], userSubject: 'någon-annan' }, ['/userSubject']],
        [
          {
            preferences: [
              { type: 'status_ändrad', email: false },
              { type: 'status_ändrad', email: true },
            ],
          },
          ['/preferences'],
        ],
        [{ preferences: Array.from({ length: 5000 }, () => ({ type: 'status_ändrad', email: false })) }, ['/preferences']],
        [{ preferences: 'alla' }, ['/preferences']],
      ];
      for (const [body, expected] of cases) {
        const response = await t.http
          .put('/api/v1/notifications/preferences')
          .set(auth(token))
          .send(body as object);
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect({ body, pointers: pointers(response.body) }).toEqual({ body, pointers: expect.arrayContaining(expected) });
      }
      expect(await count('notification_preference')).toBe(0);
    });

    it('should refuse preferences for a client without a user record, and for SKR', async () => {
      const party = await aParty();
      const client = await t.http
        .put('/api/v1/notifications/preferences')
        .set(auth(await t.partyToken(party.id, Role.Reporter)))
        .send({ preferences: [{ type: 'status_ändrad', email: false }] });
      expectProblem(client, 422, 'NOTIFICATION_USER_UNKNOWN');
      expectProblem(await t.http.get('/api/v1/notifications/preferences').set(auth(await t.skrToken())), 403);
      expect(await count('notification_preference')).toBe(0);
    });
  });

  describe('webhooks', () => {
    const hook = {
      url: 'https://verksamhetssystem.goteborg.se/avvikelse-hook',
      eventTypes: ['status_ändrad', 'lösning_satt'],
      description: 'Procapita',
    };

    it('should register an endpoint, show its secret once, update it and remove it with its log', async () => {
      const party = await aParty();
      const admin = await t.partyToken(party.id, Role.Admin, 'admin@goteborg');
      const created = await t.http.post('/api/v1/notifications/webhooks').set(auth(admin)).send(hook);
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        ...hook,
        active: true,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        // No rotation yet: no earlier secret still signing.
        previousSecretExpiresAt: null,
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      });
      const [row] = await rows(`SELECT party_id, url, event_types, secret, active FROM party_webhook`);
      expect(row).toEqual({ party_id: party.id, url: hook.url, event_types: hook.eventTypes, secret: created.body.secret, active: true });

      const listed = await t.http.get('/api/v1/notifications/webhooks').set(auth(admin));
      expect(listed.body).toEqual([expect.objectContaining({ id: created.body.id, url: hook.url })]);
      expect(listed.text).not.toContain(created.body.secret);
      const one = await t.http.get(`/api/v1/notifications/webhooks/${created.body.id}`).set(auth(admin));
      expect(one.status).toBe(200);
      expect(one.body.secret).toBeUndefined();

      const patched = await t.http
        .patch(`/api/v1/notifications/webhooks/${created.body.id}`)
        .set(auth(admin))
        .send({ eventTypes: ['sla_brott'], active: false, description: null });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ eventTypes: ['sla_brott'], active: false, description: null });
      expect((await rows(`SELECT event_types, active, description FROM party_webhook`))[0]).toEqual({
        event_types: ['sla_brott'],
        active: false,
        description: null,
      });

      const { id: eventId } = await emit(party.id);
      await rows(
        `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, webhook_id, status) VALUES ($1, $2, 'webhook', $3::text, $3::uuid, 'skickad')`,
        [eventId, party.id, created.body.id],
      );
      const removed = await t.http.delete(`/api/v1/notifications/webhooks/${created.body.id}`).set(auth(admin));
      expect(removed.status).toBe(204);
      expect(await count('party_webhook')).toBe(0);
      expect(await count('notification_delivery')).toBe(0);
      expect((await rows(`SELECT action FROM audit_entry ORDER BY id`)).map((a: { action: string }) => a.action)).toEqual([
        'webhook.created',
        'webhook.updated',
        'webhook.deleted',
      ]);
      expectProblem(await t.http.get(`/api/v1/notifications/webhooks/${created.body.id}`).set(auth(admin)), 404, 'WEBHOOK_NOT_FOUND');
    });

    it('should reject hostile webhook input with pointers and write nothing', async () => {
      const admin = await t.partyToken((await aParty()).id, Role.Admin);
      const cases: [unknown, string[]][] = [
        [{}, ['/url', '/eventTypes']],
        [{ ...hook, url: 'ftp://verksamhetssystem.goteborg.se/hook' }, ['/url']],
        [{ ...hook, url: 'inte en adress' }, ['/url']],
        [{ ...hook, url: 'javascript:alert(1)' }, ['/url']],
        [{ ...hook, url: 'https://user:lösen@verksamhetssystem.goteborg.se/hook' }, ['/url']],
        [{ ...hook, url: `https://${'a'.repeat(2000)}.se/` }, ['/url']],
        [{ ...hook, url: 42 }, ['/url']],
        [{ ...hook, eventTypes: [] }, ['/eventTypes']],
        [{ ...hook, eventTypes: ['status_ändrad', 'allt'] }, ['/eventTypes']],
        [{ ...hook, eventTypes: ['status_ändrad', 'status_ändrad'] }, ['/eventTypes']],
        [{ ...hook, eventTypes: Array.from({ length: 10_000 }, () => 'status_ändrad') }, ['/eventTypes']],
        [{ ...hook, eventTypes: 'status_ändrad' }, ['/eventTypes']],
        [{ ...hook, description: 'x'.repeat(201) }, ['/description']],
        [{ ...hook, secret: 'whsec_mitt-eget' }, ['/secret']],
        [{ ...hook, partyId: randomUUID(), active: false }, ['/partyId', '/active']],
      ];
      for (const [body, expected] of cases) {
        const response = await t.http
          .post('/api/v1/notifications/webhooks')
          .set(auth(admin))
          .send(body as object);
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect({ body: JSON.stringify(body).slice(0, 80), pointers: pointers(response.body) }).toEqual({
          body: JSON.stringify(body).slice(0, 80),
          pointers: expect.arrayContaining(expected),
        });
      }
      expect(await count('party_webhook')).toBe(0);
    });

    it('should let only party admins manage webhooks, and cap them per party', async () => {
      const party = await aParty();
      expectProblem(
        await t.http
          .post('/api/v1/notifications/webhooks')
          .set(auth(await t.partyToken(party.id, Role.Reporter)))
          .send(hook),
        403,
      );
      expectProblem(await t.http.get('/api/v1/notifications/webhooks').set(auth(await t.skrToken())), 403);
      const admin = await t.partyToken(party.id, Role.Admin);
      for (let i = 0; i < 10; i++)
        expect((await t.http.post('/api/v1/notifications/webhooks').set(auth(admin)).send(hook)).status).toBe(201);
      expectProblem(await t.http.post('/api/v1/notifications/webhooks').set(auth(admin)).send(hook), 409, 'WEBHOOK_LIMIT_REACHED');
      expect(await count('party_webhook')).toBe(10);
    });

    it("should answer 404 for another party's webhook on every endpoint and leave it untouched", async () => {
      const party = await aParty();
      const admin = await t.partyToken(party.id, Role.Admin);
      const created = await t.http.post('/api/v1/notifications/webhooks').set(auth(admin)).send(hook);
      const { id: eventId } = await emit(party.id);
      const [delivery] = await rows(
        `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, webhook_id, status) VALUES ($1, $2, 'webhook', $3::text, $3::uuid, 'misslyckad') RETURNING id`,
        [eventId, party.id, created.body.id],
      );
      const foreign = await t.partyToken((await aParty()).id, Role.Admin);
      const base = `/api/v1/notifications/webhooks/${created.body.id}`;
      for (const call of [
        { method: 'get' as const, path: base },
        { method: 'patch' as const, path: base, body: { active: false } },
        { method: 'delete' as const, path: base },
        { method: 'get' as const, path: `${base}/deliveries` },
        { method: 'post' as const, path: `${base}/deliveries/${delivery.id}/replay` },
      ]) {
        await expectNotFoundForOtherParty(t, foreign, call);
      }
      await expectAbsentForOtherParty(t, foreign, '/api/v1/notifications/webhooks', [created.body.id, hook.url]);
      expect((await rows(`SELECT active FROM party_webhook`))[0].active).toBe(true);
      expect((await rows(`SELECT status FROM notification_delivery`))[0].status).toBe('misslyckad');
      expect(await count('outbox_event')).toBe(1);
    });

    it("should list an endpoint's deliveries and queue a replay of one", async () => {
      const party = await aParty();
      const admin = await t.partyToken(party.id, Role.Admin);
      const created = await t.http.post('/api/v1/notifications/webhooks').set(auth(admin)).send(hook);
      const { id: eventId } = await emit(party.id);
      const [delivery] = await rows(
        `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, webhook_id, status, attempts, response_status, last_error, failed_at)
         VALUES ($1, $2, 'webhook', $3::text, $3::uuid, 'misslyckad', 12, 503, 'endpoint answered HTTP 503', now()) RETURNING id`,
        [eventId, party.id, created.body.id],
      );
      const log = await t.http.get(`/api/v1/notifications/webhooks/${created.body.id}/deliveries`).set(auth(admin));
      expect(log.status).toBe(200);
      expect(log.body).toEqual({
        items: [
          expect.objectContaining({
            id: delivery.id,
            eventId,
            channel: 'webhook',
            status: 'misslyckad',
            attempts: 12,
            responseStatus: 503,
            lastError: 'endpoint answered HTTP 503',
          }),
        ],
        nextCursor: null,
      });
      await rows(`DELETE FROM outbox_event`);
      const replay = await t.http
        .post(`/api/v1/notifications/webhooks/${created.body.id}/deliveries/${delivery.id}/replay`)
        .set(auth(admin));
      expect(replay.status).toBe(202);
      expect(replay.body).toMatchObject({ id: delivery.id, status: 'väntar' });
      expect((await rows(`SELECT status, failed_at FROM notification_delivery`))[0]).toEqual({ status: 'väntar', failed_at: null });
      expect(await rows(`SELECT job_key, payload FROM outbox_event`)).toEqual([{ job_key: `notify_${eventId}`, payload: { eventId } }]);
      expectProblem(
        await t.http.post(`/api/v1/notifications/webhooks/${created.body.id}/deliveries/${randomUUID()}/replay`).set(auth(admin)),
        404,
        'NOTIFICATION_DELIVERY_NOT_FOUND',
      );
    });
  });

  describe('mail policy (SKR)', () => {
    it('should show a held-back contact to the party and SKR, never replay it, and flag the parties SKR must look at', async () => {
      const lonely = await aParty({ name: 'A Ensam kommun' });
      const busy = await aParty({ name: 'B Flitig kommun', emailDomains: ['flitig.se'] });
      await aUser({ partyId: busy.id, email: 'hand@flitig.se' });
      const quiet = await aParty({ name: 'C Lugn kommun' });
      await aUser({ partyId: quiet.id, email: 'hand@lugn.se' });
      const { id: eventId } = await emit(lonely.id, { type: NotificationType.LösningSatt, data: { resolution: 'Rättat' } });
      const [held] = await rows(
        `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, language, status, last_error)
         VALUES ($1, $2, 'email', 'offer@example.com', 'sv', 'ej_bekräftad', 'held back: not confirmed') RETURNING id`,
        [eventId, lonely.id],
      );
      const { id: busyEvent } = await emit(busy.id);
      await rows(
        `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, language, status, deferred_until)
         VALUES ($1, $2, 'email', 'hand@flitig.se', 'sv', 'väntar', now() + interval '10 minutes')`,
        [busyEvent, busy.id],
      );

      const own = await t.http.get(`/api/v1/notifications/${eventId}`).set(auth(await t.partyToken(lonely.id)));
      expect(own.status).toBe(200);
      expect(own.body.deliveries).toEqual([
        expect.objectContaining({ recipient: 'offer@example.com', status: 'ej_bekräftad', sentAt: null, lastError: null }),
      ]);
      const skr = await t.skrToken();
      expect((await t.http.get(`/api/v1/notifications/${eventId}`).set(auth(skr))).body.deliveries[0].lastError).toBe(
        'held back: not confirmed',
      );
      expectProblem(
        await t.http.post(`/api/v1/notifications/failures/${held.id}/replay`).set(auth(skr)),
        409,
        'NOTIFICATION_DELIVERY_NOT_FAILED',
      );

      const flags = await t.http.get('/api/v1/notifications/mail-flags').set(auth(skr));
      expect(flags.status).toBe(200);
      expect(flags.body).toEqual({
        items: [
          {
            partyId: lonely.id,
            partyName: 'A Ensam kommun',
            emailDomains: [],
            membersWithEmail: 0,
            noConfirmedRecipient: true,
            heldBack: 1,
            deferred: 0,
          },
          {
            partyId: busy.id,
            partyName: 'B Flitig kommun',
            emailDomains: ['flitig.se'],
            membersWithEmail: 1,
            noConfirmedRecipient: false,
            heldBack: 0,
            deferred: 1,
          },
        ],
      });
      expectProblem(await t.http.get('/api/v1/notifications/mail-flags').set(auth(await t.partyToken(lonely.id, Role.Admin))), 403);
      expect(await rows(`SELECT status, sent_at FROM notification_delivery WHERE id = $1`, [held.id])).toEqual([
        { status: 'ej_bekräftad', sent_at: null },
      ]);
    });
  });

  describe('failures (SKR)', () => {
    it('should list final failures with their events for SKR and replay one', async () => {
      const party = await aParty();
      const { id: eventId, subject } = await emit(party.id, { type: NotificationType.LösningSatt, data: { resolution: 'Rättat' } });
      const [failed] = await rows(
        `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, language, status, attempts, last_error, failed_at)
         VALUES ($1, $2, 'email', 'kim@kommun.se', 'sv', 'misslyckad', 12, '550 mailbox unavailable', now()) RETURNING id`,
        [eventId, party.id],
      );
      await rows(
        `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, language, status) VALUES ($1, $2, 'email', 'ok@kommun.se', 'sv', 'skickad')`,
        [eventId, party.id],
      );
      const skr = await t.skrToken();
      const list = await t.http.get('/api/v1/notifications/failures').set(auth(skr));
      expect(list.status).toBe(200);
      expect(list.body).toEqual({
        items: [
          expect.objectContaining({
            id: failed.id,
            recipient: 'kim@kommun.se',
            lastError: '550 mailbox unavailable',
            event: expect.objectContaining({
              id: eventId,
              type: 'lösning_satt',
              partyId: party.id,
              subject: expect.objectContaining({ key: subject.key }),
            }),
          }),
        ],
        nextCursor: null,
      });
      expect((await t.http.get('/api/v1/notifications/failures?channel=webhook').set(auth(skr))).body.items).toEqual([]);
      expectProblem(await t.http.get('/api/v1/notifications/failures').set(auth(await t.partyToken(party.id, Role.Admin))), 403);

      await rows(`DELETE FROM outbox_event`);
      const replay = await t.http.post(`/api/v1/notifications/failures/${failed.id}/replay`).set(auth(skr));
      expect(replay.status).toBe(202);
      expect(replay.body).toMatchObject({ id: failed.id, status: 'väntar' });
      expect(await rows(`SELECT recipient, status FROM notification_delivery ORDER BY recipient`)).toEqual([
        { recipient: 'kim@kommun.se', status: 'väntar' },
        { recipient: 'ok@kommun.se', status: 'skickad' },
      ]);
      expect(await rows(`SELECT job_key FROM outbox_event`)).toEqual([{ job_key: `notify_${eventId}` }]);
      expectProblem(
        await t.http.post(`/api/v1/notifications/failures/${failed.id}/replay`).set(auth(skr)),
        409,
        'NOTIFICATION_DELIVERY_NOT_FAILED',
      );
      expectProblem(
        await t.http.post(`/api/v1/notifications/failures/${randomUUID()}/replay`).set(auth(skr)),
        404,
        'NOTIFICATION_DELIVERY_NOT_FOUND',
      );
      expectProblem(await t.http.post('/api/v1/notifications/failures/inte-ett-id/replay').set(auth(skr)), 400);
      expect(await count('outbox_event')).toBe(1);
    });
  });
});
