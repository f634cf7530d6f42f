import type { Response } from 'supertest';
import { startDemoIdentityProvider, type DemoIdentityProvider, type DemoPerson } from '../../tools/stack/demo-identity-provider';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from './app';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const PORTAL_CLIENT_ID = 'avvikelse-portal-test';

/** The cookie pairs (`name=value`) a response sets, merged into a jar. */
export function keepCookies(jar: Map<string, string>, setCookie: string[] | string | null | undefined): void {
  for (const line of [setCookie ?? []].flat()) {
    const [pair] = line.split(';');
    const at = pair.indexOf('=');
    jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
}

export const cookieHeader = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

export interface PortalTest {
  t: TestApp;
  /** PUBLIC_BASE_URL: where the app listens when started with `listen`. */
  baseUrl: string;
  provider: DemoIdentityProvider;
  close(): Promise<void>;
}

/**
 * The API with the portal's login pointed at a real OpenID Connect provider (the embedded default's demo provider),
 * whose people are `people`. PUBLIC_BASE_URL is the registered callback's origin; supertest needs no listener there,
 * since the test carries the provider's redirect to the callback itself.
 */
export async function startPortalTest(
  people: DemoPerson[],
  env: Record<string, string> = {},
  options: { listen?: boolean } = {},
): Promise<PortalTest> {
  const port = options.listen ? await freePort() : 0;
  const portalBaseUrl = options.listen ? `http://127.0.0.1:${port}` : (process.env.PUBLIC_BASE_URL ?? 'http://localhost:3000');
  const provider = await startDemoIdentityProvider({ portalBaseUrl, clientId: PORTAL_CLIENT_ID, people, nodeEnv: 'test' });
  const saved = { ...process.env };
  Object.assign(process.env, {
    PUBLIC_BASE_URL: portalBaseUrl,
    PORTAL_OIDC_ISSUER_URL: provider.issuer,
    PORTAL_OIDC_CLIENT_ID: PORTAL_CLIENT_ID,
    ...env,
  });
  try {
    const t = await startTestApp();
    if (options.listen) await t.app.listen(port, '127.0.0.1');
    return { t, provider, baseUrl: portalBaseUrl, close: async () => (await t.close(), await provider.stop()) };
  } finally {
    process.env = saved;
  }
}

/**
 * Logs `subject` in through the real code flow: the portal's /login, the provider's authorization endpoint and
 * demo login page, then the portal's callback. Returns the portal's cookies and the callback's answer.
 */
export async function logIn(
  portal: PortalTest,
  subject: string,
  options: { returnTo?: string; mfa?: boolean } = {},
): Promise<{ cookies: Map<string, string>; callback: Response; callbackPath: string }> {
  const cookies = new Map<string, string>();
  const start = await portal.t.http.get(`/login?returnTo=${encodeURIComponent(options.returnTo ?? '/')}`).set('Accept', 'text/html');
  if (start.status !== 303) throw new Error(`/login answered ${start.status}`);
  keepCookies(cookies, start.headers['set-cookie']);
  const providerCookies = new Map<string, string>();
  let location = new URL(start.headers.location);
  const base = process.env.PUBLIC_BASE_URL ?? 'http://localhost:3000';
  for (let hop = 0; hop < 10 && !location.href.startsWith(base); hop++) {
    const interaction = /^\/interaction\/([^/]+)$/.exec(location.pathname);
    const body = interaction ? new URLSearchParams({ subject, ...(options.mfa ? { mfa: 'on' } : {}) }).toString() : undefined;
    const target = interaction ? new URL(`${location.pathname}/login`, location) : location;
    const answer = await fetch(target, {
      method: interaction ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: cookieHeader(providerCookies), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body,
    });
    keepCookies(providerCookies, answer.headers.getSetCookie());
    const next = answer.headers.get('location');
    if (!next) throw new Error(`the provider answered ${answer.status} at ${target.pathname}: ${await answer.text()}`);
    location = new URL(next, location);
  }
  const callbackPath = `${location.pathname}${location.search}`;
  const callback = await portal.t.http.get(callbackPath).set('Accept', 'text/html').set('Cookie', cookieHeader(cookies));
  keepCookies(cookies, callback.headers['set-cookie']);
  return { cookies, callback, callbackPath };
}

/**
 * A page as a browser asks for it (`Accept: text/html`, the session cookie), a form posted with its token, and a
 * logged-in session with the form token read off its start page. `portal` is read at call time: suites start the
 * portal in beforeAll.
 */
export function pageClient(portal: () => PortalTest) {
  const get = (path: string, cookies: Map<string, string>) =>
    portal().t.http.get(path).set('Accept', 'text/html').set('Cookie', cookieHeader(cookies));
  const post = (path: string, cookies: Map<string, string>, csrf: string, body: string) =>
    portal()
      .t.http.post(path)
      .set('Accept', 'text/html')
      .set('Cookie', cookieHeader(cookies))
      .type('form')
      .send(`_csrf=${encodeURIComponent(csrf)}&${body}`);
  const session = async (subject: string): Promise<{ cookies: Map<string, string>; csrf: string }> => {
    const { cookies } = await logIn(portal(), subject);
    const start = await get('/', cookies);
    if (start.status !== 200) throw new Error(`the start page answered ${start.status} after ${subject} logged in`);
    return { cookies, csrf: /name="_csrf" value="([^"]+)"/.exec(start.text)![1] };
  };
  return { get, post, session };
}
