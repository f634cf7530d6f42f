import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { Clock, SystemClock } from './clock';
import { ProblemDetailsFilter } from './problem-details.filter';
import { RequestContextMiddleware } from './request-context.middleware';
import { ResponseHeadersInterceptor } from './response-headers.interceptor';
import { AppValidationPipe } from './validation.pipe';
import { IdentityNumberScan } from './identity-number-scan';

/** Cross-cutting pieces registered as providers, so a test app built from AppModule behaves like production. */
@Global()
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    IdentityNumberScan,
    { provide: APP_PIPE, useClass: AppValidationPipe },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_INTERCEPTOR, useClass: ResponseHeadersInterceptor },
  ],
  exports: [Clock],
})
export class CommonModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes('*path');
  }
}
