import type { TestServer } from './test-server.ts';

export interface BodyOperation {
  method: string;
  /** The path with each `{param}` filled in (`{token}` with `token`, others with a placeholder id). */
  path: string;
  operationId: string;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId?: string; requestBody?: unknown }>>;
}

/**
 * Every operation of the server's own OpenAPI document that takes a request body: a test looping
 * over these covers each route that reads a body, including routes added later. The body is read
 * before the route's handler and its parameter checks, so placeholder ids do.
 */
export async function bodyOperations(server: TestServer, options: { token?: string } = {}): Promise<BodyOperation[]> {
  const document = (await server.api('/api/openapi.json')).body as OpenApiDocument;
  const operations: BodyOperation[] = [];
  for (const [template, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (operation.requestBody === undefined) continue;
      const path = template.replace(/\{(\w+)\}/g, (_match, name: string) => (name === 'token' ? (options.token ?? 'wh_unknown') : `x_${name}`));
      operations.push({ method: method.toUpperCase(), path, operationId: operation.operationId ?? `${method} ${template}` });
    }
  }
  return operations;
}
