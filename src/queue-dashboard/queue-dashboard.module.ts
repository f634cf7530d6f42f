import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { QueueDashboard } from './queue-dashboard';
import { QueueDashboardController } from './queue-dashboard.controller';

/** Bull Board for SKR admins (API only); http-app.ts mounts its handlers at QUEUE_DASHBOARD_PATH. */
@Module({
  imports: [AuthModule],
  controllers: [QueueDashboardController],
  providers: [QueueDashboard],
})
export class QueueDashboardModule {}
