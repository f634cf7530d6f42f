import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which kinds of party fill in a declaration template (issue 20). Seed 000 says of the SSBTEK template "Det är
 * Driftleverantören som ska fylla i formuläret", and seed 003 sends the bastjänst template to the Uppgiftslämnare and
 * the verksamhetssystem template to the vendors, so existing templates get the kinds their `kind` names; a template of
 * another kind keeps being open to every kind of party, as it was. Declarations already started are not touched: the
 * rule applies when a party starts one.
 *
 * The column, not the document, holds the assignment: a published document is frozen (tr_declaration_template_frozen),
 * and the assignment is who fills the form in, not what it asks.
 */
export class TemplatePartyKinds1765600000000 implements MigrationInterface {
  name = 'TemplatePartyKinds1765600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE declaration_template ADD COLUMN party_kinds party_kind[] NOT NULL DEFAULT '{}'`);
    await db.query(`
      UPDATE declaration_template SET party_kinds = CASE kind
        WHEN 'ssbtek' THEN ARRAY['driftleverantör']::party_kind[]
        WHEN 'bastjänst' THEN ARRAY['uppgiftslämnare']::party_kind[]
        WHEN 'verksamhetssystem' THEN ARRAY['systemleverantör']::party_kind[]
        ELSE enum_range(NULL::party_kind)
      END`);
    await db.query(`ALTER TABLE declaration_template ALTER COLUMN party_kinds DROP DEFAULT`);
    await db.query(
      `ALTER TABLE declaration_template ADD CONSTRAINT ck_declaration_template_party_kinds CHECK (cardinality(party_kinds) > 0)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE declaration_template DROP COLUMN party_kinds`);
  }
}
