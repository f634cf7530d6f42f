import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * People, their memberships in parties, and invitations (issue 17, "subject squatting").
 *
 * Until now a party admin typed a token subject into `app_user`, which bound that person to the party without the
 * person's consent — SKR's people included — and the unique subject answered 409 to the victim's admin, telling
 * them which subjects exist. From here on:
 * - `person` is one identity of the identity provider, unique per issuer and subject. Rows carried over from
 *   `app_user` have no issuer yet (the service had one issuer, but did not record it): the first login pins it.
 * - `app_user` keeps its name but is now a membership: one person acting in one party (or in SKR, party NULL) with
 *   a role, language, e-mail and active flag. A person may hold several. `subject` stays as a copy of the person's
 *   subject because notification preferences and deliveries key on the token subject.
 * - `invitation` binds a person to a membership: a party admin (or an SKR admin, for SKR) invites an e-mail address;
 *   the worker mails a one-time secret whose SHA-256 alone is stored; the person accepts with their own token.
 * Notification preferences become per party: their key gains the party, and their reference to `app_user.subject`
 * (no longer unique) goes.
 */
export class PersonsMembershipsInvitations1763858200000 implements MigrationInterface {
  name = 'PersonsMembershipsInvitations1763858200000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        issuer text,
        subject text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_person_issuer_subject UNIQUE NULLS NOT DISTINCT (issuer, subject)
      )`);
    await db.query(`INSERT INTO person (subject, created_at) SELECT subject, created_at FROM app_user`);

    await db.query(`ALTER TABLE notification_preference DROP CONSTRAINT fk_notification_preference_user`);
    await db.query(`ALTER TABLE notification_preference DROP CONSTRAINT notification_preference_pkey`);
    await db.query(
      `ALTER TABLE notification_preference ADD CONSTRAINT notification_preference_pkey PRIMARY KEY (user_subject, party_id, type)`,
    );

    await db.query(`ALTER TABLE app_user ADD COLUMN person_id uuid CONSTRAINT fk_app_user_person REFERENCES person (id)`);
    await db.query(`UPDATE app_user u SET person_id = p.id FROM person p WHERE p.subject = u.subject`);
    await db.query(`ALTER TABLE app_user ALTER COLUMN person_id SET NOT NULL`);
    await db.query(`ALTER TABLE app_user DROP CONSTRAINT uq_app_user_subject`);
    // One membership per person and party; NULLS NOT DISTINCT makes SKR (party NULL) one membership too.
    await db.query(`ALTER TABLE app_user ADD CONSTRAINT uq_app_user_person_party UNIQUE NULLS NOT DISTINCT (person_id, party_id)`);

    await db.query(`
      CREATE TABLE invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        party_id uuid CONSTRAINT fk_invitation_party REFERENCES party (id),
        email text NOT NULL,
        name text NOT NULL,
        role user_role NOT NULL,
        language varchar(2) NOT NULL DEFAULT 'sv',
        secret_hash char(64),
        invited_by text NOT NULL,
        expires_at timestamptz NOT NULL,
        mailed_at timestamptz,
        accepted_at timestamptz,
        membership_id uuid CONSTRAINT fk_invitation_membership REFERENCES app_user (id),
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_invitation_role_party CHECK ((role IN ('skr', 'skr-admin')) = (party_id IS NULL)),
        CONSTRAINT ck_invitation_accepted CHECK ((accepted_at IS NULL) = (membership_id IS NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_invitation_secret_hash ON invitation (secret_hash) WHERE secret_hash IS NOT NULL`);
    await db.query(`CREATE INDEX ix_invitation_party ON invitation (party_id, created_at)`);

    // A party sees the people who are its members; SKR sees everyone. Binding runs in the service's own scope.
    await db.query(`ALTER TABLE person ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`
      CREATE POLICY person_visible ON person
        USING (app_is_skr() OR EXISTS (SELECT 1 FROM app_user m WHERE m.person_id = person.id AND app_owns(m.party_id)))`);
    await db.query(`ALTER TABLE invitation ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY invitation_visible ON invitation USING (app_can_see(party_id))`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON person, invitation TO ${role}`);
  }

  async down(db: QueryRunner): Promise<void> {
    const [{ shared }] = (await db.query(
      `SELECT count(*)::int AS shared FROM (SELECT subject FROM app_user GROUP BY subject HAVING count(*) > 1) s`,
    )) as { shared: number }[];
    if (shared > 0) {
      throw new Error(
        `Cannot go back to one user per subject: ${shared} subject(s) hold memberships in several parties. ` +
          'Deactivate and remove the extra memberships first.',
      );
    }
    await db.query(`DROP TABLE invitation`);
    // The person policy reads app_user.person_id, so it goes before the column.
    await db.query(`DROP POLICY person_visible ON person`);
    await db.query(`ALTER TABLE app_user DROP CONSTRAINT uq_app_user_person_party`);
    await db.query(`ALTER TABLE app_user ADD CONSTRAINT uq_app_user_subject UNIQUE (subject)`);
    await db.query(`ALTER TABLE app_user DROP COLUMN person_id`);
    await db.query(`DROP TABLE person`);
    await db.query(`DELETE FROM notification_preference p WHERE NOT EXISTS (SELECT 1 FROM app_user u WHERE u.subject = p.user_subject)`);
    await db.query(`ALTER TABLE notification_preference DROP CONSTRAINT notification_preference_pkey`);
    await db.query(`ALTER TABLE notification_preference ADD CONSTRAINT notification_preference_pkey PRIMARY KEY (user_subject, type)`);
    await db.query(`
      ALTER TABLE notification_preference ADD CONSTRAINT fk_notification_preference_user
        FOREIGN KEY (user_subject) REFERENCES app_user (subject) ON DELETE CASCADE`);
  }
}
