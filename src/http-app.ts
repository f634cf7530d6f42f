import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Gauge } from 'prom-client';
import { Logger } from 'nestjs-pino';
import { quietBootLogger } from './common/logging';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { trustProxySetting } from './config/trust-proxy';
import type { Request } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthGuard } from './auth/auth.guard';
import { largeBodySenderOf } from './auth/large-body-sender';
import { hasSessionCookie, portalBodySenderOf } from './portal/portal-body-sender';
import { PortalSessionsService } from './portal/portal-sessions.service';
import { largeBodyTurns } from './common/body-budget';
import { MetricsService } from './metrics/metrics.service';
import { ProblemDto } from './common/api-responses';
import { strictOpenApi } from './common/strict-openapi';
import { applyServerTimeouts } from './common/server-timeouts';
import { assignRequestId } from './common/request-id';
import { requireUtf8Bodies } from './common/utf8-body';
import { QUIET_BOOT } from './process-lifecycle';
import { QUEUE_DASHBOARD_PATH, QueueDashboard } from './queue-dashboard/queue-dashboard';

/** JSON bodies above this are refused before parsing (413); attachments are streamed and limited separately. */
export const JSON_BODY_LIMIT = '1mb';

/** Builds the API exactly as `main.ts` runs it; e2e tests call this too, so they test the real HTTP set-up. */
export async function createApiApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: QUIET_BOOT, bodyParser: false, rawBody: true });
  configureApiApp(app);
  return app;
}

export function configureApiApp(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  app.useLogger(quietBootLogger(app.get(Logger)));
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.set('query parser', 'simple');
  // The request id first: a body the parsers below refuse is answered with a traceId found in the logs.
  app.use((request: IncomingMessage, response: ServerResponse, next: () => void) => {
    assignRequestId(request, response);
    next();
  });
  app.use(helmet({ contentSecurityPolicy: false }));
  const rate = { minBytesPerSecond: config.BODY_MIN_BYTES_PER_SECOND, windowMs: config.BODY_RATE_WINDOW_MS };
  const budget = {
    slots: config.LARGE_BODY_SLOTS,
    webhookSlots: config.WEBHOOK_BODY_SLOTS,
    slotsPerSender: config.LARGE_BODY_SLOTS_PER_CLIENT,
    waitMs: config.LARGE_BODY_WAIT_MS,
    rate,
  };
  const apiSender = largeBodySenderOf(app.get(AuthGuard));
  const pageSender = portalBodySenderOf(app.get(PortalSessionsService));
  // A page's large body (evidence) is admitted by its session cookie; everything else by a bearer token as before.
  const isPage = (request: Request) => !/^\/(api|webhooks)\//.test(request.path) && hasSessionCookie(request.headers);
  const turns = largeBodyTurns(budget, (request) => (isPage(request) ? pageSender(request) : apiSender(request)));
  app.use(turns);
  new Gauge({
    name: 'http_large_bodies',
    help: 'Large request bodies holding a slot (in_use) or waiting for one (waiting), by budget (api, webhook).',
    labelNames: ['budget', 'state'] as const,
    registers: [app.get(MetricsService).registry],
    collect() {
      for (const [name, load] of Object.entries(turns.load())) {
        this.set({ budget: name, state: 'in_use' }, load.inUse);
        this.set({ budget: name, state: 'waiting' }, load.waiting);
      }
    },
  });
  applyServerTimeouts(app.getHttpServer(), {
    headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS,
    maxBodyBytes: config.ATTACHMENT_MAX_BYTES,
    rate,
  });
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  // Template imports may come as YAML; the service parses the text.
  app.useBodyParser('text', { limit: JSON_BODY_LIMIT, type: ['application/yaml', 'application/x-yaml', 'text/yaml'] });
  app.use(requireUtf8Bodies());
  app.use(QUEUE_DASHBOARD_PATH, ...app.get(QueueDashboard).handlers());
  answerClientErrorsAsProblems(app);
  setUpOpenApi(app, config);
}

const CLIENT_ERROR_PROBLEMS: Record<string, [number, string, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE', 'The request line or headers are too large.'],
  // HTTP_HEADERS_TIMEOUT_MS, or the request timeout (src/common/server-timeouts.ts), ran out.
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'REQUEST_TIMEOUT', 'The request was not sent in time.'],
  default: [400, 'Bad Request', 'BAD_REQUEST', 'The request is not valid HTTP.'],
};

/**
 * Requests Node's HTTP parser refuses (a URL or headers over its size limit, malformed HTTP) never reach Express;
 * Node would answer them with a bare status line. They get a problem document like every other error.
 */
function answerClientErrorsAsProblems(app: NestExpressApplication): void {
  const server = app.getHttpServer() as import('node:http').Server;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: import('node:stream').Duplex) => {
    if (!socket.writable || (error as { code?: string }).code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const [status, title, code, detail] = CLIENT_ERROR_PROBLEMS[error.code ?? ''] ?? CLIENT_ERROR_PROBLEMS.default;
    const type = `https://avvikelse.ssbtek.se/problems/${code.toLowerCase().replace(/_/g, '-')}`;
    const body = JSON.stringify({ type, title, status, code, detail, traceId: 'none' });
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

function setUpOpenApi(app: INestApplication, config: AppConfig): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Avvikelse – avvikelsehantering för SSBTEK')
      .setDescription(
        'Parter rapporterar avvikelser mot krav, avtal och överenskommelser i SSBTEK och följer dem tills de är lösta. ' +
          'Avvikelserna speglas mot SKR:s Jira-projekt "Kvalitetshöjande åtgärder SSBTEK". En part ser endast sina egna ' +
          'avvikelser och självdeklarationer. Fel besvaras som application/problem+json (RFC 9457).',
      )
      .setVersion('1')
      .addServer(config.PUBLIC_BASE_URL)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
    { extraModels: [ProblemDto] },
  );
  SwaggerModule.setup('docs', app, strictOpenApi(document), { jsonDocumentUrl: 'docs-json', raw: ['json'] });
}
