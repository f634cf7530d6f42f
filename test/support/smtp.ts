import { type ParsedMail, simpleParser } from 'mailparser';
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail extends ParsedMail {
  /** The envelope's recipients (RCPT TO), lower-cased: who really received it, whatever the headers say. */
  envelopeTo: string[];
  /** When the server accepted it. */
  acceptedAt: Date;
  /**
   * The client had closed its end of the connection before the server answered that it accepted the message: it
   * timed out waiting, or was killed. Its sender never heard the message went out and rightly sends it again.
   */
  clientLeftFirst: boolean;
}

export interface SmtpTestServer {
  /** `smtp://127.0.0.1:<port>`; the port stays the same across stop() and start(). */
  url: string;
  mails: CaughtMail[];
  /** Mails whose envelope includes `address`. */
  mailsTo(address: string): CaughtMail[];
  /** The next `count` messages are refused with `code` (451: try again later, as a struggling server; 550: for good). */
  refuseNext(count: number, code?: number): void;
  /** An outage: the port stops answering until start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * A real SMTP server in the test process (smtp-server on a free loopback port); every accepted message is parsed
 * with mailparser, so tests assert on what a mail client would show.
 */
export async function startSmtpServer(): Promise<SmtpTestServer> {
  const mails: CaughtMail[] = [];
  let refuse = { count: 0, code: 451 };
  let port = 0;
  let server: SMTPServer | undefined;
  /** Each client connection, by its port, and whether the client has closed its end. */
  const clients = new Map<number, { left: boolean }>();
  const watch = (socket: Socket) => {
    const client = { left: false };
    clients.set(socket.remotePort ?? 0, client);
    for (const event of ['end', 'close']) socket.once(event, () => (client.left = true));
  };

  const listen = async () => {
    const next = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        if (refuse.count > 0) {
          refuse.count--;
          const code = refuse.code;
          stream.resume();
          stream.on('end', () =>
            callback(Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code })),
          );
          return;
        }
        simpleParser(stream).then(
          // One turn of the event loop first: a close that came in with the message's last bytes is seen by then.
          (mail) =>
            setImmediate(() => {
              mails.push(
                Object.assign(mail, {
                  envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
                  acceptedAt: new Date(),
                  clientLeftFirst: clients.get(session.remotePort)?.left ?? false,
                }),
              );
              callback();
            }),
          (error: Error) => callback(error),
        );
      },
    });
    next.server.on('connection', watch);
    await new Promise<void>((resolve, reject) => {
      next.on('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    port = (next.server.address() as AddressInfo).port;
    server = next;
  };

  await listen();
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    mailsTo: (address) => mails.filter((m) => m.envelopeTo.includes(address.toLowerCase())),
    refuseNext: (count, code = 451) => {
      refuse = { count, code };
    },
    stop: async () => {
      const current = server;
      server = undefined;
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    start: async () => {
      if (!server) await listen();
    },
  };
}
