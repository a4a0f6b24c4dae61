import { completeAuthorization, startOAuthServer, type OAuthServer } from '@patchbay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '@patchbay/vault';
import { expectClientError } from '../../testing/expect-error.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

// As in lifecycle.test.ts: the test plays the browser and delivers the provider's redirect itself.
const PUBLIC_URL = 'http://patchbay.test';
const noToken = { headers: { authorization: '' } };

let server: TestServer;
let provider: OAuthServer;
let connection: ConnectionView;

beforeAll(async () => {
  provider = await startOAuthServer({ redirectUris: [`${PUBLIC_URL}/oauth/callback`], rotateRefreshToken: false });
  server = await startTestServer({ env: { PATCHBAY_PUBLIC_URL: PUBLIC_URL } });
  const created = await server.api('/api/v1/connections', {
    method: 'POST',
    json: {
      connector: 'http',
      name: 'CRM',
      fields: {
        auth: 'oauth2',
        baseUrl: provider.apiBaseUrl,
        authorizationUrl: provider.authorizationUrl,
        tokenUrl: provider.tokenUrl,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        scopes: 'read',
        testPath: 'me',
      },
    },
  });
  expect(created.status, created.text).toBe(201);
  connection = created.body as ConnectionView;
});
afterAll(async () => {
  await server?.stop();
  await provider?.close();
});

async function authorize(body: Record<string, unknown>): Promise<string> {
  const res = await server.api(`/api/v1/connections/${connection.id}/authorize`, { method: 'POST', json: body });
  expect(res.status, res.text).toBe(200);
  return (res.body as { url: string }).url;
}

/** Where the result page's script sends a browser with no opener. */
function redirectOf(html: string): URL {
  const match = /"returnUrl":"([^"]+)"/.exec(html);
  expect(match, html).not.toBeNull();
  return new URL(JSON.parse(`"${match?.[1] ?? ''}"`) as string, PUBLIC_URL);
}

describe('POST /connections/{id}/authorize with returnTo (the full-page fallback of a blocked popup)', () => {
  it.each(['//evil.example', 'https://x', '/\\x', 'connections', '/\t/evil.example', '/a b', `/${'a'.repeat(2048)}`, ''])('refuses %j with 400', async (returnTo) => {
    const res = await server.api(`/api/v1/connections/${connection.id}/authorize`, { method: 'POST', json: { returnTo } });
    expect(expectClientError(res, 400, 'invalid_input')).toContain('returnTo');
  });

  it('accepts a path with a query and returns there, connected, after the app redirects back', async () => {
    const url = await authorize({ returnTo: '/connections/new?connector=http', openerOrigin: 'http://patchbay.test' });
    const callback = new URL(await completeAuthorization(url));
    const page = await server.api(`/oauth/callback${callback.search}`, noToken);
    expect(page.status, page.text).toBe(200);
    const back = redirectOf(page.text);
    expect(back.origin + back.pathname).toBe(`${PUBLIC_URL}/connections/new`);
    expect(Object.fromEntries(back.searchParams)).toEqual({ connector: 'http', oauth: 'connected', oauth_connection: connection.id });
    expect(page.text).toContain('>Back to Patchbay</a>');
    // Never the authorisation code nor the state in the page, hence in the URL it builds.
    for (const name of ['code', 'state']) expect(page.text).not.toContain(callback.searchParams.get(name) ?? '-');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'nonce-[^']+'; style-src 'nonce-[^']+';/);
    expect((await server.api(`/api/v1/connections/${connection.id}`)).body).toMatchObject({ status: 'connected' });
  });

  it('returns there with oauth=failed and the message when the user refuses', async () => {
    const url = await authorize({ returnTo: '/connections' });
    const state = new URL(url).searchParams.get('state') ?? '';
    const page = await server.api(`/oauth/callback?state=${encodeURIComponent(state)}&error=access_denied&error_description=nope`, noToken);
    expect(page.status).toBe(400);
    const back = redirectOf(page.text);
    expect(back.pathname).toBe('/connections');
    expect(back.searchParams.get('oauth')).toBe('failed');
    expect(back.searchParams.get('oauth_connection')).toBe(connection.id);
    expect(back.searchParams.get('oauth_message')).toMatch(/\w/);
    expect(back.searchParams.get('oauth_message')).not.toContain(state);
  });

  it('without returnTo the page is the same as before: no redirect, no link', async () => {
    const url = await authorize({ openerOrigin: 'https://ui.example.com' });
    const page = await server.api(`/oauth/callback${new URL(await completeAuthorization(url)).search}`, noToken);
    expect(page.status, page.text).toBe(200);
    expect(page.text).toContain('"returnUrl":null');
    expect(page.text).not.toContain('Back to Patchbay');
    expect(page.text).toContain('You can close this window.');
  });
});
