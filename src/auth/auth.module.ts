import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { PartiesModule } from '../parties/parties.module';
import { AuthGuard } from './auth.guard';
import { DevIssuerController } from './dev-issuer.controller';
import { RedisThrottlerStorage } from './redis-throttler-storage';
import { RequestThrottlerGuard } from './request-throttler.guard';
import { TokenVerifier } from './token-verifier';

@Module({
  imports: [
    PartiesModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      // The limit here is the write limit; RequestThrottlerGuard picks the read, write or anonymous one per request.
      useFactory: (config: AppConfig) => ({
        throttlers: [{ ttl: config.THROTTLE_WINDOW_MS, limit: config.THROTTLE_WRITE_LIMIT }],
        storage: new RedisThrottlerStorage(config.REDIS_URL, `${config.QUEUE_PREFIX}:throttle:`),
        errorMessage: 'Too many requests in this window; send it again after Retry-After seconds.',
      }),
    }),
  ],
  controllers: [DevIssuerController],
  providers: [
    TokenVerifier,
    // AuthGuard is also resolved by type: the large-body budget (src/http-app.ts) and the queue dashboard
    // authenticate through it.
    AuthGuard,
    // Order matters: the throttler counts refused tokens too, so it runs before AuthGuard refuses them.
    { provide: APP_GUARD, useClass: RequestThrottlerGuard },
    { provide: APP_GUARD, useExisting: AuthGuard },
  ],
  exports: [TokenVerifier, AuthGuard],
})
export class AuthModule {}
