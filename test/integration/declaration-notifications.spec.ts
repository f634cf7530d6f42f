import { Test, type TestingModule } from '@nestjs/testing';
import { CORE_MODULES } from '../../src/core-modules';
import { Role } from '../../src/actor/role';
import { Clock } from '../../src/common/clock';
import { DeclarationRemindersService } from '../../src/declarations/declaration-reminders.service';
import { DeclarationsWorkerModule } from '../../src/declarations/declarations-worker.module';
import { aSignature, completeAnswers, ssbtekTemplateId } from '../factories/declaration.factory';
import { aDriftleverantör, aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { MutableClock } from '../support/clock';
import { ownerDb, truncateAll } from '../support/database';

interface Event {
  type: string;
  party_id: string;
  subject_kind: string;
  subject_key: string;
  subject_title: string;
  data: Record<string, unknown>;
}

const eventsOf = async (declarationId: string): Promise<Event[]> =>
  (await ownerDb()).query(
    `SELECT type, party_id, subject_kind, subject_key, subject_title, data FROM notification_event WHERE subject_id = $1 ORDER BY created_at, type`,
    [declarationId],
  );

/**
 * The declaration events of issue 8: the receipt on submit, SKR's decision, and the reminder a week before a
 * "godkänd med förbehåll" date — each in the same transaction as its change, to the declaring party only.
 */
describe('declaration notifications', () => {
  const clock = new MutableClock(new Date('2026-11-23T09:00:00Z'));
  let t: TestApp;
  let worker: TestingModule;
  let reminders: DeclarationRemindersService;
  let partyId: string;
  let reporter: string;
  let foreign: string;
  let skr: string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    // Compiled, not started: no scheduler runs, only the test's scans.
    worker = await Test.createTestingModule({ imports: [...CORE_MODULES, DeclarationsWorkerModule] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    reminders = worker.get(DeclarationRemindersService);
  });
  beforeEach(async () => {
    await truncateAll();
    clock.at = new Date('2026-11-23T09:00:00Z');
    partyId = (await aDriftleverantör()).id;
    reporter = await t.partyToken(partyId, Role.Reporter);
    foreign = await t.partyToken((await aParty()).id, Role.Admin);
    skr = await t.skrToken();
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const submitted = async (): Promise<{ id: string; referens: string }> => {
    const created = await t.http
      .post('/api/v1/declarations')
      .set(auth(reporter))
      .send({ templateId: await ssbtekTemplateId() });
    expect(created.status).toBe(201);
    let d = created.body;
    for (const [what, body] of [
      ['answers', { answers: completeAnswers() }],
      ['signature', aSignature],
    ] as const) {
      const response = await t.http
        .put(`/api/v1/declarations/${d.id}/${what}`)
        .set(auth(reporter))
        .set('If-Match', `W/"${d.version}"`)
        .send(body);
      expect(response.status).toBe(200);
      d = response.body;
    }
    const response = await t.http.post(`/api/v1/declarations/${d.id}/submit`).set(auth(reporter));
    expect(response.status).toBe(200);
    return response.body;
  };
  const review = async (id: string, body: object) => {
    const response = await t.http
      .post(`/api/v1/declarations/${id}/reviews`)
      .set(auth(skr))
      .send({ reviewerName: 'Sara SKR', ...body });
    expect(response.status).toBe(201);
    return response.body;
  };

  it('should give the party a receipt on submit and the decision on review, under the declaration reference', async () => {
    const d = await submitted();
    expect(d.referens).toMatch(/^SD-[0-9A-F]{8}$/);
    await review(d.id, { outcome: 'icke_godkänd', newTimetable: 'Omtest vecka 50', comment: 'Svarstiderna uppfylls inte.' });

    const events = await eventsOf(d.id);
    expect(events.map((e) => [e.type, e.party_id, e.subject_kind, e.subject_key, e.subject_title])).toEqual([
      ['deklaration_inskickad', partyId, 'declaration', d.referens, 'Självdeklaration SSBTEK v1'],
      ['granskning_beslutad', partyId, 'declaration', d.referens, 'Självdeklaration SSBTEK v1'],
    ]);
    expect(events[1].data).toEqual({ outcome: 'icke_godkänd', dueDate: null, comment: 'Svarstiderna uppfylls inte.' });

    const own = await t.http.get('/api/v1/notifications').query({ subjectId: d.id }).set(auth(reporter));
    expect(own.status).toBe(200);
    expect(own.body.items.map((n: { type: string }) => n.type).sort()).toEqual(['deklaration_inskickad', 'granskning_beslutad']);
    const other = await t.http.get('/api/v1/notifications').query({ subjectId: d.id }).set(auth(foreign));
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
  });

  it('should remind once, a week before the agreed date, and not after the party has resubmitted', async () => {
    const d = await submitted();
    await review(d.id, { outcome: 'godkänd_med_förbehåll', agreedDate: '2026-12-10' });
    const other = await submitted();
    await review(other.id, { outcome: 'godkänd_med_förbehåll', agreedDate: '2026-12-10' });
    const reminded = async () => (await eventsOf(d.id)).filter((e) => e.type === 'förbehåll_närmar_sig');

    clock.at = new Date('2026-12-02T22:59:00Z'); // 23:59 on 2 December in Stockholm: 8 days left
    expect(await reminders.scan()).toEqual({ reminded: 0 });

    // The party resubmits `other` before the reminder: SKR judges it now, there is nothing to remind of.
    const resubmitted = await t.http.post(`/api/v1/declarations/${other.id}/submit`).set(auth(reporter));
    expect(resubmitted.status).toBe(200);

    clock.at = new Date('2026-12-02T23:00:00Z'); // midnight, 3 December in Stockholm: 7 days left
    expect(await reminders.scan()).toEqual({ reminded: 1 });
    expect(await reminders.scan()).toEqual({ reminded: 0 });
    expect((await reminded()).map((e) => e.data)).toEqual([{ dueDate: '2026-12-10' }]);
    expect((await eventsOf(other.id)).filter((e) => e.type === 'förbehåll_närmar_sig')).toEqual([]);

    const [row] = await (await ownerDb()).query(`SELECT reminded_at FROM declaration_review WHERE declaration_id = $1`, [d.id]);
    expect(row.reminded_at).toEqual(new Date('2026-12-02T23:00:00Z'));
  });

  it('should remind a reservation found past its date at once, as one event even when scans overlap', async () => {
    const d = await submitted();
    await review(d.id, { outcome: 'godkänd_med_förbehåll', agreedDate: '2026-11-30' });
    clock.at = new Date('2026-12-01T08:00:00Z');
    const results = await Promise.all([reminders.scan(), reminders.scan(), reminders.scan()]);
    expect(results.reduce((sum, r) => sum + r.reminded, 0)).toBe(1);
    expect((await eventsOf(d.id)).filter((e) => e.type === 'förbehåll_närmar_sig')).toHaveLength(1);
  });
});
