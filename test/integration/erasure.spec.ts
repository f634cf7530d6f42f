import type { INestApplicationContext } from '@nestjs/common';
import { type JiraSimulator } from '../../jira-simulator/simulator';
import { Role } from '../../src/actor/role';
import { textToAdf } from '../../src/jira/adf';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { eventually } from '../support/eventually';
import { waitForSyncIdle } from '../support/jira-sync-idle';
import { startSyncStack } from '../support/sync-stack';

jest.setTimeout(120_000);

/** The person to erase, as reported, and as the service stores the phone (E.164). */
const ANNA = { namn: 'Anna Andersson', telefon: '070-123 45 67', epost: 'Anna.Andersson@goteborg.se' };
const ANNA_SPELLINGS = ['anna andersson', '+46701234567', '070-123 45 67', 'anna.andersson@goteborg.se'];
const BO = { namn: 'Bo Berg', telefon: '031-365 00 00', epost: 'bo.berg@goteborg.se' };

/** Every row of every table, every text, varchar and jsonb column, that still holds one of the spellings. */
async function whereStill(spellings: string[]): Promise<string[]> {
  const db = await ownerDb();
  const columns = (await db.query(
    `SELECT c.table_name AS t, c.column_name AS c FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'jsonb')`,
  )) as { t: string; c: string }[];
  const found: string[] = [];
  for (const { t, c } of columns) {
    for (const spelling of spellings) {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM "${t}" WHERE lower("${c}"::text) LIKE '%' || $1 || '%'`, [spelling]);
      if (n > 0) found.push(`${t}.${c}: ${spelling}`);
    }
  }
  return found;
}

/** Erasure of a contact person on request (issue 24): everywhere the service keeps the details, Jira included. */
describe('erasure of a contact person (integration)', () => {
  let sim: JiraSimulator;
  let api: TestApp;
  let worker: INestApplicationContext;
  let reporter: string;
  let skrAdmin: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    ({ sim, api, worker } = await startSyncStack());
  });
  beforeEach(async () => {
    await truncateAll();
    reporter = await api.partyToken((await aParty({ name: 'Göteborgs Stad' })).id, Role.Reporter);
    skrAdmin = await api.skrToken(Role.SkrAdmin);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sim?.stop();
    process.env = saved;
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  async function submitted(contacts: object[], utfall?: string): Promise<{ id: string; key: string }> {
    const created = await api.http
      .post('/api/v1/deviations')
      .set(auth(reporter))
      .send(aDeviationBody({ kontaktpersoner: contacts, ...(utfall ? { utfall } : {}) }));
    expect(created.status).toBe(201);
    await api.http.post(`/api/v1/deviations/${created.body.id}/submit`).set(auth(reporter)).expect(200);
    return created.body;
  }
  const syncedKey = (deviationId: string) =>
    eventually(async () => {
      const status = await api.http.get(`/api/v1/deviations/${deviationId}/jira`).set(auth(reporter));
      expect(status.body).toMatchObject({ state: 'synkad', issueKey: expect.stringMatching(/^KHA-\d+$/), lastError: null });
      return status.body.issueKey as string;
    });
  const syncIdle = () => waitForSyncIdle(sim, worker);

  it("should replace the person's details everywhere with one pseudonym, in Jira too, and leave the other contact alone", async () => {
    const first = await submitted([ANNA, BO], 'Anna Andersson såg felet först; ring henne på 070-123 45 67.');
    const second = await submitted([{ ...ANNA, epost: ANNA.epost.toLowerCase() }]);
    const keys = [await syncedKey(first.id), await syncedKey(second.id)];
    const comment = await api.http
      .post(`/api/v1/deviations/${first.id}/comments`)
      .set(auth(reporter))
      .send({ text: 'Fråga Anna Andersson.' });
    expect(comment.status).toBe(201);
    await syncIdle();
    expect(JSON.stringify(sim.admin.issue(keys[0]).fields.description)).toContain('Anna Andersson');
    // SKR's own edit of the description in Jira: erasure writes over it all the same.
    sim.admin.editIssue(keys[1], { description: textToAdf('SKR:s text. Kontakt: Anna Andersson, +46701234567') });
    // An e-mail to her that the worker has not sent yet (no job queued for it, so it waits).
    const db = await ownerDb();
    const [event] = await db.query(
      `INSERT INTO notification_event (type, party_id, subject_kind, subject_id, subject_key, subject_title)
       SELECT 'status_ändrad', party_id, 'deviation', id, key, rubrik FROM deviation WHERE id = $1 RETURNING id, party_id`,
      [first.id],
    );
    await db.query(
      `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, recipient_name) VALUES ($1, $2, 'email', $3, $4)`,
      [event.id, event.party_id, ANNA.epost, ANNA.namn],
    );
    expect((await whereStill(ANNA_SPELLINGS)).length).toBeGreaterThan(0);

    expect(
      (
        await api.http
          .post('/api/v1/erasures')
          .set(auth(await api.skrToken(Role.Skr)))
          .send({ epost: ANNA.epost })
      ).status,
    ).toBe(403);
    expect((await api.http.post('/api/v1/erasures').set(auth(reporter)).send({ epost: ANNA.epost })).status).toBe(403);
    const erased = await api.http.post('/api/v1/erasures').set(auth(skrAdmin)).send({ epost: 'anna.andersson@GOTEBORG.se' });
    expect(erased.status).toBe(201);
    const pseudonym = erased.body.pseudonym as string;
    expect(pseudonym).toMatch(/^raderad-[0-9a-f]{8}$/);
    expect([...erased.body.deviationIds].sort()).toEqual([first.id, second.id].sort());

    expect(await whereStill(ANNA_SPELLINGS)).toEqual([]);
    const [stopped] = await db.query(`SELECT status, last_error, recipient FROM notification_delivery WHERE event_id = $1`, [event.id]);
    expect(stopped).toEqual({ status: 'misslyckad', last_error: 'ERASED', recipient: `${pseudonym}@raderad.invalid` });
    const shown = await api.http.get(`/api/v1/deviations/${first.id}`).set(auth(reporter));
    expect(shown.body.kontaktpersoner).toEqual([
      { namn: `Raderad kontaktperson ${pseudonym}`, telefon: pseudonym, epost: `${pseudonym}@raderad.invalid` },
      { ...BO, telefon: '+46313650000' },
    ]);
    expect(shown.body.utfall).toBe(`Raderad kontaktperson ${pseudonym} såg felet först; ring henne på ${pseudonym}.`);
    const csv = await api.http.get('/api/v1/deviations/export.csv').set(auth(reporter));
    expect(csv.status).toBe(200);
    expect(csv.text.toLowerCase()).not.toContain('anna');
    expect(csv.text).toContain('Bo Berg');
    const [audit] = await (
      await ownerDb()
    ).query(`SELECT entity_id, changes::text AS changes FROM audit_entry WHERE action = 'person.erased'`);
    expect(audit.entity_id).toBe(pseudonym);
    expect(audit.changes.toLowerCase()).not.toContain('anna');

    for (const key of keys) {
      await eventually(async () => {
        const description = JSON.stringify(sim.admin.issue(key).fields.description);
        expect(description).toContain(pseudonym);
        expect(description.toLowerCase()).not.toContain('anna');
      });
    }
    expect(JSON.stringify(sim.admin.issue(keys[0]).fields.description)).toContain('Bo Berg');
    await syncIdle();
    for (const d of [first, second]) {
      const status = await api.http.get(`/api/v1/deviations/${d.id}/jira`).set(auth(reporter));
      expect(status.body).toMatchObject({ state: 'synkad', lastError: null });
    }
  });
});
