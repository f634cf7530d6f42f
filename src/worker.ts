import { startTracing } from './tracing';
// Before every other import: the instrumentation patches http, pg and ioredis as they are first required.
startTracing('worker');
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { quietBootLogger } from './common/logging';
import { QUIET_BOOT, runOrExit } from './process-lifecycle';
import { WorkerModule } from './worker.module';

runOrExit('worker', async () => {
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: QUIET_BOOT });
  app.useLogger(quietBootLogger(app.get(Logger)));
  app.get(Logger).log('worker started');
  return app;
});
