import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Role } from '../../src/actor/role';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { ssbtekTemplateId } from '../factories/declaration.factory';
import { aDeviationBody } from '../factories/deviation.factory';
import { aDriftleverantör, aParty, aUser } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { changedTables, partyChecksums, settledChecksums, tableChecksums, type TableChecksums } from '../support/table-checksums';
import { BodyGenerator, serialise } from './bodies';
import { HOSTILE_STRINGS, pick, seededRandom } from './generators';
import { discoverOpenApi, type Operation } from './operations';

/**
 * Hostile-input suite, driven by the OpenAPI document the app serves: every operation gets wrong types, missing and
 * unknown fields, huge and deep JSON, NUL bytes, injection strings, bad ids and bad tokens, and — from party, SKR and
 * SKR-admin tokens alike, with the caller's own ids in the path — valid example bodies with one field mutated, so the
 * services' own rules are attacked past the role check and the DTO. With a fixed seed it asserts: no 5xx, every 4xx
 * is problem+json, a refused request changes no table's content (audit included), a party never sees party B's data,
 * and party B's rows are the same at the end.
 */
const SEED = Number(process.env.HOSTILE_SEED ?? 20261123);
const REQUESTS = Number(process.env.HOSTILE_REQUESTS ?? 6_000);
const MARKER = 'PARTY-B-SECRET-MARKER';
const UNTHROTTLED = {
  THROTTLE_WRITE_LIMIT: '1000000',
  THROTTLE_READ_LIMIT: '1000000',
  THROTTLE_ANONYMOUS_LIMIT: '1000000',
  THROTTLE_PUBLIC_LIMIT: '1000000',
};

/** Answers from the token, role, routing and DTO checks: everything else was decided by a service's own rules. */
const REFUSED_EARLY =
  /"code":"(VALIDATION_FAILED|BAD_REQUEST|TOKEN_[A-Z_]+|ROLE_REQUIRED|NOT_FOUND|UNSUPPORTED_MEDIA_TYPE|METHOD_NOT_ALLOWED|PAYLOAD_TOO_LARGE)"/;

type Caller = 'reporter' | 'admin' | 'skr' | 'skr-admin' | 'expired' | 'forged' | 'none';
const CALLERS: [Caller, number][] = [
  ['reporter', 0.25],
  ['admin', 0.5],
  ['skr', 0.68],
  ['skr-admin', 0.9],
  ['expired', 0.94],
  ['forged', 0.97],
  ['none', 1],
];

