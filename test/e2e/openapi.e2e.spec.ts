import SwaggerParser from '@apidevtools/swagger-parser';
import { startTestApp, type TestApp } from '../support/app';

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

  it('should resolve the answers map of a declaration to the AnswerDto schema', async () => {
    const document = (await t.http.get('/docs-json')).body;
    const answers = document.components.schemas.UpdateAnswersDto.properties.answers;
    expect(answers.additionalProperties.$ref).toBe('#/components/schemas/AnswerDto');
    expect(document.components.schemas.AnswerDto.required).toEqual(['svar']);
  });
});
