import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { ScopedDb } from './scoped-db';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions({
          url: config.DATABASE_URL,
          appRole: config.DATABASE_APP_ROLE,
          poolSize: config.DATABASE_POOL_SIZE,
          logging: config.NODE_ENV === 'development',
        }),
        entities: undefined,
        autoLoadEntities: true,
      }),
    }),
  ],
  providers: [ScopedDb],
  exports: [ScopedDb],
})
export class DatabaseModule {}
