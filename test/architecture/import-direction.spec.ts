import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const CLI = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');
const TABLE = JSON.parse(readFileSync(join(ROOT, 'tools', 'architecture', 'layers.json'), 'utf8')) as {
  layers: { name: string; modules: string[]; sameLayer?: [string, string][] }[];
};

interface Outcome {
  code: number;
  output: string;
}

/** Runs the import check of `npm test` over a tree (cwd), with the project's one config. */
async function check(cwd: string): Promise<Outcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [CLI, '--config', CONFIG, '--output-type', 'err', 'src', 'migrations'],
      { cwd },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** A small tree shaped like ours: one file per module, each importing only what it may. */
function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'layers-'));
  const base: Record<string, string> = {
    'src/config/app-config.ts': 'export const config = 1;\n',
    'src/common/clock.ts': "import { config } from '../config/app-config';\nexport const clock = config;\n",
    'src/deviations/deviations.service.ts': "import { clock } from '../common/clock';\nexport const deviations = clock;\n",
    'migrations/1-Foundation.ts': 'export const up = 1;\n',
    'package.json': JSON.stringify({ dependencies: { 'runtime-lib': '1.0.0' }, devDependencies: { 'dev-lib': '1.0.0' } }),
    'node_modules/runtime-lib/package.json': JSON.stringify({ name: 'runtime-lib', version: '1.0.0', main: 'index.js' }),
    'node_modules/runtime-lib/index.js': 'exports.lib = 1;\n',
    'node_modules/dev-lib/package.json': JSON.stringify({ name: 'dev-lib', version: '1.0.0', main: 'index.js' }),
    'node_modules/dev-lib/index.js': 'exports.lib = 1;\n',
  };
  for (const [path, text] of Object.entries({ ...base, ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the import-direction check', () => {
  const made: string[] = [];
  const tree = (files: Record<string, string> = {}) => {
    const dir = fixture(files);
    made.push(dir);
    return dir;
  };
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('should pass a tree whose imports run downward', async () => {
    const outcome = await check(tree());
    expect(outcome).toMatchObject({ code: 0 });
  });

  it('should fail on a planted upward import, naming the rule and the edge', async () => {
    const outcome = await check(
      tree({ 'src/common/clock.ts': "import { deviations } from '../deviations/deviations.service';\nexport const clock = deviations;\n" }),
    );
    expect(outcome.code).not.toBe(0);
    expect(outcome.output).toContain('layer:common');
    expect(outcome.output).toContain('src/common/clock.ts → src/deviations/deviations.service.ts');
  });

  it('should fail on a type-only upward import too', async () => {
    const outcome = await check(
      tree({
        'src/agreements/priority.ts':
          "import type { deviations } from '../deviations/deviations.service';\nexport type P = typeof deviations;\n",
      }),
    );
    expect(outcome.code).not.toBe(0);
    expect(outcome.output).toContain('layer:agreements');
  });

  it('should fail on a same-layer import the table does not list', async () => {
    // jira and declarations share a layer and no listed pair.
    const outcome = await check(
      tree({
        'src/jira/jira-sync.service.ts': 'export const sync = 1;\n',
        'src/declarations/declarations.service.ts': "import { sync } from '../jira/jira-sync.service';\nexport const d = sync;\n",
      }),
    );
    expect(outcome.code).not.toBe(0);
    expect(outcome.output).toContain('layer:declarations');
  });

  it('should fail on a planted migration import of src/', async () => {
    const outcome = await check(
      tree({ 'migrations/2-Data.ts': "import { clock } from '../src/common/clock';\nexport const up = clock;\n" }),
    );
    expect(outcome.code).not.toBe(0);
    expect(outcome.output).toContain('migration-imports-src');
  });

  it('should fail on a file cycle', async () => {
    const outcome = await check(
      tree({
        'src/deviations/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
        'src/deviations/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      }),
    );
    expect(outcome.code).not.toBe(0);
    expect(outcome.output).toContain('no-circular');
  });

  it('should pass src/ importing a dependency, and a devDependency for its types only', async () => {
    const outcome = await check(
      tree({
        'src/common/clock.ts':
          "import { lib } from 'runtime-lib';\nimport type { lib as devLib } from 'dev-lib';\nexport const clock: typeof devLib = lib;\n",
      }),
    );
    expect(outcome).toMatchObject({ code: 0 });
  });

  it('should fail on src/ importing a devDependency, which the runtime image does not install', async () => {
    const outcome = await check(tree({ 'src/common/clock.ts': "import { lib } from 'dev-lib';\nexport const clock = lib;\n" }));
    expect(outcome.code).not.toBe(0);
    expect(outcome.output).toContain('src-imports-dev-dependency');
    expect(outcome.output).toContain('src/common/clock.ts → node_modules/dev-lib/index.js');
  });

  it('should fail on a folder of src/ the table does not place', async () => {
    const outcome = await check(tree({ 'src/unplaced/thing.ts': 'export const thing = 1;\n' }));
    expect(outcome.code).not.toBe(0);
    expect(outcome.output).toContain('not placed in tools/architecture/layers.json: unplaced');
  });

  it('should place every entry of src/ in exactly one layer', () => {
    const placed = TABLE.layers.flatMap((layer) => layer.modules);
    expect(new Set(placed).size).toBe(placed.length);
    const entries = readdirSync(join(ROOT, 'src')).filter((name) => !name.endsWith('.spec.ts'));
    expect(entries.filter((name) => !placed.includes(name))).toEqual([]);
  });

  it('should list only same-layer pairs of modules in that layer', () => {
    for (const layer of TABLE.layers) {
      for (const [from, to] of layer.sameLayer ?? [])
        expect([layer.name, layer.modules]).toEqual([layer.name, expect.arrayContaining([from, to])]);
    }
  });

  it('should pass on the project itself', async () => {
    const outcome = await check(ROOT);
    expect(outcome).toMatchObject({ code: 0 });
  });
});
