import { createHash, randomBytes } from 'node:crypto';
import { Version3Client } from 'jira.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type JiraEmulator, startJiraEmulator } from './index.ts';
import { type Json, basicAuth, control, jiraFailure, mintToken, readJson } from './test-helpers.ts';

/**
 * Authentication over real HTTP: Atlassian's 3LO flow driven as a browser would (§3), rotating
 * refresh tokens, expiry, the site/gateway split (§1) and the rate-limit answer (§13).
 */

const REDIRECT_URI = 'http://127.0.0.1:8976/oauth/callback';
let emulator: JiraEmulator;

beforeAll(async () => {
  emulator = await startJiraEmulator();
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(async () => {
  await control(emulator, 'POST', '/reset');
});

function gatewayClient(accessToken: string): Version3Client {
  return new Version3Client({ host: emulator.gatewayBaseUrl, authentication: { oauth2: { accessToken } } });
}

function hiddenInteraction(page: string): string {
  const match = /name="interaction" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error(`no interaction field in: ${page}`);
  return match[1];
}

/** Authorize → login form → consent → redirect with a code, as a browser would go through it. */
async function authorize(scope: string, challenge?: string): Promise<URL> {
  const url = new URL('/authorize', emulator.url);
  url.search = new URLSearchParams({
    audience: 'api.atlassian.com',
    client_id: emulator.clientId,
    scope,
    redirect_uri: REDIRECT_URI,
    state: 'state-123',
    response_type: 'code',
    prompt: 'consent',
    ...(challenge ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}),
  }).toString();
  const login = await fetch(url);
  expect(login.status).toBe(200);
  const interaction = hiddenInteraction(await login.text());
  const form = (fields: Record<string, string>) => ({ method: 'POST', redirect: 'manual' as const, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const consent = await fetch(new URL('/authorize', emulator.url), form({ interaction, username: emulator.user.username, password: emulator.user.password }));
  expect(await consent.text()).toContain('Allow');
  const approved = await fetch(new URL('/authorize', emulator.url), form({ interaction, decision: 'allow' }));
  expect(approved.status).toBe(302);
  return new URL(approved.headers.get('location') ?? '');
}

async function token(body: Record<string, string>): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${emulator.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await readJson(response) };
}

describe('OAuth 2.0 (3LO)', () => {
  it('runs the whole flow: PKCE code, token, accessible-resources, gateway call, rotating refresh', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const callback = await authorize('read:jira-work read:jira-user offline_access', challenge);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe('state-123');
    const code = callback.searchParams.get('code') ?? '';

    const exchanged = await token({ grant_type: 'authorization_code', client_id: emulator.clientId, client_secret: emulator.clientSecret, code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ expires_in: 3600, token_type: 'Bearer', scope: 'read:jira-work read:jira-user offline_access' });
    expect(typeof exchanged.body.refresh_token).toBe('string');

    const resources = await fetch(`${emulator.url}/oauth/token/accessible-resources`, { headers: { authorization: `Bearer ${exchanged.body.access_token}` } });
    expect(await resources.json()).toEqual([
      { id: emulator.cloudId, url: emulator.siteUrl, name: 'patchbay-demo', scopes: ['read:jira-work', 'read:jira-user'], avatarUrl: expect.any(String) },
    ]);
    expect(emulator.cloudId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    expect((await gatewayClient(exchanged.body.access_token).myself.getCurrentUser()).accountId).toBe(emulator.accountId);

    const refreshed = await token({ grant_type: 'refresh_token', client_id: emulator.clientId, client_secret: emulator.clientSecret, refresh_token: exchanged.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(exchanged.body.refresh_token);
    expect((await gatewayClient(refreshed.body.access_token).projects.getProject('PB')).key).toBe('PB');

    const reused = await token({ grant_type: 'refresh_token', client_id: emulator.clientId, client_secret: emulator.clientSecret, refresh_token: exchanged.body.refresh_token });
    expect(reused).toEqual({ status: 403, body: { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' } });
  });

  it('gives no refresh token without offline_access, and a code works once', async () => {
    const code = (await authorize('read:jira-work')).searchParams.get('code') ?? '';
    const request = { grant_type: 'authorization_code', client_id: emulator.clientId, client_secret: emulator.clientSecret, code, redirect_uri: REDIRECT_URI };
    const first = await token(request);
    expect(first.status).toBe(200);
    expect('refresh_token' in first.body).toBe(false);
    expect(await token(request)).toEqual({ status: 403, body: { error: 'invalid_grant', error_description: 'Invalid authorization code' } });
  });

  it('refuses a wrong client secret and a wrong PKCE verifier', async () => {
    const challenge = createHash('sha256').update('the-right-verifier').digest('base64url');
    const code = (await authorize('read:jira-work', challenge)).searchParams.get('code') ?? '';
    const base = { grant_type: 'authorization_code', client_id: emulator.clientId, code, redirect_uri: REDIRECT_URI };
    expect(await token({ ...base, client_secret: 'nope', code_verifier: 'the-right-verifier' })).toEqual({ status: 401, body: { error: 'access_denied', error_description: 'Unauthorized' } });
    const wrongVerifier = await token({ ...base, client_secret: emulator.clientSecret, code_verifier: 'another-verifier' });
    expect(wrongVerifier.status).toBe(403);
    expect(wrongVerifier.body.error).toBe('invalid_grant');
  });

  it('requires the api.atlassian.com audience on the authorize page', async () => {
    const url = new URL('/authorize', emulator.url);
    url.search = new URLSearchParams({ client_id: emulator.clientId, scope: 'read:jira-work', redirect_uri: REDIRECT_URI, state: 's', response_type: 'code' }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('api.atlassian.com');
  });
});

describe('tokens and hosts', () => {
  it('answers the gateway 401 once tokens are expired; refresh tokens keep working', async () => {
    const code = (await authorize('read:jira-work read:jira-user offline_access')).searchParams.get('code') ?? '';
    const issued = await token({ grant_type: 'authorization_code', client_id: emulator.clientId, client_secret: emulator.clientSecret, code, redirect_uri: REDIRECT_URI });
    const client = gatewayClient(issued.body.access_token);
    expect((await client.myself.getCurrentUser()).emailAddress).toBe(emulator.email);
    expect((await control(emulator, 'POST', '/expire-tokens')).status).toBe(200);
    expect(await jiraFailure(client.myself.getCurrentUser())).toEqual({ status: 401, body: { code: 401, message: 'Unauthorized' } });
    const refreshed = await token({ grant_type: 'refresh_token', client_id: emulator.clientId, client_secret: emulator.clientSecret, refresh_token: issued.body.refresh_token });
    expect((await gatewayClient(refreshed.body.access_token).myself.getCurrentUser()).accountId).toBe(emulator.accountId);
  });

  it('expires tokens after accessTokenTtlSeconds', async () => {
    const shortLived = await startJiraEmulator({ accessTokenTtlSeconds: 0 });
    try {
      const client = new Version3Client({ host: shortLived.gatewayBaseUrl, authentication: { oauth2: { accessToken: await mintToken(shortLived) } } });
      expect((await jiraFailure(client.myself.getCurrentUser())).status).toBe(401);
    } finally {
      await shortLived.close();
    }
  });

  it('keeps 3LO tokens off the site and Basic credentials checked', async () => {
    const accessToken = await mintToken(emulator);
    const onSite = new Version3Client({ host: emulator.siteUrl, authentication: { oauth2: { accessToken } } });
    expect((await jiraFailure(onSite.myself.getCurrentUser())).status).toBe(401);
    const wrongToken = new Version3Client({ host: emulator.siteUrl, authentication: { basic: { email: emulator.email, apiToken: 'wrong' } } });
    const refused = await jiraFailure(wrongToken.projects.searchProjects());
    expect(refused.status).toBe(401);
    expect(String(refused.body)).toContain('Basic authentication');
  });

  it('404s an unknown cloud id and 401s a token without the scope', async () => {
    const accessToken = await mintToken(emulator, 'read:jira-user');
    const elsewhere = new Version3Client({ host: `${emulator.url}/ex/jira/00000000-0000-4000-8000-000000000000`, authentication: { oauth2: { accessToken } } });
    expect((await jiraFailure(elsewhere.myself.getCurrentUser())).status).toBe(404);
    const narrow = gatewayClient(accessToken);
    expect((await narrow.myself.getCurrentUser()).accountId).toBe(emulator.accountId);
    expect(await jiraFailure(narrow.issues.getIssue({ issueIdOrKey: 'PB-1' }))).toEqual({ status: 401, body: { code: 401, message: 'Unauthorized; scope does not match' } });
  });

  it('tells a Basic-auth client its cloud id at /_edge/tenant_info', async () => {
    const response = await fetch(`${emulator.siteUrl}/_edge/tenant_info`);
    expect(await response.json()).toEqual({ cloudId: emulator.cloudId });
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After and the X-RateLimit headers, then serves again', async () => {
    expect((await control(emulator, 'POST', '/rate-limit', { count: 2, retryAfter: 7 })).status).toBe(200);
    const limited = await fetch(`${emulator.siteUrl}/rest/api/3/myself`, { headers: { authorization: basicAuth(emulator) } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
    expect(limited.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
    expect(limited.headers.get('ratelimit-reason')).toBe('jira-burst-based');
    const client = gatewayClient(await mintToken(emulator));
    expect((await jiraFailure(client.myself.getCurrentUser())).status).toBe(429);
    expect((await client.myself.getCurrentUser()).accountId).toBe(emulator.accountId);
  });
});
