import { jiraWebhookSignatureValid } from './jira-webhook-signature';

// The HMAC-SHA256 test vector every reference lists (key "key"): an oracle that does not run the code under test.
const VECTOR_BODY = Buffer.from('The quick brown fox jumps over the lazy dog', 'utf8');
const VECTOR_HMAC = 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8';
const signed = `sha256=${VECTOR_HMAC}`;

describe('jiraWebhookSignatureValid', () => {
  it('should take the sha256= header Jira sends for these bytes and this secret', () => {
    expect(jiraWebhookSignatureValid(VECTOR_BODY, signed, ['key'])).toBe(true);
  });

  it('should take the hex digits in either case', () => {
    expect(jiraWebhookSignatureValid(VECTOR_BODY, `sha256=${VECTOR_HMAC.toUpperCase()}`, ['key'])).toBe(true);
  });

  it('should refuse a missing or empty header, and one for other bytes or another secret', () => {
    expect(jiraWebhookSignatureValid(VECTOR_BODY, undefined, ['key'])).toBe(false);
    expect(jiraWebhookSignatureValid(VECTOR_BODY, '', ['key'])).toBe(false);
    expect(jiraWebhookSignatureValid(Buffer.from('The quick brown fox jumps over the lazy cat'), signed, ['key'])).toBe(false);
    expect(jiraWebhookSignatureValid(VECTOR_BODY, signed, ['another key'])).toBe(false);
  });

  it('should refuse a header that is not exactly sha256= and 64 hex digits', () => {
    const refused = [
      VECTOR_HMAC, // no algorithm
      `sha1=${VECTOR_HMAC}`,
      `SHA256=${VECTOR_HMAC}x`,
      `xsha256=${VECTOR_HMAC}`,
      ` sha256=${VECTOR_HMAC}`,
      `${signed} `,
      `${signed}0`, // 65 digits: the first 64 are the right HMAC
      `${signed}\nsha256=${VECTOR_HMAC}`,
      `sha256=${VECTOR_HMAC.slice(0, 63)}`,
      `sha256=${VECTOR_HMAC.slice(0, 63)}g`,
      `sha256=${VECTOR_HMAC.slice(0, 62)}`,
    ];
    for (const header of refused) expect([header, jiraWebhookSignatureValid(VECTOR_BODY, header, ['key'])]).toEqual([header, false]);
  });

  it('should check the bytes as they arrived, not the JSON parsed and written again', () => {
    // Jira's spacing and its escape of ä: both change when the payload is re-serialised, so the signature no longer fits.
    const raw = Buffer.from('{"webhookEvent": "jira:issue_updated", "issue": {"key": "KHA-1", "summary": "F\\u00e4ltet"}}', 'utf8');
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))), 'utf8');
    expect(reserialised.toString('utf8')).toBe('{"webhookEvent":"jira:issue_updated","issue":{"key":"KHA-1","summary":"Fältet"}}');
    // Computed outside this code, over `raw`: printf '%s' '<raw>' | openssl dgst -sha256 -hmac avvikelse
    const overRaw = 'sha256=bc28d060d8c05ba7580daf40c97c243770727f20a019e6dda9d0c80ec20c5bfa';
    expect(jiraWebhookSignatureValid(raw, overRaw, ['avvikelse'])).toBe(true);
    expect(jiraWebhookSignatureValid(reserialised, overRaw, ['avvikelse'])).toBe(false);
  });

  it('should take a signature by the previous secret during a rotation, and by the current one', () => {
    expect(jiraWebhookSignatureValid(VECTOR_BODY, signed, ['new secret', 'key'])).toBe(true);
    expect(jiraWebhookSignatureValid(VECTOR_BODY, signed, ['key', 'old secret'])).toBe(true);
    expect(jiraWebhookSignatureValid(VECTOR_BODY, signed, ['new secret', 'old secret'])).toBe(false);
  });

  it('should skip a secret left unset, and refuse everything when none is set', () => {
    expect(jiraWebhookSignatureValid(VECTOR_BODY, signed, [undefined, 'key'])).toBe(true);
    expect(jiraWebhookSignatureValid(VECTOR_BODY, signed, ['new secret', undefined])).toBe(false);
    expect(jiraWebhookSignatureValid(VECTOR_BODY, signed, [undefined])).toBe(false);
    expect(jiraWebhookSignatureValid(VECTOR_BODY, signed, [])).toBe(false);
  });
});