describe('hostile input against every operation', () => {
  let t: TestApp;
  let base: string;
  let operations: Operation[];
  const counts = {
    requests: 0,
    byStatus: {} as Record<string, number>,
    byCaller: {} as Record<string, number>,
    refusedWrites: 0,
    acceptedWrites: 0,
    pastValidation: 0,
    changedChecksums: 0,
  };
  /** Operations that answered at least once from past the token, role and DTO checks. */
  const reached = new Set<string>();

  beforeAll(async () => {
    // The suite's few actors send thousands of requests on purpose; the throttles have their own suite.
    Object.assign(process.env, UNTHROTTLED);
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const key of Object.keys(UNTHROTTLED)) delete process.env[key];
    await t.close();
    console.log(
      `hostile-input: seed ${SEED}, ${counts.requests} requests over ${operations?.length} operations; by caller ` +
        `${JSON.stringify(counts.byCaller)}; ${counts.pastValidation} answered past token, role and DTO checks ` +
        `(${reached.size} operations); ${counts.acceptedWrites} accepted ` +
        `writes; ${counts.refusedWrites} refused writes checksummed, changed checksums ${counts.changedChecksums}; ` +
        `5xx ${Object.entries(counts.byStatus).reduce((n, [status, c]) => n + (Number(status) >= 500 ? c : 0), 0)}; ` +
        `status counts ${JSON.stringify(counts.byStatus)}`,
    );
  });

  function hostilePath(op: Operation, random: () => number, ids: { own: string[]; foreign: string[] }): string {
    return op.path.replace(/\{(\w+)\}/g, () => {
      const roll = random();
      if (roll < 0.45) return pick(random, ids.own);
      if (roll < 0.6) return pick(random, ids.foreign);
      if (roll < 0.7) return randomUUID();
      return encodeURIComponent(pick(random, HOSTILE_STRINGS).slice(0, 300).toWellFormed());
    });
  }

  function hostileQuery(op: Operation, random: () => number, bodies: BodyGenerator): string {
    const query = op.parameters.filter((p) => p.in === 'query');
    if (query.length === 0 || random() < 0.2)
      return random() < 0.5 ? '' : `?${encodeURIComponent(pick(random, HOSTILE_STRINGS).slice(0, 200).toWellFormed())}=1`;
    const params = new URLSearchParams();
    for (const p of query) {
      if (random() < 0.5) continue;
      const valid = bodies.valid(p.schema, random);
      params.append(p.name, random() < 0.5 && valid !== null ? String(valid) : String(pick(random, HOSTILE_STRINGS)).slice(0, 2000));
    }
    if (random() < 0.2) params.append('unknownParam', 'x');
    return `?${params.toString()}`;
  }

  /** Hostile values for the operation's own headers (Idempotency-Key, If-Match): what HTTP lets a client send. */
  function hostileHeaders(op: Operation, random: () => number): Record<string, string> {
    const sendable = HOSTILE_STRINGS.filter((v) => /^[\x20-\x7e]*$/.test(v));
    const headers: Record<string, string> = {};
    for (const p of op.parameters.filter((p) => p.in === 'header')) {
      const roll = random();
      if (roll < 0.4) headers[p.name.toLowerCase()] = p.name.toLowerCase() === 'if-match' ? 'W/"1"' : randomUUID();
      else if (roll < 0.8)
        headers[p.name.toLowerCase()] = pick(random, [...sendable, 'x'.repeat(300), '"', 'W/"-1"', 'W/"99999999999999999999"', '*']).slice(
          0,
          4000,
        );
    }
    return headers;
  }

  it('should never answer 5xx, always problem+json on 4xx, change nothing when refusing, and never leak', async () => {
    await truncateAll();
    const partyA = await aDriftleverantör({ name: 'Party A' });
    const partyB = await aParty({ name: `Party B ${MARKER}` });
    const userA = await aUser({ partyId: partyA.id, name: 'Användare A' });
    const userB = await aUser({ partyId: partyB.id, name: MARKER });
    const db = await ownerDb();
    const [deviationB] = (await db.query(
      `INSERT INTO deviation (key, party_id, reporter_user_id, status, rubrik, utfall, kontaktpersoner, version)
       VALUES ('AVV-2026-99999', $1, 'b', 'inskickad', $2, $2, '[]', 1) RETURNING id`,
      [partyB.id, `Hemlig avvikelse ${MARKER}`],
    )) as { id: string }[];
    const [commentB] = (await db.query(
      `INSERT INTO deviation_comment (deviation_id, party_id, author_user_id, author_name, origin, body) VALUES ($1, $2, 'b', 'B', 'part', $3) RETURNING id`,
      [deviationB.id, partyB.id, MARKER],
    )) as { id: string }[];
    const devIssuer = t.app.get(TokenVerifier).devIssuer!;
    const tokens: Record<Exclude<Caller, 'none'>, string> = {
      reporter: await t.partyToken(partyA.id, Role.Reporter),
      admin: await t.partyToken(partyA.id, Role.Admin),
      skr: await t.skrToken(Role.Skr),
      'skr-admin': await t.skrToken(Role.SkrAdmin),
      expired: await devIssuer.mint(
        { subject: 'x', partyId: partyA.id, roles: ['reporter'], expiresIn: -300 },
        'avvikelse-api',
        'party_id',
        'roles',
      ),
      forged: `${(await t.partyToken(partyA.id, Role.Reporter)).slice(0, -4)}AAAA`,
    };
    // Ids the caller may act on, so a request reaches the service's rules rather than a 404. SKR acts on every party and
    // may deactivate or delete one: it gets a party C of its own to do that to, so party A's tokens keep working.
    const partyC = await aDriftleverantör({ name: 'Party C' });
    const userC = await aUser({ partyId: partyC.id, name: 'Användare C' });
    const reporterC = await t.partyToken(partyC.id, Role.Reporter);
    const created = async (token: string, path: string, body: object) =>
      (await t.http.post(path).set('Authorization', `Bearer ${token}`).send(body)).body as { id: string };
    const templateId = await ssbtekTemplateId();
    const templates = (await db.query(`SELECT id FROM declaration_template`)) as { id: string }[];
    const agreements = (await db.query(`SELECT code FROM agreement`)) as { code: string }[];
    const shared = [...templates.map((r) => r.id), ...agreements.map((r) => r.code)];
    const foreign = [partyB.id, userB.id, deviationB.id, commentB.id];
    const ids = {
      party: {
        own: [
          partyA.id,
          userA.id,
          (await created(tokens.reporter, '/api/v1/deviations', aDeviationBody())).id,
          (await created(tokens.reporter, '/api/v1/declarations', { templateId })).id,
          ...shared,
        ],
        foreign,
      },
      skr: {
        own: [
          partyC.id,
          userC.id,
          (await created(reporterC, '/api/v1/deviations', aDeviationBody())).id,
          (await created(reporterC, '/api/v1/declarations', { templateId })).id,
          ...shared,
        ],
        foreign: [randomUUID()],
      },
    };
    const partyBBefore = await partyChecksums(partyB.id);
    const doc = await discoverOpenApi(base);
    operations = doc.operations;
    const generators = { party: new BodyGenerator(doc.components, ids.party), skr: new BodyGenerator(doc.components, ids.skr) };

    const random = seededRandom(SEED);
    const perOperation = Math.ceil(REQUESTS / operations.length);
    const failures: string[] = [];
    let snapshot: TableChecksums | undefined;
    for (const op of operations) {
      for (let i = 0; i < perOperation; i++) {
        const roll = random();
        const caller = CALLERS.find(([, upTo]) => roll < upTo)![0];
        const skr = caller === 'skr' || caller === 'skr-admin';
        const headers: Record<string, string> = {
          ...(caller === 'none' ? {} : { authorization: `Bearer ${tokens[caller]}` }),
          ...hostileHeaders(op, random),
          'accept-language': random() < 0.5 ? 'sv' : 'en',
        };
        // SKR may act on every party: it gets no ids of party B, so party B's rows must be as they were at the end.
        const bodies = skr ? generators.skr : generators.party;
        const url = `${base}${hostilePath(op, random, skr ? ids.skr : ids.party)}${hostileQuery(op, random, bodies)}`;
        let body: string | undefined;
        if (op.method !== 'GET' && op.method !== 'DELETE') {
          headers['content-type'] =
            random() < 0.93 ? 'application/json' : pick(random, ['text/plain', 'application/xml', 'multipart/form-data']);
          body = random() < 0.03 ? '{"broken": ' : serialise(bodies.body(op.bodySchema, random));
        }
        const write = op.method !== 'GET';
        if (write) snapshot ??= await settledChecksums();
        const response = await fetch(url, { method: op.method, headers, body });
        const text = await response.text();
        counts.requests++;
        counts.byCaller[caller] = (counts.byCaller[caller] ?? 0) + 1;
        counts.byStatus[response.status] = (counts.byStatus[response.status] ?? 0) + 1;
        if (response.status < 400 || !REFUSED_EARLY.test(text)) {
          counts.pastValidation++;
          reached.add(`${op.method} ${op.path}`);
        }
        const label = `${caller} ${op.method} ${url.slice(base.length, base.length + 120)} → ${response.status}`;
        if (response.status >= 500) failures.push(`5xx: ${label} body ${String(body).slice(0, 300)}`);
        if (response.status >= 400 && !String(response.headers.get('content-type')).startsWith('application/problem+json')) {
          failures.push(`not problem+json: ${label}`);
        }
        if (!skr && text.includes(MARKER)) failures.push(`leak of party B: ${label}`);
        if (!write) continue;
        if (response.status < 400) {
          counts.acceptedWrites++;
          snapshot = undefined;
          continue;
        }
        counts.refusedWrites++;
        const after = await tableChecksums();
        const changed = changedTables(snapshot!, after);
        counts.changedChecksums += changed.length;
        if (changed.length > 0)
          failures.push(`a refused request changed ${changed.join(', ')}: ${label} body ${String(body).slice(0, 200)}`);
        snapshot = after;
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
    expect(await partyChecksums(partyB.id)).toEqual(partyBBefore);
    expect(counts.requests).toBeGreaterThanOrEqual(REQUESTS);
    expect(counts.changedChecksums).toBe(0);
  }, 900_000);
});
