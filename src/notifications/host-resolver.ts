import { Injectable } from '@nestjs/common';
import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';

/**
 * The port to name resolution for webhook deliveries: the system resolver in every environment, a stub in tests, so
 * a test can make `inward.nip.io` resolve to 127.0.0.1 (or any address) without asking real DNS.
 */
export abstract class HostResolver {
  /** Every address the name has, in the resolver's order. */
  abstract resolve(hostname: string): Promise<LookupAddress[]>;
}

@Injectable()
export class SystemHostResolver extends HostResolver {
  resolve(hostname: string): Promise<LookupAddress[]> {
    return lookup(hostname, { all: true, order: 'verbatim' });
  }
}
