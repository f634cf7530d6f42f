import { ConfigValidationError, loadConfig } from '../../src/config/load-config';
import { SmtpMailer } from '../../src/notifications/mailer';
import { startSmtpServer, type SmtpTestServer } from '../support/smtp';

const productionEnv = {
  NODE_ENV: 'production',
  AUTH_MODE: 'oidc',
  OIDC_ISSUER_URL: 'https://login.example.se',
  JIRA_WEBHOOK_SECRET: 'a-production-secret-of-ours',
  DRIFTINFO_UNSUBSCRIBE_SECRET: 'an-unsubscribe-secret-of-ours-0123456789',
  SMTP_URL: 'smtp://mail.example.se:587',
  METRICS_TOKEN: 'x'.repeat(32),
};

/** Seed 001 §4.11 "säker e-post": in production nothing leaves over plain SMTP. */
describe('SMTP_REQUIRE_TLS', () => {
  it('should be on in production unless set, and refused as off with an smtp:// URL there', () => {
    expect(loadConfig(productionEnv).SMTP_REQUIRE_TLS).toBe(true);
    expect(() => loadConfig({ ...productionEnv, SMTP_REQUIRE_TLS: 'false' })).toThrow(/SMTP_REQUIRE_TLS: refused/);
    expect(loadConfig({ ...productionEnv, SMTP_URL: 'smtps://mail.example.se', SMTP_REQUIRE_TLS: 'false' }).SMTP_REQUIRE_TLS).toBe(false);
  });

  it('should be off elsewhere unless set, and refuse anything but true or false', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).SMTP_REQUIRE_TLS).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', SMTP_REQUIRE_TLS: 'true' }).SMTP_REQUIRE_TLS).toBe(true);
    expect(() => loadConfig({ NODE_ENV: 'test', SMTP_REQUIRE_TLS: 'yes' })).toThrow(ConfigValidationError);
  });
});

describe('SmtpMailer against a server without STARTTLS', () => {
  let smtp: SmtpTestServer;
  beforeAll(async () => {
    smtp = await startSmtpServer(); // offers no STARTTLS, as a misconfigured relay would
  });
  afterAll(async () => {
    await smtp?.stop();
  });

  const mail = (subject: string) => ({
    to: 'kontakt@goteborg.se',
    subject,
    text: 'Hej',
    html: '<p>Hej</p>',
    messageId: `<${subject}@test>`,
  });

  it('should send nothing in plain text when TLS is required', async () => {
    const mailer = new SmtpMailer({ url: smtp.url, from: 'Avvikelse <a@ssbtek.se>', timeoutMs: 5000, requireTls: true });
    await expect(mailer.send(mail('krypterad'))).rejects.toThrow();
    mailer.close();
    expect(smtp.mails).toEqual([]);
  });

  it('should deliver over plain SMTP when TLS is not required (the embedded default and the tests)', async () => {
    const mailer = new SmtpMailer({ url: smtp.url, from: 'Avvikelse <a@ssbtek.se>', timeoutMs: 5000, requireTls: false });
    await mailer.send(mail('klartext'));
    mailer.close();
    expect(smtp.mails.map((m) => m.subject)).toEqual(['klartext']);
  });
});
