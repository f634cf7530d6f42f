import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { createTransport } from 'nodemailer';
import { eventually } from '../support/eventually';
import { startSmtpServer, type SmtpTestServer } from '../support/smtp';

/**
 * The fault suite allows an e-mail to arrive twice only when its sender could not know the first copy went out. The
 * test SMTP server is the witness: it records whether the client had already left when the server was about to
 * answer that it accepted the message. Wrong one way, the suite forgives a knowing double send; the other way, it
 * fails on a timeout no sender can see through.
 */
describe('test SMTP server', () => {
  let smtp: SmtpTestServer;

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.stop());
  beforeEach(() => smtp.mails.splice(0));

  it('should record a message whose sender heard it accepted as not left first', async () => {
    const transport = createTransport({ url: smtp.url } as Parameters<typeof createTransport>[0]);

    await transport.sendMail({ from: 'a@avvikelse.test', to: 'b@part.example.se', subject: 'Hörd', text: 'x', messageId: '<heard@x>' });

    expect(smtp.mails.map((m) => ({ id: m.messageId, left: m.clientLeftFirst }))).toEqual([{ id: '<heard@x>', left: false }]);
    transport.close();
  });

  it('should record a message whose client closed before the answer as left first', async () => {
    const socket = connect(Number(new URL(smtp.url).port), '127.0.0.1');
    const replies = lines(socket);
    await replies.next(); // 220 greeting
    for (const command of ['EHLO klient', 'MAIL FROM:<a@avvikelse.test>', 'RCPT TO:<b@part.example.se>', 'DATA']) {
      socket.write(`${command}\r\n`);
      while (!/^\d{3} /.test((await replies.next()).value as string)); // the last line of a (multiline) reply
    }
    // The whole message and then the close, without waiting for the answer: as a sender that timed out or died.
    socket.end('Message-ID: <gone@x>\r\nSubject: Borta\r\n\r\nx\r\n.\r\n');
    await once(socket, 'close');

    await eventually(async () =>
      expect(smtp.mails.map((m) => ({ id: m.messageId, left: m.clientLeftFirst }))).toEqual([{ id: '<gone@x>', left: true }]),
    );
  });
});

/** The server's reply lines, one at a time. */
async function* lines(socket: Socket): AsyncGenerator<string> {
  let buffered = '';
  for await (const chunk of socket) {
    buffered += String(chunk);
    for (let end = buffered.indexOf('\r\n'); end >= 0; end = buffered.indexOf('\r\n')) {
      yield buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
    }
  }
}
