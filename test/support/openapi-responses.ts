// Every response an e2e suite receives through `startTestApp().http` is checked against the operation the served
// /docs-json documents for it: the status must be documented, the content type must be one the operation answers
// with, and a JSON body must match its schema (which is strict: required members, no unknown ones). A mismatch fails
// the request's own `await`, so the test that made it names the operation. The counts go to a file per test file;
// the global teardown prints the run's total.
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';

interface DocumentedResponse {
  content?: Record<string, { schema?: unknown }>;
}
interface Operation {
  id: string;
  method: string;
  path: string;
  pattern: RegExp;
  literalSegments: number;
  responses: Record<string, DocumentedResponse>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, DocumentedResponse> }>>;
  components: unknown;
}

export const CHECKED_RESPONSES_DIR = 'openapi-responses';
const counts = { validated: 0, statusOnly: 0, undocumented: 0 };
const checkers = new Map<string, ResponseChecker>();

export class ResponseChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly operations: Operation[];
  private readonly validators = new Map<unknown, ValidateFunction>();

  private constructor(
    document: OpenApiDocument,
    private readonly skippedControllers: readonly string[],
  ) {
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema({ components: forAjv(document.components) }, 'openapi');
    this.operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        id: operation.operationId,
        method: method.toUpperCase(),
        path,
        pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        literalSegments: path.split('/').filter((s) => s && !s.startsWith('{')).length,
        responses: operation.responses,
      })),
    );
  }

  /** One checker per document text: compiling the schemas once per process keeps the check cheap. */
  static for(document: OpenApiDocument, skippedControllers: readonly string[] = []): ResponseChecker {
    const key = JSON.stringify(document) + skippedControllers.join();
    let checker = checkers.get(key);
    if (!checker) checkers.set(key, (checker = new ResponseChecker(document, skippedControllers)));
    return checker;
  }

  /** Throws when `response` is not what its operation documents. */
  check(response: Response): void {
    const request = (response as unknown as { req: { method: string; path: string } }).req;
    const path = decodeURI(request.path.split('?')[0]);
    const operation = this.operationFor(request.method, path);
    if (!operation) {
      counts.undocumented++;
      return;
    }
    const where = `${request.method} ${path} (${operation.method} ${operation.path}) answered ${response.status}`;
    const documented = operation.responses[String(response.status)] ?? operation.responses.default;
    if (!documented) {
      throw new Error(`OpenAPI: ${where}, a status the operation does not document (${Object.keys(operation.responses).join(', ')}).`);
    }
    const contentType = String(response.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const content = documented.content ?? {};
    if (!contentType || Number(response.headers['content-length']) === 0) {
      if (Object.keys(content).length > 0 && response.status !== 304) {
        throw new Error(`OpenAPI: ${where} without a body; documented: ${Object.keys(content).join(', ')}.`);
      }
      counts.statusOnly++;
      return;
    }
    const media = content[contentType] ?? content['*/*'];
    if (!media) {
      throw new Error(`OpenAPI: ${where} as ${contentType}; documented: ${Object.keys(content).join(', ') || 'no body'}.`);
    }
    if (!/[/+]json$/.test(contentType) || media.schema === undefined) {
      counts.statusOnly++;
      return;
    }
    const validate = this.validatorFor(media.schema);
    // A test that reads the raw text (its own parser, to search it for markers) leaves the body unparsed: parse it here.
    const body: unknown = typeof response.body === 'string' ? JSON.parse(response.body) : response.body;
    if (!validate(body)) {
      const errors = this.ajv.errorsText(validate.errors, { dataVar: 'body', separator: '\n  ' });
      throw new Error(`OpenAPI: ${where} with a body its schema refuses:\n  ${errors}\n${JSON.stringify(body).slice(0, 2000)}`);
    }
    counts.validated++;
  }

  private operationFor(method: string, path: string): Operation | undefined {
    return this.operations
      .filter((o) => o.method === method && o.pattern.test(path))
      .filter((o) => !this.skippedControllers.some((name) => o.id.startsWith(`${name}_`)))
      .sort((a, b) => b.literalSegments - a.literalSegments)[0];
  }

  private validatorFor(schema: unknown): ValidateFunction {
    let validate = this.validators.get(schema);
    if (!validate) {
      const rooted = JSON.parse(JSON.stringify(forAjv(schema)).replaceAll('"#/components/', '"openapi#/components/')) as object;
      this.validators.set(schema, (validate = this.ajv.compile(rooted)));
    }
    return validate;
  }
}

/**
 * OpenAPI 3.0 marks a nullable reference as `{ nullable: true, allOf: [{ $ref }] }` (or `$ref` beside `nullable`); ajv
 * applies `nullable` to `type` only, and the reference would still refuse null. JSON Schema spells it "null or the
 * reference".
 */
function forAjv(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forAjv);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, forAjv(value)])) as Record<string, unknown>;
  if (copy.nullable !== true || (copy.allOf === undefined && copy.$ref === undefined)) return copy;
  const { nullable: _nullable, ...rest } = copy;
  return { anyOf: [{ type: 'null' }, rest] };
}

/** Writes this test file's counts for the global teardown; one file per test file, since jest workers are processes. */
export function recordCheckedResponses(): void {
  const root = process.env.AVVIKELSE_TEST_TMP;
  if (!root || counts.validated + counts.statusOnly + counts.undocumented === 0) return;
  const dir = join(root, CHECKED_RESPONSES_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${process.pid}-${process.hrtime.bigint()}.json`), JSON.stringify(counts));
  Object.assign(counts, { validated: 0, statusOnly: 0, undocumented: 0 });
}
