import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';
import shipped from './data/agreements-2024.json';

/** The seven bastjänster of seed 004 ("en för varje myndighet", Försäkringskassan and Pensionsmyndigheten as one). */
const BASTJANSTER: [code: string, sv: string, en: string][] = [
  ['lefi_online', 'LEFI Online (Försäkringskassan och Pensionsmyndigheten)', 'LEFI Online (Social Insurance Agency and Pensions Agency)'],
  ['csn', 'CSN', 'CSN (student finance)'],
  ['skatteverket', 'Skatteverket', 'Swedish Tax Agency'],
  ['arbetsformedlingen', 'Arbetsförmedlingen (AFLI)', 'Public Employment Service (AFLI)'],
  ['migrationsverket', 'Migrationsverket', 'Migration Agency'],
  ['transportstyrelsen', 'Transportstyrelsen', 'Transport Agency'],
  ['a_kassor', 'Sveriges a-kassor', 'Swedish unemployment funds'],
];

/** Tables hanging off a deviation by a `deviation_id` column, whose rows follow the deviation's visibility. */
const CHILDREN = ['deviation_attachment', 'jira_link', 'sla_alert'];

/**
 * Whose deviation it is (issue 20): a reporting party (none for a deviation SKR registered itself, `source` says so),
 * a responsible party SKR sets in triage, the bastjänst it concerns, and agreements bound per party × bastjänst.
 *
 * Visibility is decided by the deviation row alone. The rows that hang off a deviation keep their `party_id` (the
 * reporter, for history) but their policies ask `app_sees_deviation(deviation_id)`: "is the deviation visible to this
 * transaction", evaluated under the deviation's own policy. Reassigning is then one UPDATE of one row, atomic by
 * construction: no child row carries a copy that a concurrent insert could write stale, and the old responsible party
 * loses comments, files, history, alerts and feed entries in the same commit. The cost is one primary-key probe per
 * child row read by a party (SKR short-circuits on `app_is_skr()`); child rows are read a deviation or a page at a time.
 *
 * Existing rows: responsible party empty, source 'part'; the reporter keeps exactly what it saw.
 */
