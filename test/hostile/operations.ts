/** One operation of the served OpenAPI document: the suites cover what /docs-json lists, without a list of their own. */
export interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: string; schema?: Schema }[];
  bodySchema?: Schema;
  public: boolean;
}

export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  $ref?: string;
  example?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
}

export interface OpenApi {
  operations: Operation[];
  components: Record<string, Schema>;
}

type PathItem = Record<
  string,
  { parameters?: Operation['parameters']; requestBody?: { content?: Record<string, { schema?: Schema }> }; security?: unknown[] }
>;

/** Reads the document the API at `base` serves; routes added later are covered without editing a suite. */
export async function discoverOpenApi(base: string): Promise<OpenApi> {
  const doc = (await (await fetch(`${base}/docs-json`)).json()) as {
    paths: Record<string, PathItem>;
    components: { schemas?: Record<string, Schema> };
  };
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      bodySchema: op.requestBody?.content?.['application/json']?.schema,
      public: !op.security,
    })),
  );
  return { operations, components: doc.components.schemas ?? {} };
}

export async function discoverOperations(base: string): Promise<Operation[]> {
  return (await discoverOpenApi(base)).operations;
}
