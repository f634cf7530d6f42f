// A throwaway HTTP endpoint that records what the simulator's webhooks deliver, raw bytes included, so tests can
// verify signatures over exactly what went over the wire.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  json: Record<string, unknown>;
  /** The status this receiver answered. */
  answered: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Decides the status for each delivery (default 204); `index` counts deliveries from 0. */
  respondWith(responder: (index: number, json: Record<string, unknown>) => number): void;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  clear(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let responder: (index: number, json: Record<string, unknown>) => number = () => 204;
  let waiters: (() => void)[] = [];
  let index = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const json = JSON.parse(rawBody.toString('utf8')) as Record<string, unknown>;
      const answered = responder(index++, json);
      received.push({ headers: req.headers, rawBody, json, answered });
      res.statusCode = answered;
      res.end();
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/jira/webhook`,
    received,
    respondWith(next) {
      responder = next;
    },
    waitFor(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (received.length < count) return false;
          clearTimeout(timer);
          waiters = waiters.filter((w) => w !== wake);
          resolve(received.slice(0, count));
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== wake);
          reject(new Error(`Expected ${count} webhooks within ${timeoutMs} ms, got ${received.length}`));
        }, timeoutMs);
        waiters.push(wake);
        check();
      });
    },
    clear() {
      received.length = 0;
      index = 0;
      responder = () => 204;
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
