import { createTransport, type Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** The port to e-mail. Nodemailer over SMTP in every environment; tests run a real SMTP server. */
export abstract class Mailer {
  abstract send(mail: Mail): Promise<void>;
  abstract close(): void;
}

export class SmtpMailer extends Mailer {
  private readonly transport: Transporter;

  constructor(url: string, private readonly from: string) {
    super();
    const parsed = new URL(url);
    this.transport = createTransport({
      host: parsed.hostname,
      port: Number(parsed.port || (parsed.protocol === 'smtps:' ? 465 : 25)),
      secure: parsed.protocol === 'smtps:',
      ...(parsed.username ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } } : {}),
      // An SMTP server that does not answer must not hold a worker slot: the job is retried later instead.
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 10000,
    });
  }

  async send(mail: Mail): Promise<void> {
    await this.transport.sendMail({ from: this.from, ...mail });
  }

  close(): void {
    this.transport.close();
  }
}
