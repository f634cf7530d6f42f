import { DataSource } from 'typeorm';
import { startTestApp } from '../support/app';
import { closeLeftoverApps } from '../support/open-apps';

/**
 * The leak behind jest's "A worker process has failed to exit gracefully": a beforeAll that times out while its app is
 * still starting leaves the file's afterAll without the app, and the app, started after all, held the worker open.
 * after-env.ts closes such an app with the file; this pins that it does, for an app still starting and one started.
 */
describe('test apps left open by a file', () => {
  it('should be closed with the file, whether still starting or started and never closed', async () => {
    const starting = startTestApp();
    const forgotten = await startTestApp();
    const closing = await startTestApp();
    await closing.close();

    expect(await closeLeftoverApps()).toBe(2);
    for (const app of [(await starting).app, forgotten.app]) {
      expect(app.get(DataSource).isInitialized).toBe(false);
      expect(app.getHttpServer().listening).toBe(false);
    }
    expect(await closeLeftoverApps()).toBe(0);
  }, 120_000);
});
