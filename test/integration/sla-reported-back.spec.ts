import { Test, type TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { CORE_MODULES } from '../../src/core-modules';
import { SYSTEM_SCOPE } from '../../src/database/data-scope';
import { ScopedDb } from '../../src/database/scoped-db';
import { Deviation } from '../../src/deviations/deviation.entity';
import { SlaService } from '../../src/sla/sla.service';
import { SlaWorkerModule } from '../../src/sla/sla-worker.module';
import { aParty } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';

/**
 * UC ch. 5, issue 9: Åtgärdstid runs until the case is fixed *and reported back* — the "lösning satt" e-mail
 * delivered. Rows as the API and the worker leave them; the clock read as the API reads it.
 */
describe('Åtgärdstid and the report back', () => {
  let moduleRef: TestingModule;
  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [...CORE_MODULES, SlaWorkerModule] }).compile();
  });
  beforeEach(() => truncateAll());
  afterAll(() => moduleRef.close());

  it('should keep the clock running while the e-mail waits, and stop it when the e-mail went out', async () => {
    const db = await ownerDb();
    const party = await aParty();
    const id = randomUUID();
    // Kritisk (UC: resolution 8 business hours), received Mon 2 Nov 2026 09:00 Stockholm, solved 11:00.
    await db.query(
      `INSERT INTO deviation (id, key, party_id, reporter_user_id, status, rubrik, prioritet, submitted_at, resolved_at, kontaktpersoner, version)
       VALUES ($1, 'AVV-2026-77777', $2, 'anna@kommun', 'löst', 'Tjänsten svarar inte', 'kritisk', '2026-11-02T08:00:00Z', '2026-11-02T10:00:00Z', '[]', 3)`,
      [id, party.id],
    );
    for (const [at, from, to] of [
      ['2026-11-02T08:00:00Z', 'utkast', 'inskickad'],
      ['2026-11-02T09:00:00Z', 'inskickad', 'åtgärdas'],
      ['2026-11-02T10:00:00Z', 'åtgärdas', 'löst'],
    ]) {
      await db.query(
        `INSERT INTO audit_entry (occurred_at, actor_user_id, action, entity_type, entity_id, party_id, changes)
         VALUES ($1, 'skr', 'deviation.status_changed', 'deviation', $2, $3, jsonb_build_object('status', jsonb_build_object('from', $4::text, 'to', $5::text)))`,
        [at, id, party.id, from, to],
      );
    }
    const [event] = await db.query(
      `INSERT INTO notification_event (type, party_id, subject_kind, subject_id, subject_key, subject_title, created_at, recipients_resolved_at)
       VALUES ('lösning_satt', $1, 'deviation', $2, 'AVV-2026-77777', 'Tjänsten svarar inte', '2026-11-02T10:00:00Z', '2026-11-02T10:00:01Z') RETURNING id`,
      [party.id, id],
    );
    await db.query(
      `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, status) VALUES ($1, $2, 'email', 'anna@kommun.se', 'väntar'), ($1, $2, 'email', 'bo@kommun.se', 'väntar')`,
      [event.id, party.id],
    );
    const resolutionAt = async (now: string) =>
      moduleRef.get(ScopedDb).transaction(SYSTEM_SCOPE, async (m) => {
        const deviation = await m.findOneByOrFail(Deviation, { id });
        return (await moduleRef.get(SlaService).read(m, [deviation], new Date(now))).get(id)!.reading.resolution;
      });

    // SMTP is down: two hours after the fix nobody has been told, and the clock has run on.
    const waiting = await resolutionAt('2026-11-02T12:00:00Z');
    expect(waiting).toMatchObject({ stoppedAt: null, elapsedMs: 4 * 3_600_000 });

    // The first e-mail goes out at 12:30 (the second one later): that is when the party was told.
    await db.query(
      `UPDATE notification_delivery SET status = 'skickad', sent_at = '2026-11-02T11:30:00Z' WHERE recipient = 'bo@kommun.se'`,
    );
    await db.query(
      `UPDATE notification_delivery SET status = 'skickad', sent_at = '2026-11-02T12:00:00Z' WHERE recipient = 'anna@kommun.se'`,
    );
    const reported = await resolutionAt('2026-11-03T08:00:00Z');
    expect(reported).toMatchObject({ stoppedAt: new Date('2026-11-02T11:30:00Z'), stoppedBy: 'notification', elapsedMs: 3.5 * 3_600_000 });
  });

  it('should stop the clock when the notice is in the party feed if its only contact is an unconfirmed address', async () => {
    const db = await ownerDb();
    const party = await aParty();
    const id = randomUUID();
    await db.query(
      `INSERT INTO deviation (id, key, party_id, reporter_user_id, status, rubrik, prioritet, submitted_at, resolved_at, kontaktpersoner, version)
       VALUES ($1, 'AVV-2026-77778', $2, 'anna@kommun', 'löst', 'Tjänsten svarar inte', 'kritisk', '2026-11-02T08:00:00Z', '2026-11-02T10:00:00Z',
               '[{"namn":"Okänd","telefon":"+46701234567","epost":"okand@example.com"}]', 3)`,
      [id, party.id],
    );
    for (const [at, from, to] of [
      ['2026-11-02T08:00:00Z', 'utkast', 'inskickad'],
      ['2026-11-02T10:00:00Z', 'inskickad', 'löst'],
    ]) {
      await db.query(
        `INSERT INTO audit_entry (occurred_at, actor_user_id, action, entity_type, entity_id, party_id, changes)
         VALUES ($1, 'skr', 'deviation.status_changed', 'deviation', $2, $3, jsonb_build_object('status', jsonb_build_object('from', $4::text, 'to', $5::text)))`,
        [at, id, party.id, from, to],
      );
    }
    // As the worker leaves it: the party has no member with an address and no registered domain, so the one
    // contact is held back and will never be mailed.
    const [event] = await db.query(
      `INSERT INTO notification_event (type, party_id, subject_kind, subject_id, subject_key, subject_title, contacts, created_at, recipients_resolved_at)
       VALUES ('lösning_satt', $1, 'deviation', $2, 'AVV-2026-77778', 'Tjänsten svarar inte', '[{"name":"Okänd","email":"okand@example.com"}]',
               '2026-11-02T10:00:00Z', '2026-11-02T10:00:01Z') RETURNING id`,
      [party.id, id],
    );
    await db.query(
      `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, status, last_error) VALUES ($1, $2, 'email', 'okand@example.com', 'ej_bekräftad', 'held back')`,
      [event.id, party.id],
    );

    const reading = await moduleRef.get(ScopedDb).transaction(SYSTEM_SCOPE, async (m) => {
      const deviation = await m.findOneByOrFail(Deviation, { id });
      return (await moduleRef.get(SlaService).read(m, [deviation], new Date('2026-11-09T08:00:00Z'))).get(id)!.reading.resolution;
    });
    expect(reading).toMatchObject({ stoppedAt: new Date('2026-11-02T10:00:00Z'), stoppedBy: 'notification', elapsedMs: 2 * 3_600_000 });
    const [row] = await db.query(`SELECT status, sent_at FROM notification_delivery WHERE event_id = $1`, [event.id]);
    expect(row).toEqual({ status: 'ej_bekräftad', sent_at: null });
  });
  it('should stop at resolved_at for a deviation SKR registered, not wait for the notice to the responsible party', async () => {
    // Reported back means to the reporter; SKR, which set the status, has nobody to wait for. The responsible party's
    // own "lösning satt" (the one who fixed it) went out two hours later and must not count.
    const db = await ownerDb();
    const responsible = await aParty();
    const id = randomUUID();
    await db.query(
      `INSERT INTO deviation (id, key, source, responsible_party_id, reporter_user_id, status, rubrik, prioritet, submitted_at, resolved_at, kontaktpersoner, version)
       VALUES ($1, 'AVV-2026-77779', 'rapporterad_av_skr', $2, 'skr@skr', 'löst', 'Känd avvikelse', 'kritisk', '2026-11-02T08:00:00Z', '2026-11-02T10:00:00Z', '[]', 3)`,
      [id, responsible.id],
    );
    for (const [at, from, to] of [
      ['2026-11-02T08:00:00Z', 'utkast', 'inskickad'],
      ['2026-11-02T10:00:00Z', 'inskickad', 'löst'],
    ]) {
      await db.query(
        `INSERT INTO audit_entry (occurred_at, actor_user_id, action, entity_type, entity_id, party_id, changes)
         VALUES ($1, 'skr', 'deviation.status_changed', 'deviation', $2, NULL, jsonb_build_object('status', jsonb_build_object('from', $3::text, 'to', $4::text)))`,
        [at, id, from, to],
      );
    }
    const [event] = await db.query(
      `INSERT INTO notification_event (type, party_id, subject_kind, subject_id, subject_key, subject_title, created_at, recipients_resolved_at)
       VALUES ('lösning_satt', $1, 'deviation', $2, 'AVV-2026-77779', 'Känd avvikelse', '2026-11-02T10:00:00Z', '2026-11-02T10:00:01Z') RETURNING id`,
      [responsible.id, id],
    );
    await db.query(
      `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, status, sent_at) VALUES ($1, $2, 'email', 'drift@leverantor.example', 'skickad', '2026-11-02T12:00:00Z')`,
      [event.id, responsible.id],
    );

    const reading = await moduleRef.get(ScopedDb).transaction(SYSTEM_SCOPE, async (m) => {
      const deviation = await m.findOneByOrFail(Deviation, { id });
      return (await moduleRef.get(SlaService).read(m, [deviation], new Date('2026-11-09T08:00:00Z'))).get(id)!.reading.resolution;
    });
    expect(reading).toMatchObject({ stoppedAt: new Date('2026-11-02T10:00:00Z'), stoppedBy: 'resolved_at', elapsedMs: 2 * 3_600_000 });
  });
});
