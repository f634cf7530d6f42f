// Issue 22's figure: portal pages' server time at 1,000,000 deviations, with sessions seeded straight into Redis (the
// real OIDC login is the browser suites' business; here it would only measure the demo provider).
import Redis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import type { PortalSession } from '../src/portal/portal-session';
import { SESSION_COOKIE } from '../src/pages/session-cookie';
import { load, measured, rssMb } from './measure';

const ISSUER = 'https://bench-identity-provider.invalid';
/** The API's QUEUE_PREFIX in the bench: sessions live under `${QUEUE_PREFIX}:portal-session:` + the cookie id's SHA-256. */
export const BENCH_QUEUE_PREFIX = 'avvikelse-bench';
const SESSION_IDLE_S = 1800;
/** Portal pages must answer within this (p95, issue 22) and the API stay within this RSS while serving them. */
export const PORTAL_P95_TARGET_MS = 200;
export const RSS_TARGET_MB = 250;

export type PortalPageResult = { path: string } & Awaited<ReturnType<typeof load>>;

export interface PortalResult {
  pages: Record<'start' | 'list' | 'detail', PortalPageResult>;
  /** The API's largest RSS sampled while it served the pages. */
  apiRssPeakMb: number;
}

/**
 * A logged-in person of `party` as the portal would have made one: a person and membership row, and a session in
 * Redis under the key PortalSessionsService reads. Returns the Cookie header that carries it.
 */
export async function seedPortalSession(owner: Pool, redisUrl: string, party: { id: string; name: string }): Promise<string> {
  const subject = `bench-portal-${party.id}`;
  const { rows } = await owner.query<{ id: string }>(`INSERT INTO person (issuer, subject) VALUES ($1, $2) RETURNING id`, [
    ISSUER,
    subject,
  ]);
  await owner.query(`INSERT INTO app_user (party_id, person_id, subject, name, role) VALUES ($1, $2, $3, 'Bench Portal', 'reporter')`, [
    party.id,
    rows[0].id,
    subject,
  ]);
  const id = randomBytes(32).toString('base64url');
  const session: PortalSession = {
    createdAt: Date.now(),
    csrfToken: randomBytes(32).toString('base64url'),
    person: { issuer: ISSUER, subject, email: null, name: 'Bench Portal', idToken: 'bench' },
    party,
  };
  const redis = new Redis(redisUrl);
  try {
    const key = `${BENCH_QUEUE_PREFIX}:portal-session:${createHash('sha256').update(id).digest('base64url')}`;
    await redis.set(key, JSON.stringify(session), 'EX', SESSION_IDLE_S);
  } finally {
    redis.disconnect();
  }
  return `${SESSION_COOKIE}=${id}`;
}

/** A deviation of the reader's with a timeline (created, submitted, comments) and a running SLA clock, for its page. */
export async function seedDetailDeviation(base: string, headers: Record<string, string>, body: object): Promise<string> {
  const json = { ...headers, 'content-type': 'application/json' };
  const created = await fetch(`${base}/api/v1/deviations`, { method: 'POST', headers: json, body: JSON.stringify(body) });
  if (created.status !== 201) throw new Error(`creating the detail page's deviation answered ${created.status}`);
  const { id } = (await created.json()) as { id: string };
  await expectStatus(fetch(`${base}/api/v1/deviations/${id}/submit`, { method: 'POST', headers }), 200, 'submitting it');
  for (let i = 0; i < 5; i++) {
    const comment = JSON.stringify({ text: `Kommentar ${i + 1}: loggar bifogade.` });
    await expectStatus(
      fetch(`${base}/api/v1/deviations/${id}/comments`, { method: 'POST', headers: json, body: comment }),
      201,
      'commenting',
    );
  }
  return id;
}

/** Loads the start page, the deviation list and one deviation's page, as the list page is loaded (10 connections). */
export async function portalPhase(base: string, cookie: string, detailId: string): Promise<PortalResult> {
  const paths = { start: '/', list: '/deviations', detail: `/deviations/${detailId}` };
  // A page that redirects to the login or fails would be measured fast and wrong: each must render first.
  for (const path of Object.values(paths)) {
    await expectStatus(fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' }), 200, `GET ${path}`);
  }
  let apiRssPeakMb = rssMb(measured.apiPid);
  const sampler = setInterval(() => (apiRssPeakMb = Math.max(apiRssPeakMb, rssMb(measured.apiPid))), 100);
  try {
    const pages = {} as PortalResult['pages'];
    for (const [name, path] of Object.entries(paths) as [keyof typeof paths, string][]) {
      pages[name] = { path, ...(await load(`${base}${path}`, 10, { headers: { cookie } })) };
    }
    return { pages, apiRssPeakMb };
  } finally {
    clearInterval(sampler);
  }
}

async function expectStatus(response: Promise<Response>, status: number, what: string): Promise<void> {
  const answered = await response;
  if (answered.status !== status) throw new Error(`${what} answered ${answered.status}, not ${status}: ${await answered.text()}`);
}
