import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Connection, OAuth2 } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SalesforceEmulator, startSalesforceEmulator } from './index.ts';
import { REDIRECT_URI, approveInBrowser, asObject, control, mintToken, rejection } from './test-support.ts';

// Fidelity of the OAuth web-server flow, identity and session expiry, driven by jsforce 3 where
// jsforce has a call for it and by plain HTTP where the test must see the exact wire answer.
let sf: SalesforceEmulator;

beforeAll(async () => {
  sf = await startSalesforceEmulator();
});
afterAll(async () => {
  await sf.close();
});

function oauth2(): OAuth2 {
  return new OAuth2({ loginUrl: sf.url, clientId: sf.clientId, clientSecret: sf.clientSecret, redirectUri: REDIRECT_URI, useVerifier: true });
}

async function authorizationCode(client: OAuth2, scope = 'api refresh_token id'): Promise<string> {
  const { location } = await approveInBrowser(client.getAuthorizationUrl({ scope, state: 'st-1' }), sf.user);
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location.href}`);
  return code;
}

/** A raw code exchange, to look at the token endpoint's exact answer. */
async function rawExchange(scope: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const verifier = randomBytes(48).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const authorize = new URL(`${sf.url}/services/oauth2/authorize`);
  for (const [key, value] of Object.entries({ response_type: 'code', client_id: sf.clientId, redirect_uri: REDIRECT_URI, scope, code_challenge: challenge })) {
    authorize.searchParams.set(key, value);
  }
  const { location } = await approveInBrowser(authorize.href, sf.user);
  const res = await fetch(`${sf.url}/services/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${sf.clientId}:${sf.clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: location.searchParams.get('code') ?? '', redirect_uri: REDIRECT_URI, code_verifier: verifier }),
  });
  return { status: res.status, body: asObject(await res.json()) };
}

