import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeAuthorization } from './authorize.ts';
import { startOAuthServer, type OAuthServer, type OAuthServerOptions } from './oauth-server.ts';

// The whole authorization-code flow done by hand with oauth4webapi, to prove the kit behaves like
// the real servers Patchbay's OAuth client will face (PKCE, rotation, reuse detection, denial).

const REDIRECT_URI = 'http://127.0.0.1:9/oauth/callback'; // never fetched: completeAuthorization stops before it
// Plain http is only acceptable because every request here goes to loopback.
const insecure = { [oauth.allowInsecureRequests]: true } as const;

interface Harness {
  server: OAuthServer;
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  auth: oauth.ClientAuth;
}

async function harness(options: Partial<OAuthServerOptions> & Pick<OAuthServerOptions, 'rotateRefreshToken'>): Promise<Harness> {
  const server = await startOAuthServer({ redirectUris: [REDIRECT_URI], ...options });
  const issuer = new URL(server.issuer);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
  const auth =
    options.tokenEndpointAuthMethod === 'client_secret_post'
      ? oauth.ClientSecretPost(server.clientSecret)
      : oauth.ClientSecretBasic(server.clientSecret);
  return { server, as, client: { client_id: server.clientId }, auth };
}

/** Runs authorize → login → consent → code exchange and returns the token response. */
async function authorize(h: Harness, scope = 'read write'): Promise<oauth.TokenEndpointResponse> {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(h.server.authorizationUrl);
  url.search = new URLSearchParams({
    client_id: h.server.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  const callback = new URL(await completeAuthorization(url));
  expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
  const params = oauth.validateAuthResponse(h.as, h.client, callback, state);
  const response = await oauth.authorizationCodeGrantRequest(h.as, h.client, h.auth, params, REDIRECT_URI, verifier, insecure);
  return oauth.processAuthorizationCodeResponse(h.as, h.client, response);
}

async function refresh(h: Harness, refreshToken: string): Promise<oauth.TokenEndpointResponse> {
  const response = await oauth.refreshTokenGrantRequest(h.as, h.client, h.auth, refreshToken, insecure);
  return oauth.processRefreshTokenResponse(h.as, h.client, response);
}

async function me(h: Harness, accessToken: string): Promise<Response> {
  return fetch(`${h.server.apiBaseUrl}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
}

describe('startOAuthServer with rotating refresh tokens', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ rotateRefreshToken: true });
  });
  afterAll(() => h.server.close());

  it('completes the code flow with PKCE and serves /api/me with the token', async () => {
    const tokens = await authorize(h);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.refresh_token).toBeTypeOf('string');
    expect(tokens.expires_in).toBe(3600);

    const res = await me(h, tokens.access_token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: 'integration@acme.test', scope: 'read write', clientId: h.server.clientId });
    expect(h.server.grants.count('authorization_code')).toBe(1);
  });

  it('rotates on refresh; reusing the old refresh token is invalid_grant and revokes the grant', async () => {
    const first = await authorize(h);
    const second = await refresh(h, first.refresh_token!);
    expect(second.refresh_token).toBeTypeOf('string');
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await me(h, second.access_token)).status).toBe(200);

    const reuse = refresh(h, first.refresh_token!);
    await expect(reuse).rejects.toBeInstanceOf(oauth.ResponseBodyError);
    await expect(reuse).rejects.toMatchObject({ error: 'invalid_grant' });
    // Reuse detection revokes the whole grant: the rotated token is dead too.
    await expect(refresh(h, second.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('rejects a missing or unknown bearer token with a Bearer challenge', async () => {
    const anonymous = await fetch(`${h.server.apiBaseUrl}/me`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const bogus = await me(h, 'not-a-token');
    expect(bogus.status).toBe(401);
    expect(bogus.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('revokeAll forgets every grant', async () => {
    const tokens = await authorize(h);
    h.server.revokeAll();
    expect((await me(h, tokens.access_token)).status).toBe(401);
    await expect(refresh(h, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('returns error=access_denied when the user denies', async () => {
    const url = new URL(h.server.authorizationUrl);
    url.search = new URLSearchParams({
      client_id: h.server.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'read',
      state: 'xyz',
      code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
      code_challenge_method: 'S256',
    }).toString();
    const callback = new URL(await completeAuthorization(url, { deny: true }));
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe('xyz');
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(h.server.authorizationUrl);
    url.search = new URLSearchParams({ client_id: h.server.clientId, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'read', state: 's' }).toString();
    const callback = new URL(await completeAuthorization(url));
    expect(callback.searchParams.get('error')).toBe('invalid_request');
  });
});

describe('startOAuthServer without rotation, client_secret_post, short tokens', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ rotateRefreshToken: false, tokenEndpointAuthMethod: 'client_secret_post', accessTokenTtl: 120 });
  });
  afterAll(() => h.server.close());

  it('keeps the same refresh token across refreshes and counts grants by type', async () => {
    h.server.grants.reset();
    const first = await authorize(h, 'read');
    expect(first.expires_in).toBe(120);
    const second = await refresh(h, first.refresh_token!);
    const third = await refresh(h, first.refresh_token!);
    expect(second.refresh_token).toBe(first.refresh_token); // the provider echoes the unrotated token
    expect((await me(h, third.access_token)).status).toBe(200);
    expect(h.server.grants.count('refresh_token')).toBe(2);
    expect(h.server.grants.count('authorization_code')).toBe(1);
    expect(h.server.grants.count()).toBe(3);
    h.server.grants.reset();
    expect(h.server.grants.count()).toBe(0);
  });

  it('issues client-credentials tokens accepted by /api/me', async () => {
    const response = await oauth.clientCredentialsGrantRequest(h.as, h.client, h.auth, { scope: 'read' }, insecure);
    const tokens = await oauth.processClientCredentialsResponse(h.as, h.client, response);
    expect(tokens.expires_in).toBe(120);
    const res = await me(h, tokens.access_token);
    expect(await res.json()).toEqual({ sub: h.server.clientId, scope: 'read', clientId: h.server.clientId });
  });

  it('echoes requests under /api and counts them', async () => {
    const before = h.server.apiRequests;
    const res = await fetch(`${h.server.apiBaseUrl}/echo?a=1&a=2&b=x`, { method: 'POST', headers: { 'x-probe': 'yes' }, body: 'hi' });
    expect(await res.json()).toMatchObject({ method: 'POST', query: { a: ['1', '2'], b: 'x' }, headers: { 'x-probe': 'yes' }, body: 'hi' });
    expect(h.server.apiRequests).toBe(before + 1);
  });
});

describe('startOAuthServer instances', () => {
  it('do not share grants (each has its own store)', async () => {
    const a = await harness({ rotateRefreshToken: false });
    const b = await harness({ rotateRefreshToken: false });
    try {
      const tokens = await authorize(a);
      expect((await me(a, tokens.access_token)).status).toBe(200);
      expect((await me(b, tokens.access_token)).status).toBe(401);
    } finally {
      await Promise.all([a.server.close(), b.server.close()]);
    }
  });
});
