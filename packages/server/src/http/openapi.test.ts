import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

interface Operation {
  operationId?: string;
  security?: unknown[];
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  parameters?: { name: string; in: string; schema?: unknown }[];
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string }>; schemas: Record<string, Record<string, unknown>> };
  security: Record<string, unknown[]>[];
}

const EXPECTED: [string, string][] = [
  ['post', '/api/session'],
  ['get', '/api/session'],
  ['delete', '/api/session'],
  ['get', '/api/v1/connectors'],
  ['get', '/api/v1/connectors/{key}'],
  ['get', '/api/v1/connections'],
  ['post', '/api/v1/connections'],
  ['get', '/api/v1/connections/{id}'],
  ['patch', '/api/v1/connections/{id}'],
  ['delete', '/api/v1/connections/{id}'],
  ['post', '/api/v1/connections/{id}/test'],
  ['post', '/api/v1/connections/{id}/disconnect'],
  ['post', '/api/v1/connections/{id}/authorize'],
  ['get', '/api/v1/connections/{id}/picklists/{name}'],
  ['post', '/api/v1/connections/{id}/actions/{action}'],
  ['post', '/api/v1/connections/{id}/schema'],
  ['get', '/api/v1/recipes'],
  ['post', '/api/v1/recipes'],
  ['post', '/api/v1/recipes/import'],
  ['get', '/api/v1/recipes/{id}'],
  ['patch', '/api/v1/recipes/{id}'],
  ['delete', '/api/v1/recipes/{id}'],
  ['put', '/api/v1/recipes/{id}/connections'],
  ['post', '/api/v1/recipes/{id}/start'],
  ['post', '/api/v1/recipes/{id}/stop'],
  ['get', '/api/v1/recipes/{id}/versions'],
  ['get', '/api/v1/recipes/{id}/versions/{version}'],
  ['get', '/api/v1/recipes/{id}/export'],
  ['get', '/api/v1/recipes/{id}/jobs'],
  ['get', '/api/v1/jobs'],
  ['get', '/api/v1/jobs/stats'],
  ['get', '/api/v1/jobs/{id}'],
  ['post', '/api/v1/jobs/{id}/rerun'],
  ['post', '/api/v1/jobs/{id}/cancel'],
  ['get', '/api/v1/notifications'],
  ['post', '/webhooks/{token}'],
  ['put', '/webhooks/{token}'],
  ['patch', '/webhooks/{token}'],
  ['get', '/oauth/callback'],
  ['get', '/health'],
];

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document listing every path, served without a token', async () => {
    const res = await server.api('/api/openapi.json', { headers: { authorization: '' } });
    expect(res.status).toBe(200);
    const doc = res.body as OpenApiDocument;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Patchbay API', version: expect.any(String) });
    expect(doc.components.securitySchemes.bearerAuth).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(doc.components.securitySchemes.sessionCookie).toEqual(expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'patchbay_session' }));
    expect(doc.security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
    for (const [method, path] of EXPECTED) {
      expect(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
    }
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => m !== 'head').map((m) => `${m} ${path}`));
    expect(listed.sort()).toEqual(EXPECTED.map(([m, p]) => `${m} ${p}`).sort());
    expect(doc.paths['/health']?.get?.security).toEqual([]);
    for (const method of ['get', 'post', 'delete']) expect(doc.paths['/api/session']?.[method]?.security).toEqual([]);
    expect(doc.paths['/oauth/callback']?.get?.security).toEqual([]);
    for (const method of ['post', 'put', 'patch']) expect(doc.paths['/webhooks/{token}']?.[method]?.security).toEqual([]);
  });

  it('every operation has an id, documented responses, and schemas that compile as JSON Schema 2020-12', async () => {
    const doc = (await server.api('/api/openapi.json')).body as OpenApiDocument;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    // ajv-formats is CommonJS: under NodeNext its default import is the module object.
    formats.default(ajv);
    const ids = new Set<string>();
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        if (method === 'head') continue;
        expect(op.operationId, `${method} ${path}`).toBeTruthy();
        ids.add(op.operationId ?? '');
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(0);
        const schemas = [
          ...Object.values(op.responses ?? {}).flatMap((r) => Object.values(r.content ?? {}).map((c) => c.schema)),
          ...Object.values(op.requestBody?.content ?? {}).map((c) => c.schema),
          ...(op.parameters ?? []).map((p) => p.schema),
        ];
        for (const schema of schemas) {
          // References point into the document's shared components.
          expect(() => ajv.compile({ ...(schema as object), components: doc.components }), `${method} ${path}`).not.toThrow();
        }
        for (const param of op.parameters ?? []) expect(['path', 'query', 'header']).toContain(param.in);
        // Path parameters are declared for every {name} in the path, as OpenAPI requires.
        for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
          expect(op.parameters?.some((p) => p.in === 'path' && p.name === name), `${method} ${path} {${name}}`).toBe(true);
        }
      }
    }
    expect(ids.size).toBe(EXPECTED.length);
  });

  it('documents the request body of create as the schema the server validates with: one branch per connector, its fields', async () => {
    const doc = (await server.api('/api/openapi.json')).body as OpenApiDocument;
    const body = doc.paths['/api/v1/connections']?.post?.requestBody?.content?.['application/json']?.schema;
    expect(body).toEqual({ $ref: '#/components/schemas/CreateConnectionInput' });
    const { connectors } = (await server.api('/api/v1/connectors')).body as { connectors: { key: string; needsConnection: boolean; fieldsSchema: unknown }[] };
    const connected = connectors.filter((c) => c.needsConnection);
    expect(connected.map((c) => c.key)).toEqual(expect.arrayContaining(['http', 'salesforce', 'zendesk', 'jira']));
    expect(doc.components.schemas.CreateConnectionInput).toMatchObject({
      oneOf: connected.map((c) => ({ $ref: `#/components/schemas/CreateConnectionInput.${c.key}` })),
      discriminator: { propertyName: 'connector' },
    });
    for (const connector of connected) {
      expect(doc.components.schemas[`CreateConnectionInput.${connector.key}`]).toMatchObject({
        type: 'object',
        required: expect.arrayContaining(['connector', 'name']),
        properties: { connector: { const: connector.key }, fields: { $ref: `#/components/schemas/ConnectionFields.${connector.key}` } },
        additionalProperties: false,
      });
      // The same schema GET /api/v1/connectors/{key} shows and the vault validates with.
      const { description: _description, ...fields } = doc.components.schemas[`ConnectionFields.${connector.key}`] ?? {};
      expect(fields).toEqual(connector.fieldsSchema);
    }
    const created = doc.paths['/api/v1/connections']?.post?.responses?.['201']?.content?.['application/json']?.schema;
    expect(created).toEqual({ $ref: '#/components/schemas/Connection' });
    expect(doc.components.schemas.Connection).toMatchObject({ type: 'object', properties: { id: { type: 'string' }, secretFieldsSet: { type: 'array' } } });
  });

  it('documents the recipe definition as the engine validates it, with its recursive steps as a shared component', async () => {
    const doc = (await server.api('/api/openapi.json')).body as OpenApiDocument;
    for (const [method, path] of [['post', '/api/v1/recipes'], ['post', '/api/v1/recipes/import'], ['patch', '/api/v1/recipes/{id}']] as const) {
      expect(doc.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema, `${method} ${path}`).toMatchObject({ $ref: '#/components/schemas/RecipeDefinition' });
    }
    expect(doc.paths['/api/v1/recipes/{id}/export']?.get?.responses?.['200']?.content?.['application/json']?.schema).toMatchObject({ $ref: '#/components/schemas/RecipeDefinition' });
    const definition = doc.components.schemas.RecipeDefinition ?? {};
    expect(definition).toMatchObject({ type: 'object', required: ['name', 'connections', 'trigger', 'steps'], additionalProperties: false });
    expect(definition).toMatchObject({ properties: { steps: { type: 'array', items: { $ref: '#/components/schemas/Step' } } } });
    const kinds = (doc.components.schemas.Step?.anyOf ?? []) as { properties: { type?: { const?: string } } }[];
    expect(kinds.map((k) => k.properties.type?.const)).toEqual(['action', 'if', 'foreach', 'stop', 'try', 'set']);
    // The nested steps of if/foreach/try refer back to the same component.
    expect(JSON.stringify(doc.components.schemas.Step)).toContain('"items":{"$ref":"#/components/schemas/Step"}');
    expect(JSON.stringify(doc)).not.toContain('x-component');
  });

  it('shows each resource and the error envelope as one shared component wherever routes use them', async () => {
    const doc = (await server.api('/api/openapi.json')).body as OpenApiDocument;
    const schemaOf = (path: string, method: string, status: string) => doc.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;
    expect(schemaOf('/api/v1/connections/{id}', 'get', '200')).toEqual({ $ref: '#/components/schemas/Connection' });
    expect(schemaOf('/api/v1/recipes/{id}', 'get', '200')).toEqual({ $ref: '#/components/schemas/Recipe' });
    expect(schemaOf('/api/v1/jobs/{id}', 'get', '200')).toEqual({ $ref: '#/components/schemas/Job' });
    expect(schemaOf('/api/v1/connectors/{key}', 'get', '200')).toEqual({ $ref: '#/components/schemas/Connector' });
    expect(schemaOf('/api/v1/jobs/{id}', 'get', '404')).toEqual({ $ref: '#/components/schemas/Error', description: expect.stringContaining('Nothing with that id') });
    expect(doc.components.schemas.Error).toMatchObject({ type: 'object', required: ['error'] });
    expect(doc.components.schemas.Recipe).toMatchObject({ properties: { definition: { $ref: '#/components/schemas/RecipeDefinition' } } });
    const success = Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => Object.values(op.responses ?? {})));
    expect(success.filter((r) => (r as { description?: string }).description === 'Default Response')).toEqual([]);
  });

  it('documents each error status a route answers, never a range', async () => {
    const doc = (await server.api('/api/openapi.json')).body as OpenApiDocument;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const statuses = Object.keys(op.responses ?? {});
        expect(statuses.filter((s) => !/^\d{3}$/.test(s)), `${method} ${path}`).toEqual([]);
        expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['400', '500']));
        if (path.startsWith('/api/v1/')) expect(statuses, `${method} ${path}`).toContain('401');
        if (op.requestBody) expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['413', '415']));
        if (path.includes('{id}')) expect(statuses, `${method} ${path}`).toContain('404');
      }
    }
  });
});
