import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type OAuthServer, completeAuthorization, startOAuthServer } from '@patchbay/testkit';
import { type EchoApp, startEchoApp } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, type ApiResponse, type TestServer, startTestServer } from '../testing/test-server.ts';

const PASSWORD = 'canary-password-5d1f0b7e';
const API_KEY = 'canary-apikey-9a2c4e6b';
const BEARER = 'canary-bearer-3e8d7c1a';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function dataOf(response: ApiResponse): Record<string, unknown> {
  if (typeof response.body !== 'object' || response.body === null) throw new Error(`not JSON: ${response.text}`);
  return { ...response.body };
}

describe('secrets never leak: database file, logs, API responses', () => {
  let server: TestServer;
  let oauth: OAuthServer;
  let app: EchoApp;
  const responses: ApiResponse[] = [];
  const canaries: string[] = [PASSWORD, API_KEY, BEARER, ADMIN_TOKEN];

  async function call(path: string, init?: Parameters<TestServer['api']>[1]): Promise<ApiResponse> {
    const response = await server.api(path, init);
    responses.push(response);
    return response;
  }

  beforeAll(async () => {
    const port = await freePort();
    oauth = await startOAuthServer({ redirectUris: [`http://127.0.0.1:${port}/oauth/callback`], rotateRefreshToken: true, accessTokenTtl: 2 });
    app = await startEchoApp();
    server = await startTestServer({ env: { PORT: String(port), PATCHBAY_PUBLIC_URL: `http://127.0.0.1:${port}` } });
    canaries.push(oauth.clientSecret);
  });
  afterAll(async () => {
    await server?.stop();
    await oauth?.close();
    await app?.close();
  });

  it('goes through the life of every kind of connection over the API', async () => {
    const basic = dataOf(await call('/api/v1/connections', { method: 'POST', json: { connector: 'http', name: 'basic', fields: { auth: 'basic', baseUrl: app.url, username: 'u', password: PASSWORD, testPath: '/me' } } }));
    expect(basic.status).toBe('connected');
    const key = dataOf(await call('/api/v1/connections', { method: 'POST', json: { connector: 'http', name: 'key', fields: { auth: 'apiKey', baseUrl: app.url, apiKey: API_KEY } } }));
    const bearer = dataOf(await call('/api/v1/connections', { method: 'POST', json: { connector: 'http', name: 'bearer', fields: { auth: 'bearer', baseUrl: app.url, token: BEARER } } }));
    for (const conn of [basic, key, bearer]) {
      const run = await call(`/api/v1/connections/${String(conn.id)}/actions/request`, { method: 'POST', json: { input: { method: 'GET', path: '/x' } } });
      expect(run.status).toBe(200);
      await call(`/api/v1/connections/${String(conn.id)}/test`, { method: 'POST' });
      await call(`/api/v1/connections/${String(conn.id)}`);
    }
    // The app received the secrets: the canaries are real credentials, not strings nobody used.
    expect(app.requests.some((r) => r.headers['x-api-key'] === API_KEY)).toBe(true);
    expect(app.requests.some((r) => r.headers.authorization === `Bearer ${BEARER}`)).toBe(true);

    // A bad request that carries a secret must not echo it back.
    const bad = await call('/api/v1/connections', { method: 'POST', json: { connector: 'http', name: 'bad', fields: { auth: 'basic', baseUrl: 'not a url', password: PASSWORD } } });
    expect(bad.status).toBe(400);
    await call(`/api/v1/connections/${String(basic.id)}`, { method: 'PATCH', json: { fields: { password: PASSWORD } } });

    // OAuth2 through the real callback route.
    const created = dataOf(await call('/api/v1/connections', { method: 'POST', json: { connector: 'http', name: 'oauth', fields: { auth: 'oauth2', baseUrl: oauth.apiBaseUrl, authorizationUrl: oauth.authorizationUrl, tokenUrl: oauth.tokenUrl, clientId: oauth.clientId, clientSecret: oauth.clientSecret, scopes: 'read', testPath: 'me' } } }));
    const { url } = dataOf(await call(`/api/v1/connections/${String(created.id)}/authorize`, { method: 'POST', json: {} }));
    const callback = await completeAuthorization(String(url));
    const page = await fetch(callback);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Connected');
    const connected = dataOf(await call(`/api/v1/connections/${String(created.id)}`));
    expect(connected.status).toBe('connected');

    // The app's echo of the live access token comes back masked (secrets-masked-by-value.test.ts) …
    const echo = await call(`/api/v1/connections/${String(created.id)}/actions/request`, { method: 'POST', json: { input: { method: 'GET', path: 'echo' } } });
    expect(echo.text).toContain('Bearer [secret]');
    expect(oauth.bearerTokens.size).toBe(1);
    canaries.push(...oauth.bearerTokens);
    // … and force a refresh so that a refresh token and a second access token pass through too.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await call(`/api/v1/connections/${String(created.id)}/actions/request`, { method: 'POST', json: { input: { method: 'GET', path: 'me' } } })).status).toBe(200);
    expect(oauth.grants.count('refresh_token')).toBe(1);
    expect(oauth.bearerTokens.size).toBe(2);
    canaries.push(...oauth.bearerTokens);
    await call('/api/v1/connections');
    await call(`/api/v1/connections/${String(created.id)}/disconnect`, { method: 'POST' });
    await call('/api/v1/connectors/http');
    await call('/api/openapi.json');
  }, 30_000);

  it('no canary appears in any API response', () => {
    expect(responses.length).toBeGreaterThan(10);
    for (const response of responses) for (const canary of canaries) expect(response.text).not.toContain(canary);
  });

  it('no canary appears in the logs', () => {
    const logs = server.logs();
    expect(logs.length).toBeGreaterThan(0);
    for (const canary of canaries) expect(logs).not.toContain(canary);
  });

  it('no canary appears in the database files', async () => {
    await server.close();
    const files = readdirSync(server.dataDir).filter((f) => f.startsWith('patchbay.db'));
    expect(files).toContain('patchbay.db');
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(server.dataDir, f))));
    // The scan is able to find things: the connection names are there in plaintext.
    expect(bytes.includes(Buffer.from('"auth":"basic"'))).toBe(true);
    for (const canary of canaries) expect(bytes.includes(Buffer.from(canary))).toBe(false);
  });
});
