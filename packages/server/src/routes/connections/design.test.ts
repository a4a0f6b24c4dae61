import { type EchoApp, catalogConnector, startEchoApp } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

const KEY = 'catalog-key-route-7c21';

let server: TestServer;
let app: EchoApp;
let connectionId: string;

beforeAll(async () => {
  server = await startTestServer({ connectors: [catalogConnector] });
  app = await startEchoApp({ apiKey: { header: 'X-API-Key', value: KEY } });
  const created = await server.api('/api/v1/connections', { method: 'POST', json: { connector: 'catalog', name: 'Catalog', fields: { baseUrl: app.url, apiKey: KEY } } });
  expect(created.status).toBe(201);
  connectionId = (created.body as { id: string }).id;
});
afterAll(async () => {
  await app.close();
  await server?.stop();
});

describe('design-time routes', () => {
  it('describes pick-list bindings, params, scopes and dynamic schemas of a connector', async () => {
    const res = await server.api('/api/v1/connectors/catalog');
    expect(res.body).toMatchObject({
      picklists: [{ name: 'objects', params: [] }, { name: 'fields', params: ['object'] }],
      actions: expect.arrayContaining([
        expect.objectContaining({ name: 'create', scopes: ['write'], picklists: [{ input: 'object', list: 'objects', params: {} }], dynamicSchema: { dependsOn: ['object'] } }),
      ]),
      fields: expect.arrayContaining([expect.objectContaining({ name: 'apiKey', operatorDefault: true })]),
    });
  });

  it('GET …/picklists/{name} takes the list’s params from the query and refetches with ?refresh=true', async () => {
    const fields = await server.api(`/api/v1/connections/${connectionId}/picklists/fields?object=Account`);
    expect(fields.status).toBe(200);
    expect(fields.body).toEqual({ options: [{ value: 'Name', label: 'Account.Name' }] });
    const missing = await server.api(`/api/v1/connections/${connectionId}/picklists/fields`);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { code: 'invalid_input', details: [{ path: 'params.object' }] } });
    const before = app.requests.length;
    await server.api(`/api/v1/connections/${connectionId}/picklists/fields?object=Account`);
    expect(app.requests.length).toBe(before);
    await server.api(`/api/v1/connections/${connectionId}/picklists/fields?object=Account&refresh=true`);
    expect(app.requests.length).toBe(before + 1);
    const badRefresh = await server.api(`/api/v1/connections/${connectionId}/picklists/fields?object=Account&refresh=yes`);
    expect(badRefresh.status).toBe(400);
  });

  it('POST …/schema answers the input and output schemas, and refuses bad bodies with the envelope', async () => {
    const res = await server.api(`/api/v1/connections/${connectionId}/schema`, { method: 'POST', json: { action: 'create', config: { object: 'Account' } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ input: { properties: { record: { properties: { Name: { type: 'string' } } } } }, output: { properties: { id: { type: 'string' } } } });
    for (const body of [{}, { action: 'create', trigger: 'x' }, { action: 'create', config: {} }, { action: 'create', config: { object: 'A' }, extra: 1 }]) {
      const bad = await server.api(`/api/v1/connections/${connectionId}/schema`, { method: 'POST', json: body });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ error: { code: 'invalid_input' } });
    }
    const unknown = await server.api(`/api/v1/connections/${connectionId}/schema`, { method: 'POST', json: { action: 'nope' } });
    expect(unknown.status).toBe(404);
  });

  it('answers 409 connection_required before the connection works', async () => {
    app.script('/t/none/me', { status: 401 });
    const broken = await server.api('/api/v1/connections', { method: 'POST', json: { connector: 'catalog', name: 'Broken', fields: { baseUrl: app.url, apiKey: KEY } } });
    const id = (broken.body as { id: string }).id;
    const list = await server.api(`/api/v1/connections/${id}/picklists/objects`);
    expect(list.status).toBe(409);
    expect(list.body).toMatchObject({ error: { code: 'connection_required' } });
    const schema = await server.api(`/api/v1/connections/${id}/schema`, { method: 'POST', json: { action: 'create', config: { object: 'Account' } } });
    expect(schema.status).toBe(409);
  });
});
