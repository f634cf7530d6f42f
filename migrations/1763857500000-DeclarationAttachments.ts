import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * Evidence attached to a declaration itself (seed 000: references to evidence point at specific material — of a
 * cited deviation or of the declaration). Party-owned like the declaration: row-level security, and removable by
 * the party while the declaration is editable.
 */
export class DeclarationAttachments1763857500000 implements MigrationInterface {
  name = 'DeclarationAttachments1763857500000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`
      CREATE TABLE declaration_attachment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        declaration_id uuid NOT NULL CONSTRAINT fk_declaration_attachment_declaration REFERENCES declaration (id) ON DELETE CASCADE,
        party_id uuid NOT NULL,
        filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 char(64) NOT NULL,
        storage_key text NOT NULL,
        uploaded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX ix_declaration_attachment_declaration ON declaration_attachment (declaration_id)`);
    await db.query(`ALTER TABLE declaration_attachment ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY declaration_attachment_visible ON declaration_attachment USING (app_can_see(party_id))`);
    await db.query(`GRANT SELECT, INSERT, DELETE ON declaration_attachment TO ${role}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE declaration_attachment`);
  }
}
