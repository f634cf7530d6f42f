import { simpleParser } from 'mailparser';
import { createServer, type Server } from 'node:http';
import { SMTPServer } from 'smtp-server';

interface CaughtMail {
  at: string;
  from: string;
  to: string;
  subject: string;
  text: string;
}

export interface MailCatcher {
  smtpUrl: string;
  webUrl: string;
  stop(): Promise<void>;
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The embedded default's mail catcher: an SMTP server that keeps the last 200 messages and a web inbox to read
 * them (`/`, and `/api/email` as JSON), so a newcomer sees the notifications the service sends.
 */
export async function startMailCatcher(smtpPort: number, webPort: number, host = '127.0.0.1'): Promise<MailCatcher> {
  const mails: CaughtMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          mails.unshift({
            at: new Date().toISOString(),
            from: mail.from?.text ?? '',
            to: Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? ''),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
          });
          mails.length = Math.min(mails.length, 200);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(smtpPort, host, resolve));
  const web: Server = createServer((request, response) => {
    if (request.url?.startsWith('/api/email')) {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(mails));
      return;
    }
    const rows = mails
      .map(
        (m) =>
          `<article><h3>${escape(m.subject)}</h3><p><small>${escape(m.at)} · till ${escape(m.to)}</small></p><pre>${escape(m.text)}</pre></article>`,
      )
      .join('<hr>');
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        `<!doctype html><html lang="sv"><meta charset="utf-8"><title>Avvikelse – inkorg</title><h1>Skickad e-post (${mails.length})</h1>${rows || '<p>Inga meddelanden ännu.</p>'}`,
      );
  });
  await new Promise<void>((resolve) => web.listen(webPort, host, resolve));
  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    webUrl: `http://${host}:${webPort}`,
    stop: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => web.close(() => resolve()));
    },
  };
}
