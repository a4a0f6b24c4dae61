import { createHash, randomBytes } from 'node:crypto';
import zendesk from 'node-zendesk';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startZendeskEmulator, type ZendeskEmulator } from './index.ts';
import { at, control, header, list, mintToken, oauthClient, rejectionOf, text, tokenClient } from './testing/helpers.ts';

/**
 * Credentials, the OAuth flow, token expiry and rate limiting (fact sheet §2, §3, §13, §14): the
 * OAuth dance over real HTTP with plain fetch, as Patchbay's vault does it, and every API call
 * through node-zendesk 6.0.1.
 */
let emulator: ZendeskEmulator;
const REDIRECT_URI = 'http://127.0.0.1:4999/oauth/callback';

beforeAll(async () => {
  emulator = await startZendeskEmulator();
});

afterAll(async () => {
  await emulator.close();
});

describe('credentials', () => {
  it('users.me with the API token and with the legacy password is the admin', async () => {
    const { result } = await tokenClient(emulator).users.me();
    expect([at(result, 'id'), at(result, 'email'), at(result, 'role')]).toEqual([emulator.seed.adminUserId, emulator.agentEmail, 'admin']);
    const withPassword = zendesk.createClient({ username: emulator.user.username, password: emulator.user.password, endpointUri: emulator.apiBaseUrl });
    expect(at((await withPassword.users.me()).result, 'id')).toBe(emulator.seed.adminUserId);
  });

  it('a wrong API token gets 401 "Couldn\'t authenticate you", but users.me answers 200 with the anonymous user', async () => {
    const wrong = tokenClient(emulator, { token: 'not-the-token', throwOriginalException: true });
    const error = await rejectionOf(wrong.organizations.show(emulator.seed.organizationIds.acme));
    expect(at(error, 'statusCode')).toBe(401);
    expect(at(error, 'result')).toEqual({ error: "Couldn't authenticate you" });
    const { response, result } = await wrong.users.me();
    expect(at(response, 'status')).toBe(200);
    expect([at(result, 'id'), at(result, 'name'), at(result, 'role')]).toEqual([null, 'Anonymous user', 'end-user']);
  });

  it('reports the rate-limit budget on every answer', async () => {
    const { response } = await tokenClient(emulator).users.me();
    expect(header(response, 'x-rate-limit')).toBe('700');
    expect(header(response, 'ratelimit-limit')).toBe('700');
    const remaining = Number(header(response, 'x-rate-limit-remaining'));
    const { response: next } = await tokenClient(emulator).users.me();
    expect(Number(header(next, 'ratelimit-remaining'))).toBe(remaining - 1);
    expect(Number(header(next, 'ratelimit-reset'))).toBeGreaterThan(0);
  });

  it('answers an unknown API path with 404 InvalidEndpoint', async () => {
    const error = await rejectionOf(tokenClient(emulator, { throwOriginalException: true }).organizations.get(['no_such_thing']));
    expect(at(error, 'statusCode')).toBe(404);
    expect(at(error, 'result', 'error')).toBe('InvalidEndpoint');
  });
});

