import SwaggerParser from '@apidevtools/swagger-parser';
import { startTestApp, type TestApp } from '../support/app';

interface Schema {
  $ref?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
}
interface OpenApi {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components: { schemas: Record<string, Schema> };
}

// The served document is judged by someone else's validator, not by what our own code believes it wrote: a dangling
// $ref (AnswerDto once was one) shows as a red "Resolver error" in /docs and breaks every generated client.
describe('OpenAPI document (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(() => t.close());

  it('should pass @apidevtools/swagger-parser validation with every $ref resolved', async () => {
    const response = await t.http.get('/docs-json');
    expect(response.status).toBe(200);
    await expect(SwaggerParser.validate(structuredClone(response.body))).resolves.toBeDefined();
  });

  it('should give every operation a success answer with a body schema, and a problem document for each client error', async () => {
    const document = (await t.http.get('/docs-json')).body as OpenApi;
    const lacking: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
        if (success.length === 0) lacking.push(`${where}: no 2xx answer`);
        for (const [status, response] of success) {
          if (status !== '204' && !Object.values(response.content ?? {}).some((media) => media.schema))
            lacking.push(`${where} ${status}: no schema`);
        }
        for (const [status, response] of Object.entries(operation.responses).filter(([s]) => s.startsWith('4'))) {
          const schema = response.content?.['application/problem+json']?.schema;
          if (schema?.$ref !== '#/components/schemas/ProblemDto') lacking.push(`${where} ${status}: not a problem document`);
        }
        if (!operation.responses['429']) lacking.push(`${where}: 429 undocumented`);
      }
    }
    expect(lacking).toEqual([]);
  });

  it('should document every response body with required members and no unknown ones', async () => {
    const document = (await t.http.get('/docs-json')).body as OpenApi;
    const schemas = document.components.schemas;
    const open: string[] = [];
    const seen = new Set<string>();
    const visit = (schema: Schema | undefined, where: string): void => {
      if (!schema) return;
      if (schema.$ref) {
        const name = schema.$ref.split('/').pop()!;
        if (!seen.has(name)) {
          seen.add(name);
          visit(schemas[name], name);
        }
        return;
      }
      if (schema.properties) {
        if (schema.additionalProperties !== false) open.push(`${where}: additionalProperties`);
        if (!schema.required?.length) open.push(`${where}: no required members`);
        for (const [key, property] of Object.entries(schema.properties)) visit(property, `${where}.${key}`);
      }
      visit(schema.items, `${where}[]`);
      if (typeof schema.additionalProperties === 'object') visit(schema.additionalProperties, `${where}{}`);
    };
    for (const item of Object.values(document.paths)) {
      for (const operation of Object.values(item)) {
        for (const response of Object.values(operation.responses)) {
          for (const media of Object.values(response.content ?? {})) visit(media.schema, 'response');
        }
      }
    }
    expect(seen.size).toBeGreaterThan(50);
    expect(open).toEqual([]);
  });

  it('should resolve the answers map of a declaration to the AnswerDto schema', async () => {
    const document = (await t.http.get('/docs-json')).body;
    const answers = document.components.schemas.UpdateAnswersDto.properties.answers;
    expect(answers.additionalProperties.$ref).toBe('#/components/schemas/AnswerDto');
    expect(document.components.schemas.AnswerDto.required).toEqual(['svar']);
  });
});
