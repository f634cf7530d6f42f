import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { LookupAddress } from 'node:dns';
import type { AddressInfo } from 'node:net';
import { HostResolver } from '../../src/notifications/host-resolver';

/** A party's system on loopback: records every request and answers with the status `answer` picks and `headers`. */
export async function webhookReceiver(answer: (count: number) => number = () => 204, headers: Record<string, string> = {}) {
  const requests: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers, body });
      res.writeHead(answer(requests.length), headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * DNS for tests: the names it knows answer with the given addresses, any other name fails as unknown. Nothing is
 * asked of real DNS, so no test can be led to connect beyond loopback by a name.
 */
export class StubHostResolver extends HostResolver {
  readonly asked: string[] = [];

  constructor(private readonly names: Record<string, string[]>) {
    super();
  }

  async resolve(hostname: string): Promise<LookupAddress[]> {
    this.asked.push(hostname);
    const addresses = this.names[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }
}
