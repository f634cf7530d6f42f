import { createTransport, type Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  /** Shown beside the address; encoded by the transport, never pasted into a header. */
  toName?: string | null;
  subject: string;
  text: string;
  html: string;
  /** Stable per delivery, so a message re-sent after a crash is recognisable as the same one. */
  messageId: string;
  /** Further headers, e.g. RFC 8058's List-Unsubscribe and List-Unsubscribe-Post. */
  headers?: Record<string, string>;
}

/** The server refused the message for good (an SMTP 5xx): retrying will not help. */
export class MailRejectedError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
    this.name = MailRejectedError.name;
  }
}

/**
 * The port to e-mail — the one place a port earns its keep: nodemailer over SMTP in every environment, a real SMTP
 * server in tests. `send` resolves when the server accepted the message, rejects with MailRejectedError when it
 * refused it permanently, and with any other error when trying again later may work (outage, 4xx, timeout).
 */
export abstract class Mailer {
  abstract send(mail: Mail): Promise<void>;
  abstract close(): void;
}

export interface SmtpMailerOptions {
  url: string;
  from: string;
  timeoutMs: number;
  /** STARTTLS is required before anything is sent over `smtp://` (SMTP_REQUIRE_TLS). */
  requireTls?: boolean;
}

export class SmtpMailer extends Mailer {
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpMailerOptions) {
    super();
    const parsed = new URL(options.url);
    const secure = parsed.protocol === 'smtps:';
    this.transport = createTransport({
      host: parsed.hostname,
      port: Number(parsed.port || (secure ? 465 : 25)),
      secure,
      requireTLS: !secure && options.requireTls === true,
      ...(parsed.username ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } } : {}),
      // An SMTP server that does not answer must not hold a worker slot: the job is retried later instead.
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    });
  }

  async send(mail: Mail): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: mail.toName ? { name: mail.toName, address: mail.to } : mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        // RFC 3834: vacation responders and ticket systems must not answer an automatic message.
        headers: { ...mail.headers, 'Auto-Submitted': 'auto-generated' },
      });
    } catch (error) {
      const responseCode = (error as { responseCode?: unknown }).responseCode;
      if (typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600) {
        throw new MailRejectedError((error as Error).message, responseCode);
      }
      throw error;
    }
  }

  close(): void {
    this.transport.close();
  }
}
