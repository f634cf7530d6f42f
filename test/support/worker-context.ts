import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from '../../src/worker.module';

/**
 * The worker process's Nest context inside the jest process (its processors, schedules and outbox relay), with `env`
 * set only while it boots: its configuration is read then, and the next test's worker must not inherit it.
 */
export async function startWorkerContext(env: Record<string, string> = {}): Promise<INestApplicationContext> {
  const before = { ...process.env };
  Object.assign(process.env, env);
  try {
    const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    return worker;
  } finally {
    process.env = before;
  }
}
