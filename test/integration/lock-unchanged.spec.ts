import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/**
 * `npm start` and `npm test` install from the committed lock and must never rewrite it (npm once rewrote it, +421
 * lines, and the next command reinstalled). scripts/run.sh's install step is run here in a scratch copy of the
 * project with a stand-in `npm` first on PATH — one that rewrites the lock as npm did, one that leaves it — so the
 * guard is tested without minutes of a real install.
 */
describe('installing leaves package-lock.json as committed', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'avvikelse-lock-'));
    mkdirSync(join(dir, 'scripts'));
    mkdirSync(join(dir, 'node_modules'));
    mkdirSync(join(dir, 'bin'));
    for (const file of ['scripts/run.sh', 'package.json', 'package-lock.json']) copyFileSync(join(ROOT, file), join(dir, file));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `run.sh build` (install, then build) with `npm` replaced by `script`. */
  function build(script: string): { status: number | null; output: string } {
    writeFileSync(join(dir, 'bin', 'npm'), `#!/bin/sh\n${script}\n`);
    chmodSync(join(dir, 'bin', 'npm'), 0o755);
    const run = spawnSync('bash', [join(dir, 'scripts', 'run.sh'), 'build'], {
      cwd: dir,
      env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  }

  it('should stop with a clear message when the install rewrote the lock, and remember nothing', () => {
    const { status, output } = build('echo "rewritten" >> package-lock.json');
    expect(status).toBe(1);
    expect(output).toContain('npm install rewrote package-lock.json; it must install from the committed lock unchanged');
    expect(existsSync(join(dir, 'node_modules', '.avvikelse-lock'))).toBe(false);
  });

  it('should install with --no-save and remember the lock it installed from when the lock is left alone', () => {
    const { output } = build('echo "$@" > npm-arguments');
    expect(readFileSync(join(dir, 'npm-arguments'), 'utf8')).toMatch(/^install --no-save /);
    expect(output).not.toContain('rewrote package-lock.json');
    expect(readFileSync(join(dir, 'package-lock.json'))).toEqual(readFileSync(join(ROOT, 'package-lock.json')));
    expect(readFileSync(join(dir, 'node_modules', '.avvikelse-lock'), 'utf8').trim()).toMatch(/^[0-9a-f]{16}$/);
  });
});
