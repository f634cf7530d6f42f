import type { OpenAPIObject } from '@nestjs/swagger';
import { ProblemDto, problemResponse } from './api-responses';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
// @nestjs/swagger exports the document's type only, not its parts.
type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type SchemaOrReference = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];
type ParameterObject = Extract<NonNullable<OperationObject['parameters']>[number], { in: string }>;

/**
 * Makes the served document as strict as the API is, so a client (and the e2e suites, which check every response
 * against it) can trust it:
 * - every DTO schema refuses unknown members: the global ValidationPipe forbids them in requests, and responses are
 *   built field by field in the response DTOs' `from()`;
 * - every operation documents the problem answers that follow from its shape: 400 for any input it validates, 401
 *   and 403 when it needs a token, 404 for a resource in its path, 408, 413 and 415 for a request body, 429 from the
 *   throttle, 503 while the database restarts or the server is too busy for a large body (both invite a retry); a
 *   write can also meet a state it does not fit (409) or a business rule that refuses it (422). Other answers (404
 *   for a resource named in the body or query, 412 and 428 for If-Match …) are declared with `@ApiProblems`.
 */
export function strictOpenApi(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ?? {};
  for (const schema of Object.values(schemas)) closeSchema(schema);
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) addProblemResponses(operation, method);
    }
  }
  document.components.schemas = schemas;
  if (!schemas[ProblemDto.name]) throw new Error('strictOpenApi: ProblemDto is not in the document; register it with ApiExtraModels.');
  return document;
}

function closeSchema(schema: SchemaOrReference): void {
  if ('$ref' in schema) return;
  if (schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
  // OpenAPI 3.0.3 clarified that `nullable` does not widen an `enum`: null must be listed for validators to accept it.
  if (schema.nullable && schema.enum && !schema.enum.includes(null)) schema.enum = [...(schema.enum as unknown[]), null];
  for (const property of Object.values(schema.properties ?? {})) closeSchema(property);
  if (schema.items) closeSchema(schema.items);
}

function addProblemResponses(operation: OperationObject, method: (typeof METHODS)[number]): void {
  const parameters = (operation.parameters ?? []).filter((p): p is ParameterObject => !('$ref' in p));
  const statuses = new Set<number>([429, 503]);
  if (parameters.length > 0 || operation.requestBody) statuses.add(400);
  if (operation.security?.length) [401, 403].forEach((s) => statuses.add(s));
  if (parameters.some((p) => p.in === 'path')) statuses.add(404);
  if (operation.requestBody) [408, 413, 415].forEach((s) => statuses.add(s));
  if (method !== 'get') [409, 422].forEach((s) => statuses.add(s));
  for (const status of statuses) {
    const { status: _status, ...response } = problemResponse(status);
    operation.responses[String(status)] ??= response;
  }
}
