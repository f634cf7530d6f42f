import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import type { HostResolver } from './host-resolver';
import { nonGlobalRange } from './webhook-address';

/** The endpoint's host is, or resolved to, an address a webhook must not reach. For SKR's log only. */
export class WebhookAddressRefusedError extends Error {
  readonly code = 'WEBHOOK_ADDRESS_REFUSED';

  constructor(host: string, address: string, range: string) {
    super(`${host} is ${address}: ${range}`);
    this.name = WebhookAddressRefusedError.name;
  }
}

export interface WebhookAgentOptions {
  resolver: HostResolver;
  /** Loopback and private networks are reachable (development and tests); never in production. */
  allowPrivate: boolean;
  connectTimeoutMs: number;
}

/**
 * The one way webhooks leave the worker. The address is judged when the socket is opened, on exactly the addresses
 * the connection may use: a name that resolves inward (`*.nip.io`, a rebinding DNS server answering differently the
 * second time) is refused however it looked when it was registered. A name with any refused address is refused as a
 * whole, so happy eyeballs cannot pick the inward one. A literal IP skips `lookup` in node:net, hence the check
 * in the connector too.
 */
export function webhookAgent(options: WebhookAgentOptions): Agent {
  const refusal = (host: string, address: string) => {
    const range = options.allowPrivate ? null : nonGlobalRange(address);
    return range ? new WebhookAddressRefusedError(host, address, range) : null;
  };

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    const family = lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family || 0;
    options.resolver.resolve(hostname).then(
      (resolved) => {
        const addresses = family ? resolved.filter((a) => a.family === family) : resolved;
        const refused = addresses.map((a) => refusal(hostname, a.address)).find((error) => error !== null);
        if (refused) return callback(refused, '');
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
        if (lookupOptions.all) return callback(null, addresses satisfies LookupAddress[]);
        callback(null, addresses[0].address, addresses[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };

  const connect = buildConnector({ lookup, timeout: options.connectTimeoutMs });
  return new Agent({
    connect: (connectOptions, callback) => {
      const refused = isIP(connectOptions.hostname) ? refusal(connectOptions.hostname, connectOptions.hostname) : null;
      if (refused) return callback(refused, null);
      connect(connectOptions, callback);
    },
  });
}