describe('OAuth authorization code flow over HTTP', () => {
  const verifier = randomBytes(32).toString('base64url');
  let accessToken = '';
  let refreshToken = '';

  it('logs in, consents, exchanges the code (JSON body, PKCE) and uses the token', async () => {
    const code = await authorize(verifier, 'read write');
    const answer = await postToken({ grant_type: 'authorization_code', code, client_id: emulator.clientId, client_secret: emulator.clientSecret, redirect_uri: REDIRECT_URI, scope: 'read write', code_verifier: verifier });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      access_token: expect.stringMatching(/^[0-9a-f]{64}$/),
      token_type: 'bearer',
      scope: 'read write',
      refresh_token: expect.any(String),
      refresh_token_expires_in: 2_592_000,
    });
    accessToken = text(at(answer.body, 'access_token'));
    refreshToken = text(at(answer.body, 'refresh_token'));
    const { result } = await oauthClient(emulator, accessToken).users.me();
    expect(at(result, 'id')).toBe(emulator.seed.adminUserId);
    const reused = await postToken({ grant_type: 'authorization_code', code, client_id: emulator.clientId, client_secret: emulator.clientSecret, redirect_uri: REDIRECT_URI, code_verifier: verifier });
    expect([reused.status, at(reused.body, 'error')]).toEqual([400, 'invalid_grant']);
  });

  it('refresh rotates: a new pair, and the previous access and refresh tokens stop working', async () => {
    const basic = `Basic ${Buffer.from(`${emulator.clientId}:${emulator.clientSecret}`).toString('base64')}`;
    const answer = await postToken({ grant_type: 'refresh_token', refresh_token: refreshToken, expires_in: '600' }, { form: true, authorization: basic });
    expect(answer.status).toBe(200);
    expect(at(answer.body, 'expires_in')).toBe(600); // present because the request asked for it
    const newAccess = text(at(answer.body, 'access_token'));
    const newRefresh = text(at(answer.body, 'refresh_token'));
    expect([newAccess, newRefresh]).not.toContain(accessToken);
    expect(newRefresh).not.toBe(refreshToken);
    const again = await postToken({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: emulator.clientId, client_secret: emulator.clientSecret });
    expect([again.status, at(again.body, 'error')]).toEqual([400, 'invalid_grant']);
    const old = await rejectionOf(oauthClient(emulator, accessToken, { throwOriginalException: true }).organizations.list());
    expect(at(old, 'statusCode')).toBe(401);
    expect(at(old, 'result', 'error')).toBe('invalid_token');
    expect(list(await oauthClient(emulator, newAccess).organizations.list()).length).toBeGreaterThan(0);
    accessToken = newAccess;
    refreshToken = newRefresh;
  });

  it('revokes the current token (204): the token and its refresh token are dead', async () => {
    // What oauthtokens.revoke('current') sends; its typings only accept a numeric id.
    const revoked = await oauthClient(emulator, accessToken).oauthtokens.delete(['oauth', 'tokens', 'current']);
    expect(at(revoked, 'response', 'status')).toBe(204);
    const after = await rejectionOf(oauthClient(emulator, accessToken).organizations.list());
    expect(at(after, 'statusCode')).toBe(401);
    const refresh = await postToken({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: emulator.clientId, client_secret: emulator.clientSecret });
    expect(refresh.status).toBe(400);
  });

  it('refuses a wrong client secret with 401 invalid_client and an unknown grant type with 400', async () => {
    const code = await authorize(verifier, 'read');
    const wrong = await postToken({ grant_type: 'authorization_code', code, client_id: emulator.clientId, client_secret: 'nope', redirect_uri: REDIRECT_URI, code_verifier: verifier });
    expect([wrong.status, at(wrong.body, 'error')]).toEqual([401, 'invalid_client']);
    const unknown = await postToken({ grant_type: 'password', client_id: emulator.clientId, client_secret: emulator.clientSecret });
    expect([unknown.status, at(unknown.body, 'error')]).toEqual([400, 'unsupported_grant_type']);
  });
});

describe('token lifetimes (clock moved with fake Date; nothing waits)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('an access token dies after the requested expires_in, a minted one after the default 1800 s, a refresh token after 30 days', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await authorize(verifier, 'read');
    const answer = await postToken({ grant_type: 'authorization_code', code, client_id: emulator.clientId, client_secret: emulator.clientSecret, redirect_uri: REDIRECT_URI, code_verifier: verifier, expires_in: '300' });
    const requested = oauthClient(emulator, text(at(answer.body, 'access_token')), { throwOriginalException: true });
    const minted = oauthClient(emulator, await mintToken(emulator), { throwOriginalException: true });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 301_000);
    expect(at(await rejectionOf(requested.organizations.show(emulator.seed.organizationIds.acme)), 'statusCode')).toBe(401);
    expect(at((await minted.organizations.show(emulator.seed.organizationIds.acme)).result, 'name')).toBe('Acme Corporation');
    vi.setSystemTime(Date.now() + 1_500_000);
    expect(at(await rejectionOf(minted.organizations.show(emulator.seed.organizationIds.acme)), 'statusCode')).toBe(401);
    vi.setSystemTime(Date.now() + 30 * 86_400_000);
    const late = await postToken({ grant_type: 'refresh_token', refresh_token: text(at(answer.body, 'refresh_token')), client_id: emulator.clientId, client_secret: emulator.clientSecret });
    expect([late.status, at(late.body, 'error')]).toEqual([400, 'invalid_grant']);
  });

  it('refuses an unknown scope on the authorize page', async () => {
    const params = new URLSearchParams({ response_type: 'code', client_id: emulator.clientId, redirect_uri: REDIRECT_URI, scope: 'read everything' });
    const page = await fetch(`${emulator.url}/oauth/authorizations/new?${params}`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('invalid_scope');
  });
});

