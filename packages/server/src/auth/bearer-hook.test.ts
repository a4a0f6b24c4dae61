import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClientError } from '../testing/expect-error.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const API_ROUTES: [string, string][] = [
  ['GET', '/api/v1/connectors'],
  ['GET', '/api/v1/connectors/http'],
  ['GET', '/api/v1/connections'],
  ['POST', '/api/v1/connections'],
  ['GET', '/api/v1/connections/conn_x'],
  ['PATCH', '/api/v1/connections/conn_x'],
  ['DELETE', '/api/v1/connections/conn_x'],
  ['POST', '/api/v1/connections/conn_x/test'],
  ['POST', '/api/v1/connections/conn_x/disconnect'],
  ['POST', '/api/v1/connections/conn_x/authorize'],
  ['GET', '/api/v1/connections/conn_x/picklists/objects'],
  ['POST', '/api/v1/connections/conn_x/actions/request'],
];

describe('bearer tokens', () => {
  it('every /api/v1 route answers 401 without a token, with a wrong one, or with another scheme', async () => {
    const bad = [undefined, 'Bearer pb_not-a-real-token-0123456789', 'Basic YWRtaW46YWRtaW4=', 'Bearer', `bearer  ${'x'.repeat(600)}`];
    for (const [method, path] of API_ROUTES) {
      for (const authorization of bad) {
        const headers: Record<string, string> = authorization === undefined ? { authorization: '' } : { authorization };
        const res = await server.api(path, { method, headers, json: method === 'GET' || method === 'DELETE' ? undefined : { x: 1 } });
        expectClientError(res, 401, 'unauthorized');
        const token = authorization?.split(/\s+/).pop() ?? '';
        if (token.length > 10) expect(res.text).not.toContain(token);
      }
    }
  });

  it('accepts the admin token and stores only its SHA-256', async () => {
    const res = await server.api('/api/v1/connections');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ connections: [], next: null });
    const rows = await server.store.db.selectFrom('api_tokens').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(server.token);
  });

  it('public endpoints need no token', async () => {
    const headers = { authorization: '' };
    expect((await server.api('/health', { headers })).status).toBe(200);
    expect((await server.api('/api/openapi.json', { headers })).status).toBe(200);
    expect((await server.api('/oauth/callback?state=unknown&code=x', { headers })).status).toBe(400);
  });
});

describe('unknown routes', () => {
  it('answer 404 not_found in the envelope', async () => {
    expectClientError(await server.api('/api/v1/nothing-here'), 404, 'not_found');
    expectClientError(await server.api('/nothing'), 404, 'not_found');
    // A known path with another method is a 405 (http/method-not-allowed.test.ts).
    expectClientError(await server.api('/api/v1/connections', { method: 'PUT', json: {} }), 405, 'method_not_allowed');
  });

  it('a malformed URL is a 400 in the envelope', async () => {
    expectClientError(await server.api('/api/v1/connections/%E0%A4%A'), 400, 'invalid_url');
  });
});
