// Every test file's shared owner connection closes with the file, so jest workers exit without force.
import { afterAll } from '@jest/globals';
import { closeOwnerDb } from './database';
import { closeLeftoverApps } from './open-apps';
import { recordCheckedResponses } from './openapi-responses';

// An app whose start outlived its beforeAll's timeout is closed here, after the file's own afterAll hooks.
afterAll(async () => {
  const closed = await closeLeftoverApps();
  if (closed > 0) console.warn(`closed ${closed} test app(s) this file left open (a beforeAll that timed out, or a missing close())`);
}, 120_000);
afterAll(() => closeOwnerDb());
afterAll(() => recordCheckedResponses());
