import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook secret rotation (issue 22): a party admin gets a new secret, and the old one keeps signing beside it until
 * `previous_secret_expires_at`, so the receiving system can switch without losing a delivery (Standard Webhooks: a
 * `webhook-signature` header lists several signatures and a verifier accepts any one). Both columns or neither.
 */
export class WebhookSecretRotation1765795100000 implements MigrationInterface {
  name = 'WebhookSecretRotation1765795100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE party_webhook ADD COLUMN previous_secret text, ADD COLUMN previous_secret_expires_at timestamptz`);
    await db.query(
      `ALTER TABLE party_webhook ADD CONSTRAINT ck_party_webhook_previous_secret CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE party_webhook DROP CONSTRAINT ck_party_webhook_previous_secret`);
    await db.query(`ALTER TABLE party_webhook DROP COLUMN previous_secret, DROP COLUMN previous_secret_expires_at`);
  }
}
