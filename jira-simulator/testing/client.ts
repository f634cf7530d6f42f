// Supertest shorthands for the simulator's REST API: authenticated requests and contract assertions.
import request from 'supertest';
import { DEFAULT_API_TOKEN, DEFAULT_EMAIL, type JiraSimulator } from '../simulator';
import { documentsJsonBody, isDocumentedStatus, schemaErrors } from './openapi-validator';

type Method = 'get' | 'post' | 'put' | 'delete';

export interface JiraTestClient {
  get(path: string): request.Test;
  post(path: string): request.Test;
  put(path: string): request.Test;
  delete(path: string): request.Test;
}

export function jiraClient(sim: JiraSimulator, email = DEFAULT_EMAIL, token = DEFAULT_API_TOKEN): JiraTestClient {
  const call = (method: Method) => (path: string) => request(sim.url)[method](path).auth(email, token);
  return { get: call('get'), post: call('post'), put: call('put'), delete: call('delete') };
}

/**
 * Fails unless the answer has `status` and, when it has a JSON body, conforms to the document's schema for
 * `method template` at that status. A 204, or a success the document gives no body for, must be empty.
 */
export function expectContract(res: request.Response, method: string, template: string, status: number): void {
  if (res.status !== status) {
    throw new Error(`Expected ${method} ${template} to answer ${status}, got ${res.status}: ${res.text}`);
  }
  if (status === 204 || (status < 300 && !documentsJsonBody(method, template, status))) {
    if (!isDocumentedStatus(method, template, status)) throw new Error(`${method} ${template} does not document ${status}`);
    if (res.text !== '') throw new Error(`Expected an empty ${status} body, got: ${res.text}`);
    return;
  }
  const errors = schemaErrors(method, template, status, res.body);
  if (errors.length > 0) throw new Error(`${method} ${template} → ${status} violates the OpenAPI schema:\n${errors.join('\n')}`);
}
