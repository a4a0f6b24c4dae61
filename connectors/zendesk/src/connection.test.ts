import type { ZendeskEmulator } from '@patchbay/emulator-zendesk';
import { type VaultHarness, startVault } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zendesk from './index.ts';
import { SUBDOMAIN, apiTokenFields, authorize, connectApiToken, connectOAuth, control, countRequests, failureOf, field, oauthFields, startAccount } from './test-support.ts';

/** Both auth options, test, identity and instance, token expiry and rate limits, through the vault. */
let vault: VaultHarness;
let zd: ZendeskEmulator;

beforeAll(async () => {
  vault = await startVault({ connectors: [zendesk] });
  zd = await startAccount();
});
afterAll(async () => {
  await zd.close();
  await vault.close();
});

const tokenRequests = () => countRequests(zd, (r) => r.method === 'POST' && r.path === '/oauth/tokens');

describe('OAuth (Zendesk account)', () => {
  it('sends the user to the account to authorise with read and write, PKCE and the client id', async () => {
    const created = await vault.service.create(vault.actor, { connector: 'zendesk', name: 'oauth url', fields: oauthFields(zd) });
    expect(created.status).toBe('disconnected');
    const { url, result } = await authorize(vault, created.id);
    expect(`${url.origin}${url.pathname}`).toBe(`${zd.url}/oauth/authorizations/new`);
    expect(url.searchParams.get('scope')).toBe('read write');
    expect(url.searchParams.get('client_id')).toBe(zd.clientId);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(result).toMatchObject({ ok: true, message: `Connected as ${zd.agentEmail}.` });
  });

  it('connects: identity from users/me with the granted scopes, the account as instance', async () => {
    const conn = await connectOAuth(vault, zd);
    expect(conn.status).toBe('connected');
    expect(conn.authKind).toBe('oauth2');
    expect(conn.identity).toEqual({ label: zd.agentEmail, id: String(zd.seed.adminUserId) });
    expect(conn.grantedScopes).toEqual(['read', 'write']);
    expect(conn.instanceKey).toBe(zd.url);
    expect(await vault.service.test(vault.actor, conn.id)).toEqual({ ok: true });
  });

  it('refreshes a token that expires mid-run, once, and again after a second expiry (refresh tokens rotate)', async () => {
    const conn = await connectOAuth(vault, zd, 'expiring');
    const input = { query: 'type:organization name:"Acme Corporation"' };
    expect(field(await vault.service.runAction(vault.actor, conn.id, 'search', input), 'count')).toBe(1);
    for (const round of [1, 2]) {
      await control(zd, 'POST', '/expire-tokens');
      const before = tokenRequests();
      const searchesBefore = countRequests(zd, (r) => r.path === '/api/v2/search');
      const out = await vault.service.runAction(vault.actor, conn.id, 'search', input);
      expect(field(out, 'count'), `round ${round}`).toBe(1);
      expect(tokenRequests() - before, `round ${round}`).toBe(1);
      // Refused once with the dead token, answered with the new one.
      expect(countRequests(zd, (r) => r.path === '/api/v2/search') - searchesBefore).toBe(2);
    }
    expect((await vault.service.get(vault.actor, conn.id)).status).toBe('connected');
  });

  it('refreshes when users/me answers 200 with the anonymous user, which is how it reports a dead token', async () => {
    const conn = await connectOAuth(vault, zd, 'anonymous');
    await control(zd, 'POST', '/expire-tokens');
    const before = tokenRequests();
    expect(await vault.service.test(vault.actor, conn.id)).toEqual({ ok: true });
    expect(tokenRequests() - before).toBe(1);
    expect((await vault.service.get(vault.actor, conn.id)).identity?.label).toBe(zd.agentEmail);
  });

  it('names the OAuth client fields as required for OAuth', async () => {
    const failure = await failureOf(vault.service.create(vault.actor, { connector: 'zendesk', name: 'no client', fields: { subdomain: SUBDOMAIN, serverUrl: zd.url } }));
    expect(failure.code).toBe('invalid_input');
    expect(failure.details).toEqual([
      { path: 'fields.clientId', message: 'is required (or the operator sets PATCHBAY_ZENDESK_CLIENT_ID)' },
      { path: 'fields.clientSecret', message: 'is required (or the operator sets PATCHBAY_ZENDESK_CLIENT_SECRET)' },
    ]);
  });
});

