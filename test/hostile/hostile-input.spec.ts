import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Role } from '../../src/actor/role';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { aParty, aUser } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { deepJson, HOSTILE_STRINGS, HOSTILE_VALUES, pick, RawJson, seededRandom } from './generators';

/**
 * Hostile-input suite, driven by the OpenAPI document the app serves: every operation gets wrong types, missing and
 * unknown fields, huge and deep JSON, NUL bytes, injection strings, bad ids and bad tokens. With a fixed seed it
 * asserts: no 5xx, every 4xx is problem+json, a rejected write changes no row, and party A never sees party B's data.
 */
const SEED = Number(process.env.HOSTILE_SEED ?? 20261123);
const REQUESTS = Number(process.env.HOSTILE_REQUESTS ?? 10_000);
const MARKER = 'PARTY-B-SECRET-MARKER';
const UNTHROTTLED = { THROTTLE_WRITE_LIMIT: '1000000', THROTTLE_READ_LIMIT: '1000000', THROTTLE_ANONYMOUS_LIMIT: '1000000' };

interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: string }[];
  bodySchema?: Schema;
  public: boolean;
}
interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  $ref?: string;
  example?: unknown;
  format?: string;
}

describe('hostile input against every operation', () => {
  let t: TestApp;
  let base: string;
  let operations: Operation[];
  let components: Record<string, Schema>;
  const counts = { requests: 0, byStatus: {} as Record<string, number>, rejectedWrites: 0, rowChecks: 0 };

  beforeAll(async () => {
    // The suite's few actors send thousands of requests on purpose; the throttles have their own suite.
    Object.assign(process.env, UNTHROTTLED);
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const doc = (await (await fetch(`${base}/docs-json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          { parameters?: Operation['parameters']; requestBody?: { content?: Record<string, { schema?: Schema }> }; security?: unknown[] }
        >
      >;
      components: { schemas: Record<string, Schema> };
    };
    components = doc.components.schemas ?? {};
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        bodySchema: op.requestBody?.content?.['application/json']?.schema,
        public: !op.security,
      })),
    );
  });

  afterAll(async () => {
    for (const key of Object.keys(UNTHROTTLED)) delete process.env[key];
    await t.close();
    console.log(
      `hostile-input: seed ${SEED}, ${counts.requests} requests over ${operations.length} operations, ` +
        `${counts.rejectedWrites} rejected writes checked for rows, status counts ${JSON.stringify(counts.byStatus)}`,
    );
  });

  const resolve = (schema: Schema | undefined): Schema | undefined => (schema?.$ref ? components[schema.$ref.split('/').pop()!] : schema);

  /** A plausible value for a schema, so mutations hit one field at a time. */
  function plausible(schema: Schema | undefined, random: () => number, depth = 0): unknown {
    const s = resolve(schema);
    if (!s || depth > 4) return null;
    if (s.example !== undefined) return s.example;
    if (s.enum) return pick(random, s.enum);
    switch (s.type) {
      case 'object':
        return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, plausible(v, random, depth + 1)]));
      case 'array':
        return [plausible(s.items, random, depth + 1)];
      case 'integer':
      case 'number':
        return 1;
      case 'boolean':
        return true;
      default:
        return s.format === 'uuid' ? randomUUID() : s.format === 'date-time' ? new Date().toISOString() : 'text';
    }
  }

  function hostileBody(op: Operation, random: () => number): unknown {
    const schema = resolve(op.bodySchema);
    const body = plausible(schema, random) as Record<string, unknown> | null;
    const fields = Object.keys(schema?.properties ?? {});
    const roll = random();
    if (roll < 0.1) return pick(random, HOSTILE_VALUES);
    if (roll < 0.15) return deepJson(5000);
    if (!body || typeof body !== 'object' || fields.length === 0) return { unknown: pick(random, HOSTILE_VALUES) };
    if (roll < 0.3) {
      delete body[pick(random, fields)];
      return body;
    }
    if (roll < 0.4) return { ...body, [pick(random, ['isAdmin', 'partyId', 'role', '__proto__', 'id'])]: pick(random, HOSTILE_VALUES) };
    return { ...body, [pick(random, fields)]: pick(random, HOSTILE_VALUES) };
  }

  function hostilePath(op: Operation, random: () => number, foreignIds: string[]): string {
    return op.path.replace(/\{(\w+)\}/g, () => {
      const roll = random();
      if (roll < 0.3) return pick(random, foreignIds);
      if (roll < 0.5) return randomUUID();
      return encodeURIComponent(pick(random, HOSTILE_STRINGS).slice(0, 300).toWellFormed());
    });
  }

  function hostileQuery(op: Operation, random: () => number): string {
    const query = op.parameters.filter((p) => p.in === 'query');
    if (query.length === 0 || random() < 0.2)
      return random() < 0.5 ? '' : `?${encodeURIComponent(pick(random, HOSTILE_STRINGS).slice(0, 200).toWellFormed())}=1`;
    const params = new URLSearchParams();
    for (const p of query) if (random() < 0.6) params.append(p.name, String(pick(random, HOSTILE_STRINGS)).slice(0, 2000));
    if (random() < 0.2) params.append('unknownParam', 'x');
    return `?${params.toString()}`;
  }

  /** Hostile values for the operation's own headers (Idempotency-Key, If-Match): what HTTP lets a client send. */
  function hostileHeaders(op: Operation, random: () => number): Record<string, string> {
    const sendable = HOSTILE_STRINGS.filter((v) => /^[\x20-\x7e]*$/.test(v));
    const headers: Record<string, string> = {};
    for (const p of op.parameters.filter((p) => p.in === 'header')) {
      if (random() < 0.5)
        headers[p.name.toLowerCase()] = pick(random, [...sendable, 'x'.repeat(300), '"', 'W/"-1"', 'W/"99999999999999999999"', '*']).slice(
          0,
          4000,
        );
    }
    return headers;
  }

  async function rowCount(): Promise<number> {
    const db = await ownerDb();
    const [row] = (await db.query(`
      SELECT sum(n)::bigint AS total FROM (
        SELECT (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', tablename), false, true, '')))[1]::text::bigint AS n
        FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('schema_migrations', 'audit_entry')
      ) counts`)) as { total: string }[];
    return Number(row.total);
  }

  it('should never answer 5xx, always problem+json on 4xx, write nothing when rejecting, and never leak', async () => {
    await truncateAll();
    const partyA = await aParty({ name: 'Party A' });
    const partyB = await aParty({ name: `Party B ${MARKER}` });
    const userB = await aUser({ partyId: partyB.id, name: MARKER });
    const [deviationB] = (await (
      await ownerDb()
    ).query(
      `INSERT INTO deviation (key, party_id, reporter_user_id, status, rubrik, utfall, kontaktpersoner, version)
       VALUES ('AVV-2026-99999', $1, 'b', 'inskickad', $2, $2, '[]', 1) RETURNING id`,
      [partyB.id, `Hemlig avvikelse ${MARKER}`],
    )) as { id: string }[];
    const [commentB] = (await (
      await ownerDb()
    ).query(
      `INSERT INTO deviation_comment (deviation_id, party_id, author_user_id, author_name, origin, body) VALUES ($1, $2, 'b', 'B', 'part', $3) RETURNING id`,
      [deviationB.id, partyB.id, MARKER],
    )) as { id: string }[];
    const foreignIds = [partyB.id, userB.id, deviationB.id, commentB.id];
    const devIssuer = t.app.get(TokenVerifier).devIssuer!;
    const tokens = {
      reporter: await t.partyToken(partyA.id, Role.Reporter),
      admin: await t.partyToken(partyA.id, Role.Admin),
      expired: await devIssuer.mint(
        { subject: 'x', partyId: partyA.id, roles: ['reporter'], expiresIn: -300 },
        'avvikelse-api',
        'party_id',
        'roles',
      ),
    };
    const authHeaders = (random: () => number): Record<string, string> => {
      const roll = random();
      if (roll < 0.45) return { authorization: `Bearer ${tokens.reporter}` };
      if (roll < 0.85) return { authorization: `Bearer ${tokens.admin}` };
      if (roll < 0.9) return { authorization: `Bearer ${tokens.expired}` };
      if (roll < 0.95) return { authorization: `Bearer ${tokens.reporter.slice(0, -4)}AAAA` };
      return {};
    };

    const random = seededRandom(SEED);
    const perOperation = Math.ceil(REQUESTS / operations.length);
    const failures: string[] = [];
    for (const op of operations) {
      for (let i = 0; i < perOperation; i++) {
        const headers: Record<string, string> = {
          ...authHeaders(random),
          ...hostileHeaders(op, random),
          'accept-language': random() < 0.5 ? 'sv' : 'en',
        };
        const url = `${base}${hostilePath(op, random, foreignIds)}${hostileQuery(op, random)}`;
        let body: string | undefined;
        if (op.method !== 'GET' && op.method !== 'DELETE') {
          headers['content-type'] =
            random() < 0.9 ? 'application/json' : pick(random, ['text/plain', 'application/xml', 'multipart/form-data']);
          const value = hostileBody(op, random);
          body = random() < 0.05 ? '{"broken": ' : value instanceof RawJson ? value.text : JSON.stringify(value);
        }
        const write = op.method !== 'GET';
        const before = write ? await rowCount() : 0;
        const response = await fetch(url, { method: op.method, headers, body });
        const text = await response.text();
        counts.requests++;
        counts.byStatus[response.status] = (counts.byStatus[response.status] ?? 0) + 1;
        const label = `${op.method} ${url.slice(base.length, base.length + 120)} → ${response.status}`;
        if (response.status >= 500) failures.push(`5xx: ${label} body ${String(body).slice(0, 300)}`);
        if (response.status >= 400 && !String(response.headers.get('content-type')).startsWith('application/problem+json')) {
          failures.push(`not problem+json: ${label}`);
        }
        if (text.includes(MARKER)) failures.push(`leak of party B: ${label}`);
        if (write && response.status >= 400) {
          counts.rejectedWrites++;
          const after = await rowCount();
          if (after !== before) failures.push(`rows changed by a rejected write: ${label} (${before} → ${after})`);
        }
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
    expect(counts.requests).toBeGreaterThanOrEqual(REQUESTS);
  }, 600_000);
});
