import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { runOrExit } from './process-lifecycle';
import { WorkerModule } from './worker.module';

runOrExit('worker', async () => {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.get(Logger).log('worker started');
  return app;
});
