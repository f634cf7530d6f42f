import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../config/app-config';

/**
 * The one rule for a metrics scrape, in the API and the worker alike. Metrics name routes, queue depths and failure
 * counts — a map of the service and of its load — so they are nobody's business but the operator's: with
 * METRICS_TOKEN set, the scraper must present it as a bearer token (production refuses to start without one);
 * without it, only this machine may scrape (development, tests).
 */
export function mayScrape(
  config: Pick<AppConfig, 'METRICS_TOKEN'>,
  authorization: string | undefined,
  clientAddress: string | undefined,
  relayed = false,
): boolean {
  if (config.METRICS_TOKEN) return bearerIs(authorization, config.METRICS_TOKEN);
  // A request a proxy on this machine relays comes from loopback too, whether or not `trust proxy` is set: only an
  // unrelayed local request counts as this machine's own.
  return !relayed && isLoopback(clientAddress);
}

/** Whether a proxy relayed the request (the headers a reverse proxy adds). */
export function isRelayed(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined || headers['x-real-ip'] !== undefined;
}

/** Compared as digests in constant time, so the answer's timing tells nothing about how much of a guess was right. */
function bearerIs(authorization: string | undefined, token: string): boolean {
  const presented = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  if (!presented) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(token));
}

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && /^(127\.|::ffff:127\.|::1$)/.test(address);
}
