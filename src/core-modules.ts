import { LoggerModule } from 'nestjs-pino';
import { CommonModule } from './common/common.module';
import { loggerOptions } from './common/logging';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ProcessHealthModule } from './health/process-health.module';
import { MetricsModule } from './metrics/metrics.module';
import { QueuesModule } from './queues/queues.module';

/** The modules every process is built from: configuration, logging, database, metrics, queues, health probes. */
export const CORE_MODULES = [
  ConfigModule,
  LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerOptions }),
  CommonModule,
  DatabaseModule,
  MetricsModule,
  QueuesModule,
  ProcessHealthModule,
];
