import { Role } from '../../src/actor/role';
import { tokenKit } from '../hostile/tokens';
import { aParty } from '../factories/party.factory';
import { startApiProcess, type ApiProcess } from '../support/api-process';
import { truncateAll } from '../support/database';
import { eventually } from '../support/eventually';

interface LogLine {
  msg?: string;
  context?: string;
  actor?: string;
  req?: Record<string, unknown>;
  res?: Record<string, unknown>;
}

const linesOf = (text: string): LogLine[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

// Each case starts the built API as a child process: its boot alone can take a minute on a loaded 2-core run.
jest.setTimeout(150_000);

/** What an operator reads at INFO: the built API's own log lines, from the process as production runs it. */
describe('request logs at info', () => {
  let api: ApiProcess | undefined;
  afterEach(async () => {
    await api?.stop();
    api = undefined;
  });

  it('should log no route-mapping lines and one compact line per request: method, path, status, time, actor, request id', async () => {
    await truncateAll();
    const party = await aParty();
    const token = await (await tokenKit()).valid(party.id, Role.Reporter, 'logged-user');
    api = await startApiProcess({ LOG_LEVEL: 'info' });
    const response = await fetch(`${api.base}/api/v1/deviations?limit=5`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toBeTruthy();

    const line = await eventually(async () => {
      const found = linesOf(api!.stdout()).find((l) => (l.req as { id?: string } | undefined)?.id === requestId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(line.msg).toMatch(/^GET \/api\/v1\/deviations 200 \d+ ms$/);
    expect(line.actor).toBe(`logged-user@${party.id}`);
    expect(line.req).toEqual({ id: requestId });
    expect(line.res).toEqual({ statusCode: 200 });
    expect(JSON.stringify(line)).not.toContain(token.slice(-20));
    expect(JSON.stringify(line).length).toBeLessThan(400);

    const boot = linesOf(api.stdout()).filter((l) =>
      /Mapped \{|RoutesResolver|RouterExplorer|dependencies initialized/.test(`${l.msg} ${l.context}`),
    );
    expect(boot).toEqual([]);
  });

  it('should keep the request headers for debug', async () => {
    await truncateAll();
    api = await startApiProcess({ LOG_LEVEL: 'debug' });
    const response = await fetch(`${api.base}/api/v1/deviations`, { headers: { 'X-Probe': 'visible-at-debug' } });
    expect(response.status).toBe(401);
    const requestId = response.headers.get('x-request-id');
    const line = await eventually(async () => {
      const found = linesOf(api!.stdout()).find((l) => (l.req as { id?: string } | undefined)?.id === requestId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(line.msg).toMatch(/^GET \/api\/v1\/deviations 401 \d+ ms$/);
    expect((line.req as { headers?: Record<string, string> }).headers?.['x-probe']).toBe('visible-at-debug');
    expect(linesOf(api.stdout()).some((l) => /Mapped \{/.test(String(l.msg)))).toBe(true);
  });
});