describe('scopes, expiry and rate limits', () => {
  it('a read-only token reads but cannot write (403); a resource scope opens that resource', async () => {
    const readOnly = oauthClient(emulator, await mintToken(emulator, 'read'), { throwOriginalException: true });
    expect(at((await readOnly.organizations.show(emulator.seed.organizationIds.acme)).result, 'name')).toBe('Acme Corporation');
    const refused = await rejectionOf(readOnly.organizations.create({ organization: { name: 'Not Allowed' } }));
    expect(at(refused, 'statusCode')).toBe(403);
    expect(at(refused, 'result', 'error', 'title')).toBe('Forbidden');
    const orgWriter = oauthClient(emulator, await mintToken(emulator, 'read organizations:write'));
    expect(at((await orgWriter.organizations.create({ organization: { name: 'Allowed Org' } })).response, 'status')).toBe(201);
  });

  it('after expire-tokens: 401 invalid_token, while users.me answers 200 anonymous', async () => {
    const accessToken = await mintToken(emulator);
    const client = oauthClient(emulator, accessToken, { throwOriginalException: true });
    expect(at((await client.users.me()).result, 'id')).toBe(emulator.seed.adminUserId);
    expect((await control(emulator, 'POST', 'expire-tokens')).status).toBe(200);
    const error = await rejectionOf(client.organizations.list());
    expect(at(error, 'statusCode')).toBe(401);
    expect(at(error, 'result')).toEqual({ error: 'invalid_token', error_description: 'The access token provided is expired, revoked, malformed or invalid for other reasons.' });
    const { result } = await client.users.me();
    expect(at(result, 'id')).toBeNull();
  });

  it('429 with Retry-After, which node-zendesk hands back as an Error result instead of throwing', async () => {
    const client = tokenClient(emulator);
    expect((await control(emulator, 'POST', 'rate-limit', { count: 2, retryAfter: 7 })).status).toBe(200);
    const { response, result } = await client.users.me();
    expect(at(response, 'status')).toBe(429);
    expect(header(response, 'retry-after')).toBe('7');
    expect(result).toBeInstanceOf(Error);
    expect(at(result, 'statusCode')).toBe(429);
    const listed = list(await client.organizations.list());
    expect(listed).toHaveLength(1);
    expect(listed[0]).toBeInstanceOf(Error);
    expect(at((await client.users.me()).result, 'id')).toBe(emulator.seed.adminUserId);
  });

  it('the 429 body is JSON with the rate-limit headers', async () => {
    await control(emulator, 'POST', 'rate-limit', { count: 1, retryAfter: 3 });
    const response = await fetch(`${emulator.apiBaseUrl}/users/me.json`);
    expect(response.status).toBe(429);
    expect(response.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(await response.json()).toEqual({ error: 'TooManyRequests', description: 'You have exceeded the rate limit' });
  });
});

/** Drives the authorize page like a browser: login form, consent form, redirect with the code. */
async function authorize(verifier: string, scope: string): Promise<string> {
  const params = new URLSearchParams({
    response_type: 'code', client_id: emulator.clientId, redirect_uri: REDIRECT_URI, scope, state: 'state-123',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  });
  const loginPage = await fetch(`${emulator.url}/oauth/authorizations/new?${params}`);
  expect(loginPage.status).toBe(200);
  const interaction = /name="interaction" value="([^"]+)"/.exec(await loginPage.text())?.[1] ?? '';
  const form = (fields: Record<string, string>) => fetch(`${emulator.url}/oauth/authorizations/new`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ interaction, ...fields }),
  });
  const consent = await form({ username: emulator.user.username, password: emulator.user.password });
  expect(await consent.text()).toContain('Allow');
  const back = await form({ decision: 'allow' });
  expect(back.status).toBe(302);
  const location = new URL(back.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  expect(location.searchParams.get('state')).toBe('state-123');
  return location.searchParams.get('code') ?? '';
}

async function postToken(body: Record<string, string>, options: { form?: boolean; authorization?: string } = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emulator.url}/oauth/tokens`, {
    method: 'POST',
    headers: {
      'content-type': options.form ? 'application/x-www-form-urlencoded' : 'application/json',
      ...(options.authorization ? { authorization: options.authorization } : {}),
    },
    body: options.form ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return { status: response.status, body: await response.json() };
}
