// Cuts the 2.4 MB Jira Cloud REST v3 OpenAPI document down to the operations the simulator serves plus every component
// they reference, so the simulator's contract tests run on a clone that lacks `../shared`.
//
// Run from the repository root (Node 24 strips the types itself):
//   node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON jira-simulator/extract-openapi-subset.ts [source.json] [out.json]
// The source defaults to ../shared/jira/jira-cloud-platform-v3.openapi.json beside the repository (as in CI), the output
// to jira-simulator/openapi/jira-v3-subset.json. Commit the output.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Every operation the simulator answers; the contract tests check that each one is in the subset. */
export const SIMULATED_OPERATIONS: ReadonlyArray<readonly [method: string, path: string]> = [
  ['post', '/rest/api/3/issue'],
  ['get', '/rest/api/3/issue/{issueIdOrKey}'],
  ['put', '/rest/api/3/issue/{issueIdOrKey}'],
  ['get', '/rest/api/3/issue/{issueIdOrKey}/transitions'],
  ['get', '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}'],
  ['get', '/rest/api/3/issue/{issueIdOrKey}/editmeta'],
  ['post', '/rest/api/3/issue/{issueIdOrKey}/transitions'],
  ['get', '/rest/api/3/issue/{issueIdOrKey}/comment'],
  ['post', '/rest/api/3/issue/{issueIdOrKey}/comment'],
  ['get', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}'],
  ['put', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}'],
  ['delete', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}'],
  ['get', '/rest/api/3/comment/{commentId}/properties/{propertyKey}'],
  ['put', '/rest/api/3/comment/{commentId}/properties/{propertyKey}'],
  ['post', '/rest/api/3/issue/{issueIdOrKey}/attachments'],
  ['get', '/rest/api/3/attachment/{id}'],
  ['get', '/rest/api/3/attachment/content/{id}'],
  ['get', '/rest/api/3/issue/{issueIdOrKey}/properties'],
  ['get', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}'],
  ['put', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}'],
  ['delete', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}'],
  ['get', '/rest/api/3/priority'],
  ['get', '/rest/api/3/status'],
  ['get', '/rest/api/3/statuses'],
  ['get', '/rest/api/3/resolution'],
  ['get', '/rest/api/3/myself'],
  ['get', '/rest/api/3/project/{projectIdOrKey}'],
  ['get', '/rest/api/3/field/{fieldId}/context'],
  ['get', '/rest/api/3/field/{fieldId}/context/projectmapping'],
  ['get', '/rest/api/3/field/{fieldId}/context/{contextId}/option'],
  ['post', '/rest/api/3/field/{fieldId}/context/{contextId}/option'],
  ['put', '/rest/api/3/field/{fieldId}/context/{contextId}/option'],
  ['delete', '/rest/api/3/field/{fieldId}/context/{contextId}/option/{optionId}'],
  ['get', '/rest/api/3/search/jql'],
  ['post', '/rest/api/3/search/jql'],
  ['get', '/rest/api/3/search'],
  ['post', '/rest/api/3/search'],
];

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function collectRefs(node: Json | undefined, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.add(value);
      else collectRefs(value, into);
    }
  }
}

/** The subset document: the listed operations (with their path-level parameters) and the closure of their `$ref`s. */
export function extractSubset(full: JsonObject, operations = SIMULATED_OPERATIONS): JsonObject {
  const fullPaths = full.paths as JsonObject;
  const paths: JsonObject = {};
  for (const [method, path] of operations) {
    const item = fullPaths[path];
    if (!isObject(item) || !isObject(item[method])) throw new Error(`The document has no operation ${method.toUpperCase()} ${path}`);
    const target = (paths[path] ??= {}) as JsonObject;
    if (item.parameters !== undefined) target.parameters = item.parameters;
    target[method] = item[method];
  }

  const components: Record<string, JsonObject> = {};
  const pending = new Set<string>();
  collectRefs(paths, pending);
  const done = new Set<string>();
  while (pending.size > 0) {
    const [ref] = pending;
    pending.delete(ref);
    if (done.has(ref)) continue;
    done.add(ref);
    const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
    if (!match) throw new Error(`Unsupported $ref ${ref}`);
    const [, section, name] = match;
    const definition = (full.components as JsonObject | undefined)?.[section];
    const value = isObject(definition) ? definition[name] : undefined;
    if (value === undefined) throw new Error(`Dangling $ref ${ref}`);
    (components[section] ??= {})[name] = value;
    const nested = new Set<string>();
    collectRefs(value, nested);
    for (const next of nested) if (!done.has(next)) pending.add(next);
  }
  const fullComponents = full.components as JsonObject;
  if (isObject(fullComponents.securitySchemes)) components.securitySchemes = fullComponents.securitySchemes;

  const sorted = (object: JsonObject): JsonObject =>
    Object.fromEntries(
      Object.keys(object)
        .sort()
        .map((key) => [key, object[key]]),
    );
  return {
    openapi: full.openapi,
    info: {
      ...(full.info as JsonObject),
      description: 'Subset of the Jira Cloud platform REST API v3 document, extracted by jira-simulator/extract-openapi-subset.ts.',
    },
    servers: full.servers ?? [],
    paths: sorted(paths),
    components: Object.fromEntries(Object.entries(components).map(([section, entries]) => [section, sorted(entries)])),
  };
}

function repositoryRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${start}`);
  }
}

function main(): void {
  const root = (): string => repositoryRoot(dirname(resolve(process.argv[1] ?? '.')));
  const source = resolve(process.argv[2] ?? join(root(), '..', 'shared', 'jira', 'jira-cloud-platform-v3.openapi.json'));
  const out = resolve(process.argv[3] ?? join(root(), 'jira-simulator', 'openapi', 'jira-v3-subset.json'));
  const subset = extractSubset(JSON.parse(readFileSync(source, 'utf8')) as JsonObject);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(subset, null, 1)}\n`);
  const schemaCount = Object.keys((subset.components as JsonObject).schemas as JsonObject).length;
  console.log(`Wrote ${out}: ${SIMULATED_OPERATIONS.length} operations, ${schemaCount} schemas.`);
}

// Runs only as a script, so the contract tests can import extractSubset without writing files.
if (/extract-openapi-subset\.(ts|js)$/.test(process.argv[1] ?? '')) main();
