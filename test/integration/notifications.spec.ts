import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Role } from '../../src/auth/role';
import { NotificationDeliveryService } from '../../src/notifications/notification-delivery.service';
import { WorkerModule } from '../../src/worker.module';
import { aContact, aDeviationBody } from '../factories/deviation.factory';
import { aParty, aUser } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { eventually } from '../support/eventually';
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp';

/** Notifications end to end: API → outbox → BullMQ → worker → a real SMTP server, parsed. */
describe('notifications (integration)', () => {
  let smtp: SmtpCatcher;
  let api: TestApp;
  let worker: INestApplicationContext;
  const saved = { ...process.env };

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    process.env.SMTP_URL = smtp.url;
    // Outbox rows another suite left in this worker's database must not be delivered into this suite's inbox.
    await truncateAll();
    api = await startTestApp();
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
  });
  beforeEach(async () => {
    await truncateAll();
    smtp.mails.length = 0;
    smtp.refuseNext(0);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await smtp?.stop();
    process.env = saved;
  });

  async function submittedFor(partyId: string) {
    const token = await api.partyToken(partyId, Role.Reporter);
    const created = await api.http.post('/api/v1/deviations').set('Authorization', `Bearer ${token}`).send(aDeviationBody());
    await api.http.post(`/api/v1/deviations/${created.body.id}/submit`).set('Authorization', `Bearer ${token}`).expect(200);
    return { id: created.body.id as string, key: created.body.key as string, token };
  }
  const mailsTo = (address: string, key?: string) =>
    smtp.mails.filter((m) => (m.to as { text: string }).text.includes(address) && (!key || (m.subject ?? '').includes(key)));

  it('should send the receipt in Swedish to the contact and in English to an English-speaking user, and nothing to another party', async () => {
    const party = await aParty();
    await aUser({ partyId: party.id, email: 'admin@kommun.se', language: 'en', role: Role.Admin });
    const other = await aParty();
    await aUser({ partyId: other.id, email: 'someone@annan.se' });
    const d = await submittedFor(party.id);
    await eventually(async () => expect(mailsTo(aContact.epost, d.key).length + mailsTo('admin@kommun.se', d.key).length).toBe(2));
    const [sv] = mailsTo(aContact.epost, d.key);
    expect(sv.subject).toBe(`[${d.key}] Avvikelsen är mottagen: Svarstider över 30 sekunder mot CSN`);
    expect(sv.text).toContain(`registrerats med nyckeln ${d.key}`);
    expect(sv.text).toContain(`/api/v1/deviations/${d.id}`);
    expect(sv.html).toContain('<a href=');
    const [en] = mailsTo('admin@kommun.se', d.key);
    expect(en.subject).toBe(`[${d.key}] Deviation received: Svarstider över 30 sekunder mot CSN`);
    expect(mailsTo('someone@annan.se')).toHaveLength(0);
    await eventually(async () => {
      const rows = await (await ownerDb()).query(`SELECT recipient, status, language FROM notification_delivery ORDER BY recipient`);
      expect(rows).toEqual([
      { recipient: 'admin@kommun.se', status: 'skickad', language: 'en' },
      { recipient: aContact.epost, status: 'skickad', language: 'sv' },
      ]);
    });
  });

  it('should tell the party when SKR asks for more information, and never mention an internal note', async () => {
    const party = await aParty();
    const d = await submittedFor(party.id);
    await eventually(async () => expect(smtp.mails).toHaveLength(1));
    const skr = await api.skrToken();
    await api.http.post(`/api/v1/deviations/${d.id}/comments`).set('Authorization', `Bearer ${skr}`).send({ text: 'HEMLIGT internt', internal: true }).expect(201);
    await api.http.post(`/api/v1/deviations/${d.id}/status`).set('Authorization', `Bearer ${skr}`).send({ status: 'väntar_på_komplettering' }).expect(200);
    await eventually(async () => expect(smtp.mails).toHaveLength(2));
    expect(smtp.mails[1].subject).toBe(`[${d.key}] SKR behöver mer information`);
    expect(smtp.mails.map((m) => `${m.subject} ${m.text}`).join(' ')).not.toContain('HEMLIGT');
  });

  it('should survive an SMTP outage without losing or repeating a message', async () => {
    const party = await aParty();
    smtp.refuseNext(2);
    const d = await submittedFor(party.id);
    await eventually(async () => expect(smtp.mails).toHaveLength(1), 20_000);
    // The mail is accepted a moment before the worker records it as sent.
    await eventually(async () => {
      const [row] = await (await ownerDb()).query(`SELECT status, attempts FROM notification_delivery`);
      expect(row.status).toBe('skickad');
      expect(row.attempts).toBeGreaterThanOrEqual(3);
    });
    // A duplicated job finds the delivery done and sends nothing.
    const [event] = await (await ownerDb()).query(`SELECT id FROM notification_event WHERE subject_id = $1`, [d.id]);
    expect(await worker.get(NotificationDeliveryService).deliver(event.id)).toBe(0);
    expect(smtp.mails).toHaveLength(1);
  });

  it('should list a party its own notifications only', async () => {
    const party = await aParty();
    const d = await submittedFor(party.id);
    const other = await api.partyToken((await aParty()).id, Role.Reporter);
    const own = await api.http.get('/api/v1/notifications').set('Authorization', `Bearer ${d.token}`);
    expect(own.body.map((e: { subjectId: string; type: string }) => [e.subjectId, e.type])).toEqual([[d.id, 'avvikelse_inskickad']]);
    const foreign = await api.http.get('/api/v1/notifications').set('Authorization', `Bearer ${other}`);
    expect(foreign.body).toEqual([]);
  });

  it('should respect a user turning a type off, but never for decisions', async () => {
    const party = await aParty();
    const user = await aUser({ partyId: party.id, email: 'quiet@kommun.se', language: 'sv', role: Role.Reporter });
    const token = await api.partyToken(party.id, Role.Reporter, user.subject);
    const refused = await api.http.put('/api/v1/notifications/preferences').set('Authorization', `Bearer ${token}`).send({ preferences: [{ type: 'lösning_satt', email: false }] });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].pointer).toBe('/preferences/0/email');
    expect(await (await ownerDb()).query(`SELECT * FROM notification_preference`)).toEqual([]);
    await api.http.put('/api/v1/notifications/preferences').set('Authorization', `Bearer ${token}`).send({ preferences: [{ type: 'avvikelse_inskickad', email: false }] }).expect(200);
    const d = await submittedFor(party.id);
    await eventually(async () => expect(mailsTo(aContact.epost)).toHaveLength(1));
    const skr = await api.skrToken();
    await api.http.post(`/api/v1/deviations/${d.id}/status`).set('Authorization', `Bearer ${skr}`).send({ status: 'löst', resolution: 'Rättat' }).expect(200);
    await eventually(async () => expect(mailsTo('quiet@kommun.se').map((m) => m.subject)).toEqual([`[${d.key}] Avvikelsen är löst`]));
  });

  it('should sign party webhook deliveries per Standard Webhooks, verifiable independently, and log them', async () => {
    const { createServer } = await import('node:http');
    const { createHmac, timingSafeEqual } = await import('node:crypto');
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(received.length === 1 ? 500 : 204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const party = await aParty();
      const admin = await api.partyToken(party.id, Role.Admin);
      const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
      const created = await api.http.post('/api/v1/notifications/webhooks').set('Authorization', `Bearer ${admin}`).send({ url, eventTypes: ['avvikelse_inskickad'] });
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_/);
      const foreign = await api.partyToken((await aParty()).id, Role.Admin);
      const notTheirs = await api.http.get(`/api/v1/notifications/webhooks/${created.body.id}/deliveries`).set('Authorization', `Bearer ${foreign}`);
      expect(notTheirs.status).toBe(404);
      const bad = await api.http.post('/api/v1/notifications/webhooks').set('Authorization', `Bearer ${admin}`).send({ url: 'ftp://x', eventTypes: ['okänd'], extra: 1 });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/url', '/eventTypes', '/extra']));
      await submittedFor(party.id);
      // The first attempt gets a 500 and is retried; the second is accepted.
      await eventually(async () => expect(received).toHaveLength(2), 20_000);
      const last = received[1];
      const id = String(last.headers['webhook-id']);
      const timestamp = String(last.headers['webhook-timestamp']);
      const key = Buffer.from(String(created.body.secret).slice('whsec_'.length), 'base64');
      const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${last.body}`).digest();
      const given = Buffer.from(String(last.headers['webhook-signature']).replace(/^v1,/, ''), 'base64');
      expect(timingSafeEqual(expected, given)).toBe(true);
      expect(JSON.parse(last.body)).toMatchObject({ type: 'avvikelse_inskickad', data: { eventId: id } });
      const log = await eventually(async () => {
        const response = await api.http.get(`/api/v1/notifications/webhooks/${created.body.id}/deliveries`).set('Authorization', `Bearer ${admin}`);
        expect(response.body).toEqual([expect.objectContaining({ status: 'skickad', responseStatus: 204, attempts: 2 })]);
        return response.body;
      });
      const replay = await api.http.post(`/api/v1/notifications/webhooks/${created.body.id}/deliveries/${log[0].id}/replay`).set('Authorization', `Bearer ${admin}`);
      expect(replay.status).toBe(202);
      await eventually(async () => expect(received).toHaveLength(3));
    } finally {
      receiver.close();
    }
  });
});
