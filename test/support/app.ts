import { type Type } from '@nestjs/common';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { Role } from '../../src/actor/role';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { Clock } from '../../src/common/clock';
import { AppConfig } from '../../src/config/app-config';
import { configureApiApp } from '../../src/http-app';
import { trackOpenApp } from './open-apps';
import { ResponseChecker } from './openapi-responses';
import { resetThrottleCounters } from './throttle';

export interface TestApp {
  app: NestExpressApplication;
  /** Requests to the app; each response is checked against the operation /docs-json documents for it. */
  http: ReturnType<typeof request>;
  /** A token for a user of `partyId` with `role` (reporter by default). */
  partyToken(partyId: string, role?: Role, subject?: string): Promise<string>;
  /** A token for an SKR user (role `skr` by default). */
  skrToken(role?: Role, subject?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real API (AppModule with the production HTTP set-up) on this worker's database. `controllers` adds test-only
 * routes (e.g. one that throws); `clock` replaces the time source. Throttle counters start empty unless
 * `keepThrottleCounters` (a second API process joining the first's).
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const starting = start(options);
  const untrack = trackOpenApp(starting);
  const started = await starting;
  return {
    ...started,
    close: async () => {
      untrack();
      await started.close();
    },
  };
}

interface TestAppOptions {
  controllers?: Type[];
  clock?: Clock;
  keepThrottleCounters?: boolean;
}

async function start(options: TestAppOptions): Promise<TestApp> {
  if (!options.keepThrottleCounters) await resetThrottleCounters();
  let builder = Test.createTestingModule({ imports: [AppModule], controllers: options.controllers ?? [] });
  if (options.clock) builder = builder.overrideProvider(Clock).useValue(options.clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, rawBody: true, logger: false });
  configureApiApp(app);
  await app.init();
  const verifier = app.get(TokenVerifier);
  const config = app.get(AppConfig);
  const mint = (subject: string, partyId: string | null, roles: string[]) =>
    verifier.devIssuer!.mint({ subject, partyId, roles }, config.OIDC_AUDIENCE, config.OIDC_PARTY_CLAIM, config.OIDC_ROLES_CLAIM);
  const document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
  const checker = ResponseChecker.for(
    document,
    (options.controllers ?? []).map((c) => c.name),
  );
  return {
    app,
    http: checkedRequests(app, checker),
    partyToken: (partyId, role = Role.Reporter, subject = `user-${randomUUID()}`) => mint(subject, partyId, [role]),
    skrToken: (role = Role.Skr, subject = `skr-${randomUUID()}`) => mint(subject, null, [role]),
    close: () => app.close(),
  };
}

/** `request(server)` whose every test also checks its response against the document. */
function checkedRequests(app: NestExpressApplication, checker: ResponseChecker): ReturnType<typeof request> {
  const plain = request(app.getHttpServer());
  return new Proxy(plain, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (url: string) => (value as (url: string) => request.Test).call(target, url).expect((response) => checker.check(response));
    },
  });
}
