import { expect } from '@jest/globals';
import type { TestApp } from './app';

export interface EndpointCall {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  body?: object;
  headers?: Record<string, string>;
}

/**
 * The cross-party rule in one place: another party's resource answers exactly like one that does not exist —
 * 404 problem+json, never 403, and nothing in the body that names the resource.
 */
export async function expectNotFoundForOtherParty(t: TestApp, foreignToken: string, call: EndpointCall): Promise<void> {
  let req = t.http[call.method](call.path).set('Authorization', `Bearer ${foreignToken}`);
  for (const [name, value] of Object.entries(call.headers ?? {})) req = req.set(name, value);
  const response = call.body ? await req.send(call.body) : await req;
  expect({ path: call.path, status: response.status }).toEqual({ path: call.path, status: 404 });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status: 404 });
}

/** A list, search or export seen by another party contains none of the given ids or keys. */
export async function expectAbsentForOtherParty(t: TestApp, foreignToken: string, path: string, secrets: string[]): Promise<void> {
  const response = await t.http.get(path).set('Authorization', `Bearer ${foreignToken}`);
  expect({ path, status: response.status }).toEqual({ path, status: 200 });
  const text = response.text;
  for (const secret of secrets) expect({ path, leaked: text.includes(secret) }).toEqual({ path, leaked: false });
}
