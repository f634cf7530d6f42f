import { QueryFailedError } from 'typeorm';
import { DomainError } from '../common/domain-error';

/** PostgreSQL's unique_violation (23505), optionally on a named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && (!constraint || driverError.constraint === constraint);
}

/** SQLSTATEs of a server going away: admin_shutdown, crash_shutdown, cannot_connect_now (starting, recovering). */
const SERVER_GONE = new Set(['57P01', '57P02', '57P03']);
/** Socket errors of a server that is not there (ENOENT: its Unix socket is gone while it is down). */
const NO_SERVER = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOENT']);

/**
 * True when node-postgres' error (raw, or as TypeORM's QueryFailedError) says the database could not be reached or
 * dropped the connection — a restart, a failover, a network cut — rather than that a statement was wrong: trying
 * again once the server is back can succeed.
 */
export function isConnectionFailure(error: unknown): boolean {
  const candidate = (error instanceof QueryFailedError ? error.driverError : error) as { code?: unknown; message?: unknown } | null;
  if (!candidate || typeof candidate !== 'object') return false;
  const code = typeof candidate.code === 'string' ? candidate.code : '';
  if (code.startsWith('08') || SERVER_GONE.has(code) || NO_SERVER.has(code)) return true;
  // node-postgres' own words for a socket closed under a query, or a pool that could not connect in time.
  return (
    typeof candidate.message === 'string' && /^(Connection terminated|timeout exceeded when trying to connect)/.test(candidate.message)
  );
}

/**
 * True when the server ended the session with admin_shutdown (57P01): a fast shutdown or restart, or
 * pg_terminate_backend. The server acts on that only where it checks for interrupts, which a COMMIT never does
 * between making the transaction durable and answering; so a COMMIT answered this way did not commit. (A crash or an
 * immediate shutdown drops the connection with no such answer, and a COMMIT in flight then may have committed.)
 */
export function isTerminatedBeforeCommit(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  // As an error (not a notice) 57P01 is always FATAL; the severity itself comes translated, so it is not compared.
  return (error.driverError as { code?: string }).code === '57P01';
}

/**
 * The database is down or restarting: the request changed nothing (its transaction never committed, or its outcome
 * is unknown and a retry with the same Idempotency-Key settles it) and may be tried again — a 503, not a 500.
 */
export class DatabaseUnavailableError extends DomainError {
  readonly code = 'DATABASE_UNAVAILABLE';
  readonly kind = 'unavailable';

  constructor(cause: unknown) {
    super('The database is not reachable right now; try again shortly.');
    this.cause = cause;
  }
}
