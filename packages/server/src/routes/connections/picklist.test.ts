import { createPatchbayClient, unwrap } from '@patchbay/client';
import { type EchoApp, catalogConnector, startEchoApp } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

/*
 * The pick-list route's query: `refresh` and the list's own parameters, whose names vary by list.
 * The document declares the latter as one object parameter serialised `form` + `explode`, so each of
 * its properties is a query parameter of its own; the server checks exactly what it checked before.
 */

const KEY = 'catalog-key-picklist-3b8e';

let server: TestServer;
let app: EchoApp;
let connectionId: string;

beforeAll(async () => {
  server = await startTestServer({ connectors: [catalogConnector] });
  app = await startEchoApp({ apiKey: { header: 'X-API-Key', value: KEY } });
  const created = await server.api('/api/v1/connections', { method: 'POST', json: { connector: 'catalog', name: 'Catalog', fields: { baseUrl: app.url, apiKey: KEY } } });
  expect(created.status, created.text).toBe(201);
  connectionId = (created.body as { id: string }).id;
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  style?: string;
  explode?: boolean;
  schema?: unknown;
}

async function picklistParameters(): Promise<Parameter[]> {
  const doc = (await server.api('/api/openapi.json')).body as { paths: Record<string, { get?: { parameters?: Parameter[] } }> };
  return doc.paths['/api/v1/connections/{id}/picklists/{name}']?.get?.parameters ?? [];
}

describe('the document of GET /api/v1/connections/{id}/picklists/{name}', () => {
  it("declares the list's own parameters as string values of at most 1000 characters, each a query parameter of its own", async () => {
    const query = (await picklistParameters()).filter((p) => p.in === 'query');
    expect(query.map((p) => p.name).sort()).toEqual(['params', 'refresh']);
    const params = query.find((p) => p.name === 'params');
    expect(params).toMatchObject({
      required: false,
      style: 'form',
      explode: true,
      schema: { type: 'object', additionalProperties: { type: 'string', maxLength: 1000 } },
    });
    expect(params?.description).toMatch(/^The list's parameters, as named in the connector's `picklists\[\]\.params`/);
    expect(query.find((p) => p.name === 'refresh')?.schema).toMatchObject({ anyOf: [{ enum: ['true'] }, { enum: ['false'] }] });
  });
});

describe('what the server checks, unchanged', () => {
  const picklist = (query: string) => server.api(`/api/v1/connections/${connectionId}/picklists/fields?${query}`);

  it('takes each parameter by its own name, up to 1000 characters', async () => {
    expect((await picklist('object=Account')).body).toEqual({ options: [{ value: 'Name', label: 'Account.Name' }] });
    const longest = await picklist(`object=${'A'.repeat(1000)}`);
    expect(longest.status, longest.text).toBe(200);
  });

  it('refuses a value longer than 1000 characters, a repeated parameter and a bad refresh with 400', async () => {
    for (const query of [`object=${'A'.repeat(1001)}`, 'object=Account&object=Contact', 'object=Account&refresh=yes']) {
      const refused = await picklist(query);
      expect(refused.status, query).toBe(400);
      expect(refused.body).toMatchObject({ error: { code: 'invalid_input' } });
    }
  });

  it("refuses parameters the list does not declare, or lacks, naming them (the connector's own rule)", async () => {
    const missing = await picklist('');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { code: 'invalid_input', details: [{ path: 'params.object' }] } });
    // Sent as the document's parameter name would be by a deepObject serialiser: not a parameter of this list.
    const nested = await picklist('params%5Bobject%5D=Account');
    expect(nested.status).toBe(400);
  });
});

describe('the generated client', () => {
  it('sends the parameters by their own names when serialising objects as the document says (form, explode)', async () => {
    const client = createPatchbayClient({ baseUrl: server.url, token: server.token });
    const before = app.requests.length;
    const answer = await unwrap(
      client.GET('/api/v1/connections/{id}/picklists/{name}', {
        params: { path: { id: connectionId, name: 'fields' }, query: { params: { object: 'Account' }, refresh: 'true' } },
        querySerializer: { object: { style: 'form', explode: true } },
      }),
    );
    expect(answer).toEqual({ options: [{ value: 'Name', label: 'Account.Name' }] });
    // refresh=true reached the server too: the list was fetched from the app again.
    expect(app.requests.length).toBe(before + 1);
  });
});
