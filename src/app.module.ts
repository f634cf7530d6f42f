import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { loggerOptions } from './common/logging';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DeclarationsModule } from './declarations/declarations.module';
import { DeviationsModule } from './deviations/deviations.module';
import { HealthModule } from './health/health.module';
import { JiraModule } from './jira/jira.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PartiesModule } from './parties/parties.module';
import { QueuesModule } from './queues/queues.module';
import { SlaModule } from './sla/sla.module';

/** The modules every process is built from: configuration, logging, database, metrics, queues. */
export const CORE_MODULES = [
  ConfigModule,
  LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerOptions }),
  CommonModule,
  DatabaseModule,
  MetricsModule,
  QueuesModule,
];

/** The API process. */
@Module({
  imports: [...CORE_MODULES, HealthModule, AuthModule, PartiesModule, AuditModule, DeviationsModule, JiraModule, DeclarationsModule, NotificationsModule, SlaModule],
})
export class AppModule {}
