// Checks simulator answers against the schemas the Jira OpenAPI document gives for that operation and status, so a
// drift between simulator and Jira's published contract fails a test instead of surprising the sync in production.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const SUBSET_PATH = join(__dirname, '..', 'openapi', 'jira-v3-subset.json');

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  components: { schemas: Record<string, unknown> };
}

export const openApiSubset = JSON.parse(readFileSync(SUBSET_PATH, 'utf8')) as OpenApiDocument;

const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
addFormats(ajv);
ajv.addSchema(openApiSubset, 'jira');

const pointer = (segment: string): string => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
const compiled = new Map<string, ValidateFunction>();

/**
 * The schema reference for an operation's answer: the documented JSON body for that status, else Jira's ErrorCollection
 * for error statuses the document lists without a body (Jira answers them with one) or does not list at all (410,
 * 429). Success statuses must be documented.
 */
export function responseSchemaRef(method: string, path: string, status: number): string {
  const operation = openApiSubset.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`The OpenAPI subset has no operation ${method} ${path}`);
  const response = operation.responses?.[String(status)];
  if (response?.content?.['application/json']?.schema !== undefined) {
    return `jira#/paths/${pointer(path)}/${method.toLowerCase()}/responses/${status}/content/${pointer('application/json')}/schema`;
  }
  if (status >= 400) return 'jira#/components/schemas/ErrorCollection';
  throw new Error(`The OpenAPI subset documents no JSON body for ${method} ${path} → ${status}`);
}

/** Schema violations of `body` as the answer to `method path` with `status`; empty when it conforms. */
export function schemaErrors(method: string, path: string, status: number, body: unknown): string[] {
  const ref = responseSchemaRef(method, path, status);
  let validate = compiled.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    compiled.set(ref, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Whether the document lists `status` among the operation's responses. */
export function isDocumentedStatus(method: string, path: string, status: number): boolean {
  return openApiSubset.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)] !== undefined;
}

/** Whether the document gives a JSON body for the operation's `status` answer. */
export function documentsJsonBody(method: string, path: string, status: number): boolean {
  const response = openApiSubset.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)];
  return response?.content?.['application/json']?.schema !== undefined;
}
