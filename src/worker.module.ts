import { Module } from '@nestjs/common';
import { CORE_MODULES } from './app.module';

/**
 * The worker process: the same modules as the API without HTTP. Queue processors and schedulers register here
 * (Jira sync, notifications, SLA clocks).
 */
@Module({
  imports: [...CORE_MODULES],
})
export class WorkerModule {}
