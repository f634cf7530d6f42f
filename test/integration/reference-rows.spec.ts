import { Role } from '../../src/actor/role';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';

/**
 * truncateAll keeps the reference data and puts it back as the migrations left it: a file that replaces the Jira
 * mapping (as an SKR admin may) must not leave the next file on the same worker with a broken one.
 */
describe('test support: reference rows between files', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api?.close();
  });

  const mappingRows = async () => (await ownerDb()).query(`SELECT kind, jira_id, value FROM jira_mapping ORDER BY kind, jira_id`);

  it('should restore the migrated Jira mapping and integration state after an API call replaced them', async () => {
    await truncateAll();
    const migrated = await mappingRows();
    expect(migrated.length).toBeGreaterThan(5);
    const admin = `Bearer ${await api.skrToken(Role.SkrAdmin)}`;
    const current = (await api.http.get('/api/v1/jira/mapping').set('Authorization', admin).expect(200)).body as { kind: string }[];
    const statusless = current.filter((entry) => entry.kind !== 'status');
    await api.http.put('/api/v1/jira/mapping').set('Authorization', admin).send({ entries: statusless }).expect(200);
    await (await ownerDb()).query(`UPDATE jira_integration SET paused = true, paused_reason = 'test'`);
    expect(await mappingRows()).not.toEqual(migrated);

    await truncateAll();

    expect(await mappingRows()).toEqual(migrated);
    expect(await (await ownerDb()).query(`SELECT paused, paused_reason FROM jira_integration`)).toEqual([
      { paused: false, paused_reason: null },
    ]);
  });
});
