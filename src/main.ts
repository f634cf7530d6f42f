import { startTracing } from './tracing';
// Before every other import: the instrumentation patches http, pg and ioredis as they are first required.
startTracing('api');
import 'reflect-metadata';
import { AppConfig } from './config/app-config';
import { createApiApp } from './http-app';
import { runOrExit } from './process-lifecycle';

runOrExit('api', async () => {
  const app = await createApiApp();
  const config = app.get(AppConfig);
  await app.listen(config.PORT, '0.0.0.0');
  return app;
});
