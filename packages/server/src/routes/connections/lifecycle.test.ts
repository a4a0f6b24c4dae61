import { completeAuthorization, startOAuthServer, type OAuthServer } from '@patchbay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '@patchbay/vault';
import { expectClientError } from '../../testing/expect-error.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

// The provider redirects the browser to PUBLIC_URL; the test plays the browser and delivers the
// redirect to the real server itself, so the public URL need not resolve.
const PUBLIC_URL = 'http://patchbay.test';
const UI_ORIGIN = 'https://ui.example.com';

let server: TestServer;
let provider: OAuthServer;

beforeAll(async () => {
  provider = await startOAuthServer({ redirectUris: [`${PUBLIC_URL}/oauth/callback`], rotateRefreshToken: true });
  server = await startTestServer({ env: { PATCHBAY_PUBLIC_URL: PUBLIC_URL } });
});
afterAll(async () => {
  await server?.stop();
  await provider?.close();
});

describe('the life of an OAuth2 connection over the HTTP API', () => {
  it('connectors describe their fields', async () => {
    const list = await server.api('/api/v1/connectors');
    expect(list.status).toBe(200);
    expect((list.body as { connectors: { key: string }[] }).connectors.map((c) => c.key)).toContain('http');
    const http = await server.api('/api/v1/connectors/http');
    expect(http.body).toMatchObject({ key: 'http', actions: [{ name: 'request' }], fieldsSchema: { type: 'object' } });
    const names = (http.body as { fields: { name: string }[] }).fields.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['auth', 'baseUrl', 'clientId', 'clientSecret', 'tokenUrl', 'testPath']));
  });

  it('create → authorize → callback → use → update → disconnect → delete', async () => {
    const created = await server.api('/api/v1/connections', {
      method: 'POST',
      json: {
        connector: 'http',
        name: 'CRM',
        environment: 'sandbox',
        fields: {
          auth: 'oauth2',
          baseUrl: provider.apiBaseUrl,
          authorizationUrl: provider.authorizationUrl,
          tokenUrl: provider.tokenUrl,
          clientId: provider.clientId,
          clientSecret: provider.clientSecret,
          scopes: 'read write',
          testPath: 'me',
        },
      },
    });
    expect(created.status, created.text).toBe(201);
    const connection = created.body as ConnectionView;
    expect(connection).toMatchObject({ name: 'CRM', environment: 'sandbox', secretFieldsSet: ['clientSecret'] });
    expect((await server.api('/api/v1/connections')).body).toMatchObject({ connections: [{ id: connection.id }] });

    const notYet = await server.api(`/api/v1/connections/${connection.id}/actions/request`, { method: 'POST', json: { input: { method: 'GET', path: 'me' } } });
    expect(notYet.status).toBeGreaterThanOrEqual(400);
    expect(notYet.status).toBeLessThan(500);

    const authorize = await server.api(`/api/v1/connections/${connection.id}/authorize`, { method: 'POST', json: { openerOrigin: UI_ORIGIN } });
    expect(authorize.status, authorize.text).toBe(200);
    const redirect = new URL(await completeAuthorization((authorize.body as { url: string }).url));
    expect(redirect.origin + redirect.pathname).toBe(`${PUBLIC_URL}/oauth/callback`);

    const page = await server.api(`/oauth/callback${redirect.search}`, { headers: { authorization: '' } });
    expect(page.status, page.text).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toContain(`"origin":"${UI_ORIGIN}"`);
    expect(page.text).toContain('"ok":true');

    const connected = await server.api(`/api/v1/connections/${connection.id}`);
    expect(connected.body).toMatchObject({ id: connection.id, status: 'connected', grantedScopes: expect.arrayContaining(['read']) });

    expect((await server.api(`/api/v1/connections/${connection.id}/test`, { method: 'POST' })).body).toEqual({ ok: true });
    const action = await server.api(`/api/v1/connections/${connection.id}/actions/request`, {
      method: 'POST',
      json: { input: { method: 'GET', path: 'me' } },
    });
    expect(action.status, action.text).toBe(200);
    expect(action.body).toMatchObject({ output: { status: 200, body: { sub: 'integration@acme.test' } } });

    const renamed = await server.api(`/api/v1/connections/${connection.id}`, { method: 'PATCH', json: { name: 'CRM (sandbox)' } });
    expect(renamed.body).toMatchObject({ id: connection.id, name: 'CRM (sandbox)', status: 'connected' });

    expectClientError(await server.api(`/api/v1/connections/${connection.id}/picklists/nope`), 404, 'not_found');

    const disconnected = await server.api(`/api/v1/connections/${connection.id}/disconnect`, { method: 'POST' });
    expect(disconnected.body).toMatchObject({ id: connection.id, status: 'disconnected' });

    const deleted = await server.api(`/api/v1/connections/${connection.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expectClientError(await server.api(`/api/v1/connections/${connection.id}`), 404, 'not_found');

    // Neither the client secret nor the authorisation code reached a log line or a JSON response.
    const code = redirect.searchParams.get('code') ?? '';
    for (const secret of [provider.clientSecret, code]) {
      expect(server.logs()).not.toContain(secret);
      expect(created.text + connected.text + action.text + renamed.text).not.toContain(secret);
    }
  });
});