describe('email and API token', () => {
  it('connects as {email}/token with the account token: identity without scopes, the account as instance', async () => {
    const conn = await connectApiToken(vault, zd);
    expect(conn.status).toBe('connected');
    expect(conn.authKind).toBe('basic');
    expect(conn.identity).toEqual({ label: zd.agentEmail, id: String(zd.seed.adminUserId) });
    expect(conn.grantedScopes).toEqual([]);
    expect(conn.instanceKey).toBe(zd.url);
    expect(await vault.service.test(vault.actor, conn.id)).toEqual({ ok: true });
  });

  it('fails the test with a clear reason when Zendesk answers as the anonymous user, and steps get auth_failed', async () => {
    const conn = await connectApiToken(vault, zd, 'wrong token', { apiToken: 'not-the-token' });
    expect(conn.status).toBe('error');
    expect(conn.statusReason).toBe('Zendesk did not accept the email and API token (it answered as the anonymous user): check both, and that the token is still active.');
    const failure = await failureOf(vault.service.runAction(vault.actor, conn.id, 'search', { query: 'type:ticket' }));
    expect(failure.code).toBe('auth_failed');
    expect(failure.message).toContain("Zendesk refused the connection's credentials for the search (Couldn't authenticate you)");
  });

  it('names the email and token as required for this option', async () => {
    const failure = await failureOf(vault.service.create(vault.actor, { connector: 'zendesk', name: 'x', fields: { subdomain: SUBDOMAIN, auth: 'apiToken', serverUrl: zd.url } }));
    expect(failure.details).toEqual([
      { path: 'fields.email', message: 'is required' },
      { path: 'fields.apiToken', message: 'is required' },
    ]);
  });

  it('refuses moving the connection to another Zendesk account unless confirmed', async () => {
    const other = await startAccount();
    try {
      const conn = await connectApiToken(vault, zd, 'moving');
      const move = { fields: { serverUrl: other.url } };
      expect((await failureOf(vault.service.update(vault.actor, conn.id, move))).code).toBe('instance_mismatch');
      const moved = await vault.service.update(vault.actor, conn.id, { ...move, confirmInstanceChange: true });
      expect(moved.instanceKey).toBe(other.url);
    } finally {
      await other.close();
    }
  });
});

describe('subdomain', () => {
  it('makes the account https://<subdomain>.zendesk.com when no server URL replaces it', async () => {
    // Authorising only builds the URL: nothing is sent to zendesk.com.
    const { clientId, clientSecret } = zd;
    const conn = await vault.service.create(vault.actor, { connector: 'zendesk', name: 'hosted', fields: { subdomain: 'acme', clientId, clientSecret } });
    const { url } = await vault.service.authorize(vault.actor, conn.id, {});
    expect(url.startsWith('https://acme.zendesk.com/oauth/authorizations/new?')).toBe(true);
  });

  it('refuses a malformed subdomain when the connection is saved, before any request, saying which part is wanted', async () => {
    const before = zd.requests.length;
    const saving = vault.service.create(vault.actor, { connector: 'zendesk', name: 'pasted host', fields: apiTokenFields(zd, { subdomain: 'https://Acme.zendesk.com' }) });
    await expect(saving).rejects.toMatchObject({
      code: 'invalid_input',
      details: [{ path: 'fields.subdomain', message: 'must be the part before .zendesk.com (e.g. "acme" for acme.zendesk.com): lower-case letters, digits and hyphens' }],
    });
    expect(zd.requests.length).toBe(before);
  });

  it('says which part is wanted when a stored subdomain is malformed (checked again before every request)', async () => {
    const { subdomainProblem } = await import('./account.ts');
    expect(subdomainProblem('https://Acme.zendesk.com')).toBe('"https://Acme.zendesk.com" is not a Zendesk subdomain: give the part before .zendesk.com, in lower-case letters, digits and hyphens (here "acme").');
    expect(subdomainProblem('acme-support')).toBeUndefined();
  });
});

describe('rate limits', () => {
  it('waits out Retry-After and retries: the call succeeds and the account saw both requests', async () => {
    const conn = await connectApiToken(vault, zd, 'patient');
    await control(zd, 'POST', '/rate-limit', { count: 1, retryAfter: 1 });
    const before = countRequests(zd, (r) => r.path === '/api/v2/search');
    const started = Date.now();
    const out = await vault.service.runAction(vault.actor, conn.id, 'search', { query: 'type:ticket', limit: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(field(out, 'results', 'length')).toBe(1);
    expect(countRequests(zd, (r) => r.path === '/api/v2/search') - before).toBe(2);
  });

  it('gives up after three refusals with a retryable error', async () => {
    const conn = await connectApiToken(vault, zd, 'impatient');
    await control(zd, 'POST', '/rate-limit', { count: 3, retryAfter: 1 });
    const failure = await failureOf(vault.service.runAction(vault.actor, conn.id, 'search', { query: 'type:ticket' }));
    expect(failure.code).toBe('retryable');
    expect(failure.message).toBe('Zendesk is rate-limiting this account (it asked to wait 1 s); the search will be retried.');
  });
});
