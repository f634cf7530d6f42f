import type { Params } from 'nestjs-pino';
import { AppConfig, NodeEnv } from '../config/app-config';
import { assignRequestId } from './request-id';

const QUIET_PATHS = /^\/(health|metrics)(\/|$)/;

/** nestjs-pino options: request ids, redaction of credentials, no health-check noise, pretty only in development. */
export function loggerOptions(config: AppConfig): Params {
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
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url }),
      },
      ...(config.NODE_ENV === NodeEnv.Development
        ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss' } } }
        : {}),
    },
  };
}
