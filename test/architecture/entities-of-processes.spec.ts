import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SRC = join(__dirname, '..', '..', 'src');

/** Every entity class under src/, as `file#Class`. */
function entityClasses(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.entity.ts')) {
        const text = readFileSync(path, 'utf8');
        const entity = /@Entity\(/.test(text) ? /export class ([\wÅÄÖåäö]+)/.exec(text) : null;
        if (entity) found.push(entity[1]);
      }
    }
  };
  walk(SRC);
  return found.sort();
}

/**
 * The entities a process's DataSource gets (`autoLoadEntities`) are those its own module graph registers with
 * `forFeature`. A process built from its module file alone must register every entity, or a relation to one it
 * lacks fails at boot (or only when first used). Each process is loaded in an isolated module registry, as its
 * entry point loads it, so one does not profit from the other's registrations.
 */
describe('entities of each process', () => {
  const registered = (moduleFile: string): string[] => {
    let names: string[] = [];
    jest.isolateModules(() => {
      // The module registry is fresh here: this is the TypeOrmModule the process's module files will call.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { TypeOrmModule } = require('@nestjs/typeorm') as typeof import('@nestjs/typeorm');
      const forFeature = jest.spyOn(TypeOrmModule, 'forFeature');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(SRC, moduleFile));
      names = forFeature.mock.calls.flatMap(([entities]) => (entities ?? []).map((entity) => (entity as { name: string }).name));
    });
    return [...new Set(names)].sort();
  };

  it.each(['app.module.ts', 'worker.module.ts'])('should register every entity of src/ in %s', (moduleFile) => {
    expect(registered(moduleFile)).toEqual(entityClasses());
  });

  it('should find the entities it compares', () => {
    expect(entityClasses()).toEqual(expect.arrayContaining(['Deviation', 'Party', 'SlaAlert', 'NotificationEvent']));
  });
});