describe('authorization code flow with PKCE (jsforce OAuth2 useVerifier)', () => {
  it('builds the authorize URL with a S256 challenge and walks login (after a wrong password) and consent', async () => {
    const client = oauth2();
    const url = new URL(client.getAuthorizationUrl({ scope: 'api refresh_token id', state: 'st-1' }));
    expect(url.origin + url.pathname).toBe(`${sf.url}/services/oauth2/authorize`);
    expect(url.searchParams.get('code_challenge')).toBe(createHash('sha256').update(client.codeVerifier ?? '').digest('base64url'));

    const { location, loginPageStatus, retryPageStatus } = await approveInBrowser(url.href, { ...sf.user, wrongPasswordFirst: true });
    expect(loginPageStatus).toBe(200);
    expect(retryPageStatus).toBe(401);
    expect(location.origin + location.pathname).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('st-1');
    expect(location.searchParams.get('code')).toBeTruthy();
  });

  it('conn.authorize(code) establishes a session whose ids and instance are the emulator org', async () => {
    const client = oauth2();
    const conn = new Connection({ oauth2: client, version: '62.0' });
    const userInfo = await conn.authorize(await authorizationCode(client));
    expect(userInfo).toEqual({ id: sf.userId, organizationId: sf.orgId, url: `${sf.url}/id/${sf.orgId}/${sf.userId}` });
    expect(conn.instanceUrl).toBe(sf.url);
    expect(conn.accessToken?.startsWith(`${sf.orgId.slice(0, 15)}!`)).toBe(true);
    expect(conn.refreshToken).toBeTruthy();
    const result = await conn.query<{ Name: string }>('SELECT Name FROM Account ORDER BY Name');
    expect(result.records.map((r) => r.Name)).toEqual(['Acme Corporation', 'Globex Industries', 'Initech Ltd']);
  });

  it('answers the code exchange with exactly Salesforce’s fields: no expires_in, ms issued_at, HMAC signature', async () => {
    const { status, body } = await rawExchange('api refresh_token id');
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['access_token', 'refresh_token', 'signature', 'scope', 'instance_url', 'id', 'token_type', 'issued_at']);
    expect(body).toMatchObject({ scope: 'api refresh_token id', instance_url: sf.url, id: `${sf.url}/id/${sf.orgId}/${sf.userId}`, token_type: 'Bearer' });
    expect(String(body.issued_at)).toMatch(/^\d{13}$/);
    const expected = createHmac('sha256', sf.clientSecret).update(`${String(body.id)}${String(body.issued_at)}`).digest('base64');
    expect(body.signature).toBe(expected);
  });

  it('issues no refresh token when the granted scopes do not ask for one', async () => {
    const { body } = await rawExchange('api id');
    expect(body.scope).toBe('api id');
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('redirects with access_denied when the user declines', async () => {
    const { location } = await approveInBrowser(oauth2().getAuthorizationUrl({ state: 'st-2' }), { ...sf.user, deny: true });
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('st-2');
  });
});

describe('token endpoint errors (jsforce names the error after `error`)', () => {
  it('refuses a used code, a wrong verifier, a wrong secret, an unknown client and an unknown grant type', async () => {
    const client = oauth2();
    const code = await authorizationCode(client);
    await client.requestToken(code);
    expect(await rejection(client.requestToken(code))).toMatchObject({ name: 'invalid_grant', message: 'authentication failure' });

    const other = oauth2();
    const otherCode = await authorizationCode(other);
    other.codeVerifier = randomBytes(48).toString('base64url');
    expect(await rejection(other.requestToken(otherCode))).toMatchObject({ name: 'invalid_grant' });

    const wrongSecret = new OAuth2({ loginUrl: sf.url, clientId: sf.clientId, clientSecret: 'nope', redirectUri: REDIRECT_URI });
    expect(await rejection(wrongSecret.refreshToken('anything'))).toMatchObject({ name: 'invalid_client', message: 'invalid client credentials' });
    const unknownClient = new OAuth2({ loginUrl: sf.url, clientId: 'unknown', clientSecret: sf.clientSecret, redirectUri: REDIRECT_URI });
    expect(await rejection(unknownClient.refreshToken('anything'))).toMatchObject({ name: 'invalid_client_id', message: 'client identifier invalid' });
    expect(await rejection(oauth2().requestToken({ grant_type: 'password' }))).toMatchObject({ name: 'unsupported_grant_type' });
  });
});

describe('refresh, expiry and revocation', () => {
  it('refreshes without rotating: same shape, no refresh_token', async () => {
    const client = oauth2();
    const first = await client.requestToken(await authorizationCode(client));
    const refreshed = await client.refreshToken(first.refresh_token ?? '');
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect(refreshed).not.toHaveProperty('refresh_token');
    expect(Object.keys(refreshed)).toEqual(['access_token', 'signature', 'scope', 'instance_url', 'id', 'token_type', 'issued_at']);
    // Rotation is off: the same refresh token keeps working.
    await expect(client.refreshToken(first.refresh_token ?? '')).resolves.toHaveProperty('access_token');
  });

  it('answers an expired session with the exact 401, and jsforce refreshes and replays on it', async () => {
    const client = oauth2();
    const tokens = await client.requestToken(await authorizationCode(client));
    const plain = new Connection({ instanceUrl: sf.url, accessToken: tokens.access_token, version: '62.0' });
    const refreshing = new Connection({ oauth2: client, instanceUrl: sf.url, accessToken: tokens.access_token, refreshToken: tokens.refresh_token, version: '62.0' });
    const refreshed: string[] = [];
    refreshing.on('refresh', (accessToken: string) => refreshed.push(accessToken));

    await control(sf, 'POST', '/expire-tokens');

    const raw = await fetch(`${sf.url}/services/data/v62.0/sobjects`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    expect(await rejection(plain.query('SELECT Id FROM Account'))).toMatchObject({ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' });

    const result = await refreshing.query('SELECT Id FROM Account');
    expect(result.totalSize).toBe(3);
    expect(refreshed).toHaveLength(1);
    expect(refreshing.accessToken).toBe(refreshed[0]);
  });

  it('revoking the refresh token ends its sessions and later refreshes', async () => {
    const client = oauth2();
    const tokens = await client.requestToken(await authorizationCode(client));
    const conn = new Connection({ oauth2: client, instanceUrl: sf.url, accessToken: tokens.access_token, refreshToken: tokens.refresh_token, version: '62.0' });
    await client.revokeToken(tokens.refresh_token ?? '');

    expect(await rejection(client.refreshToken(tokens.refresh_token ?? ''))).toMatchObject({ name: 'invalid_grant', message: 'expired access/refresh token' });
    expect(await rejection(conn.query('SELECT Id FROM Account'))).toMatchObject({ message: 'Unable to refresh session due to: expired access/refresh token' });
    expect(await rejection(client.revokeToken('never-issued'))).toMatchObject({ name: 'unsupported_token_type', message: 'this token type is not supported' });
  });

  it('revokes an access token through GET ?token= as well', async () => {
    const token = await mintToken(sf);
    const res = await fetch(`${sf.url}/services/oauth2/revoke?token=${encodeURIComponent(token)}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const after = await fetch(`${sf.url}/services/data/v62.0/`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });
});

describe('identity', () => {
  it('conn.identity() reads the identity URL with the documented keys', async () => {
    const conn = new Connection({ instanceUrl: sf.url, accessToken: await mintToken(sf), version: '62.0' });
    const identity = await conn.identity();
    expect(identity).toMatchObject({
      id: `${sf.url}/id/${sf.orgId}/${sf.userId}`,
      user_id: sf.userId,
      organization_id: sf.orgId,
      username: 'integration@patchbay-demo.example',
      display_name: 'Patchbay Integration',
      user_type: 'STANDARD',
      language: 'en_US',
      active: true,
    });
    expect(identity.urls.rest).toBe(`${sf.url}/services/data/v{version}/`);
    // jsforce found the identity URL through the version resource (§10, §22).
    expect(sf.requests.some((r) => r.path === '/services/data/v62.0')).toBe(true);
  });

  it('fills {version} on request and refuses a bad token with 403 Bad_OAuth_Token', async () => {
    const token = await mintToken(sf);
    const filled = await fetch(`${sf.url}/id/${sf.orgId}/${sf.userId}?version=62.0&oauth_token=${encodeURIComponent(token)}`);
    expect(asObject(asObject(await filled.json()).urls).query).toBe(`${sf.url}/services/data/v62.0/query/`);
    const bad = await fetch(`${sf.url}/id/${sf.orgId}/${sf.userId}`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(403);
    expect(await bad.text()).toBe('Bad_OAuth_Token');
  });

  it('serves OpenID userinfo for the bearer token', async () => {
    const res = await fetch(`${sf.url}/services/oauth2/userinfo`, { headers: { authorization: `Bearer ${await mintToken(sf)}` } });
    expect(await res.json()).toMatchObject({
      sub: `${sf.url}/id/${sf.orgId}/${sf.userId}`,
      user_id: sf.userId,
      organization_id: sf.orgId,
      preferred_username: 'integration@patchbay-demo.example',
      given_name: 'Patchbay',
      family_name: 'Integration',
      is_salesforce_integration_user: false,
    });
  });

  it('gives a token without the api scope the 401 jsforce does not try to refresh', async () => {
    const conn = new Connection({ instanceUrl: sf.url, accessToken: await mintToken(sf, 'id'), version: '62.0' });
    expect(await rejection(conn.describeGlobal())).toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
      message: 'This session is not valid for use with the REST API',
    });
  });
});
