import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const LIFECYCLE = resolve(__dirname, '..', '..', 'dist', 'src', 'process-lifecycle.js');

/** A process that runs as the API and worker do (runOrExit), then meets an error no code handles. */
function runProbe(fault: string) {
  const script = `
    const { runOrExit } = require(${JSON.stringify(LIFECYCLE)});
    runOrExit('probe', async () => ({ close: async () => undefined }));
    setTimeout(() => { ${fault} }, 50);
    setTimeout(() => { console.log('still running'); process.exit(0); }, 2000);
  `;
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
}

describe('the last-resort handler of the API and worker processes', () => {
  beforeAll(() => expect(existsSync(LIFECYCLE)).toBe(true)); // built by the test command

  it.each([
    [
      'an error event nobody listens to',
      `new (require('node:events').EventEmitter)().emit('error', new Error('boom'))`,
      'uncaughtException',
    ],
    ['a thrown error in a callback', `throw new Error('boom')`, 'uncaughtException'],
    ['a rejected promise nobody awaits', `Promise.reject(new Error('boom'))`, 'unhandledRejection'],
  ])('should log and count %s, then exit 70 instead of running on', (_what, fault, origin) => {
    const result = runProbe(fault);
    expect(result.stdout).not.toContain('still running');
    expect(result.status).toBe(70);
    const line = JSON.parse(result.stderr.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'fatal', process: 'probe', origin, msg: 'uncaught error; exiting', err: { message: 'boom' } });
  });
});
