import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '@patchbay/vault';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const CANARIES = {
  badToken: 'pb_canary-bad-token-3b9d0c7e',
  code: 'canary-oauth-code-5e1f',
  state: 'canary-oauth-state-8a2c',
  password: 'canary-password-c41d',
  query: 'canary-query-value-77aa',
};

describe('logs', () => {
  it('never contain tokens, Authorization headers, callback query strings or bodies', async () => {
    await server.api('/api/v1/connections');
    await server.api('/api/v1/connections', { headers: { authorization: `Bearer ${CANARIES.badToken}` } });
    await server.api(`/oauth/callback?code=${CANARIES.code}&state=${CANARIES.state}`, { headers: { authorization: '' } });
    await server.api(`/api/v1/connections?filter=${CANARIES.query}`);
    const created = await server.api('/api/v1/connections', {
      method: 'POST',
      json: {
        connector: 'http',
        name: 'Basic app',
        fields: { auth: 'basic', baseUrl: 'http://127.0.0.1:9/', username: 'u', password: CANARIES.password },
      },
    });
    expect(created.status, created.text).toBe(201);
    const id = (created.body as ConnectionView).id;
    await server.api(`/api/v1/connections/${id}`, { method: 'PATCH', json: { fields: { password: CANARIES.password } } });
    await server.api(`/api/v1/connections/${id}/actions/request`, {
      method: 'POST',
      json: { input: { method: 'POST', path: '/', body: { secret: CANARIES.password } } },
    });
    await server.api('/api/v1/connections', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"x":"${CANARIES.password}"` });

    const logs = server.logs();
    expect(logs).toContain('"path":"/oauth/callback"');
    expect(logs).toContain('"status":401');
    for (const value of [server.token, ...Object.values(CANARIES)]) expect(logs).not.toContain(value);
    expect(logs.toLowerCase()).not.toContain('"authorization"');
    // Each line is JSON (pino) with a request id, so requests can be followed without their contents.
    for (const line of logs.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('never put a secret field in a response', async () => {
    const created = await server.api('/api/v1/connections', {
      method: 'POST',
      json: { connector: 'http', name: 'Key app', fields: { auth: 'apiKey', baseUrl: 'http://127.0.0.1:9/', apiKey: CANARIES.password } },
    });
    expect(created.text).not.toContain(CANARIES.password);
    expect((created.body as ConnectionView).secretFieldsSet).toContain('apiKey');
    const list = await server.api('/api/v1/connections');
    expect(list.text).not.toContain(CANARIES.password);
  });
});
