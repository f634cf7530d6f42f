import type { LoggerService } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { AppConfig, NodeEnv } from '../config/app-config';
import { assignRequestId } from './request-id';

const QUIET_PATHS = /^\/(health|metrics)(\/|$)/;

/** Levels at which a request's log line carries its headers; at info and above one compact line is enough. */
const DETAILED_LEVELS = new Set(['debug', 'trace']);

type LoggedRequest = IncomingMessage & { id?: string; actor?: { userId: string; partyId: string | null } };

/**
 * nestjs-pino options: request ids, redaction of credentials, no health-check noise, pretty only in development.
 * At info a request is one line — method, path, status, time, actor and request id — because an operator reads the
 * terminal and the log store by request; every response header (about 780 characters a line) belongs to debug.
 */
export function loggerOptions(config: AppConfig): Params {
  const detailed = DETAILED_LEVELS.has(config.LOG_LEVEL);
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      genReqId: assignRequestId,
      autoLogging: { ignore: (request) => QUIET_PATHS.test(request.url ?? '') },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-hub-signature"]',
          'req.headers["webhook-signature"]',
          'res.headers["set-cookie"]',
          '*.token',
          '*.accessToken',
          '*.apiToken',
          '*.password',
          '*.secret',
        ],
        censor: '[redacted]',
      },
      customSuccessMessage: (request, response, ms) => requestLine(request, response, ms),
      customErrorMessage: (request, response) => requestLine(request, response),
      customSuccessObject: (request, _response, value: object) => ({ ...value, actor: actorOf(request as LoggedRequest) }),
      customErrorObject: (request, _response, _error, value: object) => ({ ...value, actor: actorOf(request as LoggedRequest) }),
      serializers: detailed
        ? { req: (request: { id: string; method: string; url: string; headers: unknown }) => request }
        : {
            req: (request: { id: string }) => ({ id: request.id }),
            res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
          },
      ...(config.NODE_ENV === NodeEnv.Development
        ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss' } } }
        : {}),
    },
  };
}

function requestLine(request: IncomingMessage, response: ServerResponse, ms?: number): string {
  const path = (request.url ?? '').split('?')[0];
  return `${request.method} ${path} ${response.statusCode}${ms === undefined ? '' : ` ${Math.round(ms)} ms`}`;
}

/** The acting user and party as the auth guard decided them; absent for anonymous and refused requests. */
function actorOf(request: LoggedRequest): string | undefined {
  const actor = request.actor;
  if (!actor) return undefined;
  return actor.partyId ? `${actor.userId}@${actor.partyId}` : `${actor.userId}@skr`;
}

/** Nest's contexts that log one line per module and route at every start: worth seeing at debug, noise at info. */
const BOOT_CONTEXTS = new Set(['RoutesResolver', 'RouterExplorer', 'InstanceLoader', 'NestFactory', 'NestApplication']);

/** Hands Nest's own start-up chatter to the logger at debug; everything else passes unchanged. */
export function quietBootLogger(logger: LoggerService & { debug: NonNullable<LoggerService['debug']> }): LoggerService {
  return {
    log: (message: unknown, ...rest: unknown[]) =>
      BOOT_CONTEXTS.has(String(rest.at(-1))) ? logger.debug(message, ...rest) : logger.log(message, ...rest),
    error: (message: unknown, ...rest: unknown[]) => logger.error(message, ...rest),
    warn: (message: unknown, ...rest: unknown[]) => logger.warn(message, ...rest),
    debug: (message: unknown, ...rest: unknown[]) => logger.debug(message, ...rest),
    verbose: (message: unknown, ...rest: unknown[]) => logger.verbose?.(message, ...rest),
    fatal: (message: unknown, ...rest: unknown[]) => logger.fatal?.(message, ...rest),
  };
}
