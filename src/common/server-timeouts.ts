import type { Server } from 'node:http';
import type { BodyRate } from './body-rate';

/**
 * Node's own limits on a connection, set to match the body-rate rule. Headers come in one packet from any real
 * client, so `headersTimeoutMs` (20 s by default) only ever cuts a sender trickling them. `requestTimeout` is the
 * backstop for a whole request, so it must let the largest legitimate upload through at the minimum rate: with 25 MB
 * at 8 KiB/s that is 3,200 s, plus one rate window and the header time (Node's default of 300 s would cut such an
 * upload at a tenth of the way). Node checks both on an interval; a quarter of the header timeout keeps a silent
 * client's cut within 1.25 times it.
 */
export function applyServerTimeouts(server: Server, limits: { headersTimeoutMs: number; maxBodyBytes: number; rate: BodyRate }): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout =
    Math.ceil(limits.maxBodyBytes / limits.rate.minBytesPerSecond) * 1000 + limits.rate.windowMs + limits.headersTimeoutMs;
  // A createServer option Node keeps as a property and reads when the server starts listening (not typed).
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(
    50,
    Math.floor(limits.headersTimeoutMs / 4),
  );
}
