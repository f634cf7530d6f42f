import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { PartiesModule } from '../parties/parties.module';
import { AuthGuard } from './auth.guard';
import { DevIssuerController } from './dev-issuer.controller';
import { TokenVerifier } from './token-verifier';
import { WriteThrottlerGuard } from './write-throttler.guard';

@Module({
  imports: [
    PartiesModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => [{ ttl: config.THROTTLE_WINDOW_MS, limit: config.THROTTLE_WRITE_LIMIT }],
    }),
  ],
  controllers: [DevIssuerController],
  providers: [
    TokenVerifier,
    // Order matters: the actor must be known before the throttler picks its tracker.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: WriteThrottlerGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
