import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The server package exports no testing entry point; its test server is the real server on loopback.
import { startTestServer, type TestServer } from '../../server/src/testing/test-server.ts';
import { createPatchbayClient, PatchbayApiError, unwrap, type PatchbayClient, type RecipeDefinition } from './index.ts';

let server: TestServer;
let client: PatchbayClient;

beforeAll(async () => {
  server = await startTestServer();
  client = createPatchbayClient({ baseUrl: server.url, token: server.token });
});
afterAll(async () => {
  await server?.stop();
});

/** What `unwrap` threw, for assertions on its fields. */
async function failure(pending: Promise<unknown>): Promise<PatchbayApiError> {
  const err = await pending.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(err instanceof PatchbayApiError)) throw new Error(`expected a PatchbayApiError, got ${String(err)}`);
  return err;
}

const RECIPE: RecipeDefinition = {
  name: 'Echo',
  connections: {},
  trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'accepted' } },
  steps: [{ id: 'note', type: 'set', values: { seen: '{{ trigger.body }}' } }],
};

describe('the generated client against a real server', () => {
  it('GET: typed answers with the token sent', async () => {
    const { connectors } = await unwrap(client.GET('/api/v1/connectors'));
    expect(connectors.map((c) => c.key)).toEqual(expect.arrayContaining(['http', 'salesforce', 'webhook']));
    const http = await unwrap(client.GET('/api/v1/connectors/{key}', { params: { path: { key: 'http' } } }));
    expect(http.actions.map((a) => a.name)).toContain('request');
  });

  it('POST then GET with path and query parameters; DELETE answers 204 without a body', async () => {
    const created = await unwrap(
      client.POST('/api/v1/connections', { body: { connector: 'http', name: 'Example', fields: { auth: 'none', baseUrl: 'https://api.example.com/' } } }),
    );
    expect(created).toMatchObject({ connector: 'http', name: 'Example', status: 'connected', fields: { baseUrl: 'https://api.example.com/' } });
    const page = await unwrap(client.GET('/api/v1/connections', { params: { query: { limit: 1 } } }));
    expect(page.connections.map((c) => c.id)).toEqual([created.id]);
    expect(await unwrap(client.DELETE('/api/v1/connections/{id}', { params: { path: { id: created.id } } }))).toBeUndefined();
  });

  it('a typed recipe definition is imported, and exported unchanged', async () => {
    const recipe = await unwrap(client.POST('/api/v1/recipes/import', { body: RECIPE }));
    expect(recipe).toMatchObject({ name: 'Echo', status: 'stopped', version: 1 });
    expect(await unwrap(client.GET('/api/v1/recipes/{id}/export', { params: { path: { id: recipe.id } } }))).toEqual(RECIPE);
  });

  it('an error answer becomes a PatchbayApiError with status, code, message and details', async () => {
    const missing = await failure(unwrap(client.GET('/api/v1/recipes/{id}', { params: { path: { id: 'rcp_missing' } } })));
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
    expect(missing.message).toMatch(/rcp_missing/);

    const invalid = await failure(unwrap(client.unchecked.POST('/api/v1/recipes/import', { body: { ...RECIPE, steps: [{ id: 'x', type: 'nope' }] } })));
    expect(invalid).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(invalid.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining('steps') })]));
  });

  it('unchecked: JSON a person wrote is sent unchanged and the server answers', async () => {
    const written: unknown = JSON.parse('{ "connector": "http", "name": "Typed by hand", "fields": { "auth": "none", "baseUrl": "https://h.example.com/" } }');
    const created = await unwrap(client.unchecked.POST('/api/v1/connections', { body: written }));
    expect(created.name).toBe('Typed by hand');
    const wrong: unknown = JSON.parse('{ "connector": "http", "name": "No URL", "fields": { "auth": "none" } }');
    expect(await failure(unwrap(client.unchecked.POST('/api/v1/connections', { body: wrong })))).toMatchObject({ status: 400 });
  });

  it('getToken is asked before every request; a wrong token is a 401 envelope', async () => {
    let token = 'pb_wrong-token-0123456789';
    const rotating = createPatchbayClient({ baseUrl: server.url, getToken: async () => token });
    expect(await failure(unwrap(rotating.GET('/api/v1/connectors')))).toMatchObject({ status: 401, code: 'unauthorized' });
    token = server.token;
    expect((await unwrap(rotating.GET('/api/v1/connectors'))).connectors.length).toBeGreaterThan(0);
  });

  it('an answer that is not the envelope (a proxy page) still becomes an error naming the status', async () => {
    const proxied = createPatchbayClient({
      baseUrl: server.url,
      token: server.token,
      fetch: async () => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
    });
    expect(await failure(unwrap(proxied.GET('/api/v1/connectors')))).toMatchObject({ status: 502, code: 'http_error', message: 'the server answered HTTP 502' });
  });
});