export class ResponsibleParty1764500000000 implements MigrationInterface {
  name = 'ResponsibleParty1764500000000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(
      `CREATE TABLE bastjanst (code text PRIMARY KEY, name_sv text NOT NULL, name_en text NOT NULL, sort_order smallint NOT NULL)`,
    );
    for (const [index, [code, sv, en]] of BASTJANSTER.entries()) {
      await db.query(`INSERT INTO bastjanst (code, name_sv, name_en, sort_order) VALUES ($1, $2, $3, $4)`, [code, sv, en, index + 1]);
    }
    await db.query(`GRANT SELECT ON bastjanst TO ${role}`);

    await db.query(`ALTER TABLE deviation ALTER COLUMN party_id DROP NOT NULL`);
    await db.query(`
      ALTER TABLE deviation
        ADD COLUMN source text NOT NULL DEFAULT 'part',
        ADD COLUMN responsible_party_id uuid CONSTRAINT fk_deviation_responsible_party REFERENCES party (id),
        ADD COLUMN bastjanst text CONSTRAINT fk_deviation_bastjanst REFERENCES bastjanst (code),
        ADD CONSTRAINT ck_deviation_source CHECK (source IN ('part', 'rapporterad_av_skr', 'jira_import')),
        ADD CONSTRAINT ck_deviation_reporting_party CHECK ((source = 'part') = (party_id IS NOT NULL))`);
    // "Concerning us" pages read this index in order, as "reported by us" reads ix_deviation_party_created.
    await db.query(`CREATE INDEX ix_deviation_responsible_created ON deviation (responsible_party_id, created_at, id)`);
    await db.query(`CREATE INDEX ix_deviation_responsible_status ON deviation (responsible_party_id, status)`);
    // SKR's triage list: submitted deviations nobody is responsible for yet, oldest first.
    await db.query(
      `CREATE INDEX ix_deviation_awaiting_responsible ON deviation (created_at, id) WHERE responsible_party_id IS NULL AND submitted_at IS NOT NULL`,
    );

    await db.query(`
      CREATE TABLE party_agreement (
        party_id uuid NOT NULL CONSTRAINT fk_party_agreement_party REFERENCES party (id),
        bastjanst text NOT NULL CONSTRAINT fk_party_agreement_bastjanst REFERENCES bastjanst (code),
        agreement_code text NOT NULL CONSTRAINT fk_party_agreement_agreement REFERENCES agreement (code),
        PRIMARY KEY (party_id, bastjanst)
      )`);
    // Agreements are service-wide facts, not a party's secret: anyone may read which agreement binds whom, as
    // `agreement` itself. Only SKR binds.
    await db.query(`ALTER TABLE party_agreement ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY party_agreement_read ON party_agreement FOR SELECT USING (true)`);
    await db.query(`CREATE POLICY party_agreement_bind ON party_agreement FOR ALL USING (app_is_skr()) WITH CHECK (app_is_skr())`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON party_agreement TO ${role}`);

    // Opaque to the planner for the same reason as app_owns (migration 1763857200000).
    await db.query(`
      CREATE FUNCTION app_can_see_deviation(reporter uuid, responsible uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT app_is_skr() OR app_owns(reporter) OR app_owns(responsible)
      $$`);
    await db.query(`
      CREATE FUNCTION app_sees_deviation(deviation uuid) RETURNS boolean LANGUAGE sql STABLE COST 1000 AS $$
        SELECT EXISTS (SELECT 1 FROM deviation d WHERE d.id = deviation)
      $$`);
    // Which agreement times each deviation, for any actor that sees the deviation: the responsible party's for the
    // deviation's bastjänst, else its default; before triage the reporter's (the rule before issue 20); for a deviation
    // with neither, the service default. Definer's rights because the reporter may not read the responsible party's row.
    await db.query(`
      CREATE FUNCTION app_deviation_agreements(ids uuid[]) RETURNS TABLE (deviation_id uuid, agreement_code text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT d.id, COALESCE(b.agreement_code, r.agreement_code, p.agreement_code, '${shipped.defaultCode}')
          FROM deviation d
          LEFT JOIN party_agreement b ON b.party_id = d.responsible_party_id AND b.bastjanst = d.bastjanst
          LEFT JOIN party r ON r.id = d.responsible_party_id
          LEFT JOIN party p ON p.id = d.party_id
         WHERE d.id = ANY(ids) AND app_can_see_deviation(d.party_id, d.responsible_party_id)
      $$`);
    await db.query(`GRANT EXECUTE ON FUNCTION app_deviation_agreements(uuid[]) TO ${role}`);

    await db.query(`DROP POLICY deviation_visible ON deviation`);
    await db.query(`CREATE POLICY deviation_visible ON deviation FOR SELECT USING (app_can_see_deviation(party_id, responsible_party_id))`);
    // Only the reporter creates (or SKR, for what it registers itself); either side may write its own columns,
    // which the service decides, but no write may leave the row invisible to the writer.
    await db.query(`CREATE POLICY deviation_create ON deviation FOR INSERT WITH CHECK (app_can_see(party_id))`);
    await db.query(
      `CREATE POLICY deviation_change ON deviation FOR UPDATE USING (app_can_see_deviation(party_id, responsible_party_id))
         WITH CHECK (app_can_see_deviation(party_id, responsible_party_id))`,
    );
    // A policy cannot compare a row with what it was; a trigger can. Who a deviation belongs to is SKR's to change:
    // no transaction acting for a party may (the table owner, migrations and repairs, act for nobody).
    await db.query(`
      CREATE FUNCTION deviation_parties_are_skrs() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF app_current_party() IS NOT NULL AND (NEW.party_id IS DISTINCT FROM OLD.party_id OR NEW.responsible_party_id IS DISTINCT FROM OLD.responsible_party_id) THEN
          RAISE EXCEPTION 'new row violates row-level security: only SKR changes the parties of deviation %', OLD.id
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER tr_deviation_parties_are_skrs BEFORE UPDATE OF party_id, responsible_party_id ON deviation
        FOR EACH ROW EXECUTE FUNCTION deviation_parties_are_skrs()`);
    // Rows of a deviation SKR registered itself have no reporting party either. (Evidence keeps NOT NULL: its column is
    // shared with declaration files; the Jira import decides whose it is when it arrives.)
    for (const table of ['deviation_comment', 'jira_link', 'sla_alert']) {
      await db.query(`ALTER TABLE ${table} ALTER COLUMN party_id DROP NOT NULL`);
    }

    await db.query(`DROP POLICY deviation_comment_visible ON deviation_comment`);
    await db.query(
      `CREATE POLICY deviation_comment_visible ON deviation_comment USING (app_is_skr() OR (NOT internal AND app_sees_deviation(deviation_id)))`,
    );
    for (const table of CHILDREN) {
      await db.query(`DROP POLICY ${table}_visible ON ${table}`);
      await db.query(`CREATE POLICY ${table}_visible ON ${table} USING (app_is_skr() OR app_sees_deviation(deviation_id))`);
    }
    // Audit entity ids are text: only one shaped as a UUID is looked up (CASE keeps the cast from failing).
    await db.query(`
      CREATE FUNCTION app_sees_deviation_id(entity_id text) RETURNS boolean LANGUAGE sql STABLE COST 1000 AS $$
        SELECT CASE WHEN entity_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                    THEN app_sees_deviation(CAST(entity_id AS uuid)) ELSE false END
      $$`);
    // The reporter's trail is its own (party_id); the responsible party reads a deviation's trail while it sees it.
    await db.query(`DROP POLICY audit_entry_read ON audit_entry`);
    await db.query(`
      CREATE POLICY audit_entry_read ON audit_entry FOR SELECT USING (
        app_is_skr() OR (NOT internal AND (app_owns(party_id) OR (entity_type = 'deviation' AND app_sees_deviation_id(entity_id)))))`);
    // A party's feed holds what concerns it today: an event about a deviation it no longer relates to is gone.
    // "No longer relates" needs the deviation row the party can no longer see, hence definer's rights; an event
    // about a deviation that does not exist (none in practice) is left to its party.
    await db.query(`
      CREATE FUNCTION app_left_deviation(deviation uuid) RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public COST 1000 AS $$
        SELECT EXISTS (SELECT 1 FROM deviation d WHERE d.id = deviation
                          AND d.party_id IS DISTINCT FROM app_current_party()
                          AND d.responsible_party_id IS DISTINCT FROM app_current_party())
      $$`);
    await db.query(`GRANT EXECUTE ON FUNCTION app_left_deviation(uuid) TO ${role}`);
    // Events for the other side of a deviation are written by the side acting, hence the insert check.
    await db.query(`DROP POLICY notification_event_visible ON notification_event`);
    await db.query(`
      CREATE POLICY notification_event_visible ON notification_event USING (
        app_is_skr() OR (app_owns(party_id) AND (subject_kind <> 'deviation' OR NOT app_left_deviation(subject_id))))
      WITH CHECK (app_is_skr() OR app_owns(party_id) OR (subject_kind = 'deviation' AND app_sees_deviation(subject_id)))`);
    await db.query(`DROP POLICY notification_delivery_visible ON notification_delivery`);
    await db.query(`
      CREATE POLICY notification_delivery_visible ON notification_delivery USING (
        app_is_skr() OR (app_owns(party_id) AND EXISTS (SELECT 1 FROM notification_event e WHERE e.id = event_id)))`);
  }

  async down(): Promise<void> {
    throw new Error(
      'Not reversible: deviations SKR registered have no reporting party and would break the NOT NULL it had; restore a backup.',
    );
  }
}
