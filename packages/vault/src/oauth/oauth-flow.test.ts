import http from '@patchbay/connector-http';
import { type OAuthServer, startOAuthServer } from '@patchbay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type VaultHarness, startVault } from '../testing/harness.ts';
import { authorizeConnection, connectOAuth, oauthFields } from '../testing/oauth-fixtures.ts';

const REDIRECT = 'http://127.0.0.1:8080/oauth/callback';
let vault: VaultHarness;
let server: OAuthServer;

beforeAll(async () => {
  server = await startOAuthServer({ redirectUris: [REDIRECT], rotateRefreshToken: true });
  vault = await startVault({ connectors: [http], redirectUri: REDIRECT });
});
afterAll(async () => {
  await vault.close();
  await server.close();
});

describe('OAuth2 authorization code against oidc-provider', () => {
  it('sends PKCE S256 and state, exchanges the code, tests and marks the connection connected', async () => {
    const created = await vault.service.create(vault.actor, { connector: 'http', name: 'crm', fields: oauthFields(server) });
    expect(created.status).toBe('disconnected');
    expect(created.secretFieldsSet).toEqual(['clientSecret']);

    const { authorizeUrl, result } = await authorizeConnection(vault, created.id);
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(authorizeUrl.searchParams.get('state')?.length).toBeGreaterThanOrEqual(43);
    expect(result).toMatchObject({ ok: true, connectionId: created.id, openerOrigin: 'http://127.0.0.1:8080' });

    const connected = await vault.service.get(vault.actor, created.id);
    expect(connected).toMatchObject({ id: created.id, status: 'connected', statusReason: null });
    expect(connected.authorizedAt).not.toBeNull();
    expect(connected.grantedScopes).toEqual(expect.arrayContaining(['read', 'write']));
    expect(connected.tokenExpiresAt).not.toBeNull();
    expect(server.grants.count('authorization_code')).toBe(1);

    const out = await vault.service.runAction(vault.actor, created.id, 'request', { method: 'GET', path: 'me' });
    expect(out).toMatchObject({ status: 200, body: { sub: 'integration@acme.test', clientId: server.clientId } });
  });

  it('refuses a replayed, unknown or expired state', async () => {
    const created = await vault.service.create(vault.actor, { connector: 'http', name: 'replay', fields: oauthFields(server) });
    const { query, result } = await authorizeConnection(vault, created.id);
    expect(result.ok).toBe(true);
    const replay = await vault.service.handleCallback(query);
    expect(replay).toMatchObject({ ok: false, code: 'invalid_state' });
    expect(replay.message).toMatch(/already used, has expired or is unknown/);
    expect(await vault.service.handleCallback({ ...query, state: 'made-up' })).toMatchObject({ ok: false, code: 'invalid_state' });
    expect(await vault.service.handleCallback({ code: 'x' })).toMatchObject({ ok: false, code: 'invalid_state' });

    const { url } = await vault.service.authorize(vault.actor, created.id, {});
    const state = new URL(url).searchParams.get('state') ?? '';
    await vault.store.db.updateTable('oauth_sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', state).execute();
    expect(await vault.service.handleCallback({ state, code: 'whatever' })).toMatchObject({ ok: false, code: 'invalid_state' });
  });

  it('turns access_denied into a clear connection error', async () => {
    const created = await vault.service.create(vault.actor, { connector: 'http', name: 'denied', fields: oauthFields(server) });
    const { query, result } = await authorizeConnection(vault, created.id, { deny: true });
    expect(query.error).toBe('access_denied');
    expect(result).toMatchObject({ ok: false, code: 'access_denied', connectionId: created.id });
    expect(result.message).toMatch(/declined/);
    const after = await vault.service.get(vault.actor, created.id);
    expect(after.status).toBe('disconnected');
    expect(after.statusReason).toMatch(/declined/);
  });

  it('refuses a bad authorisation code without storing anything', async () => {
    const created = await vault.service.create(vault.actor, { connector: 'http', name: 'badcode', fields: oauthFields(server) });
    const { url } = await vault.service.authorize(vault.actor, created.id, {});
    const state = new URL(url).searchParams.get('state') ?? '';
    const result = await vault.service.handleCallback({ state, code: 'not-a-real-code', iss: server.issuer });
    expect(result).toMatchObject({ ok: false, code: 'authorization_failed' });
    expect((await vault.service.get(vault.actor, created.id)).status).toBe('disconnected');
  });

  it('re-authorising keeps the connection id and replaces the tokens', async () => {
    const conn = await connectOAuth(vault, server, 'reauth');
    const before = await vault.store.db.selectFrom('connections').select(['secrets', 'version']).where('id', '=', conn.id).executeTakeFirstOrThrow();
    const { result } = await authorizeConnection(vault, conn.id);
    expect(result).toMatchObject({ ok: true, connectionId: conn.id });
    const after = await vault.store.db.selectFrom('connections').select(['secrets', 'version']).where('id', '=', conn.id).executeTakeFirstOrThrow();
    expect(after.secrets).not.toBe(before.secrets);
    expect(after.version).toBeGreaterThan(before.version);
  });

  it('refuses to authorise a connection that does not use OAuth2', async () => {
    const plain = await vault.service.create(vault.actor, { connector: 'http', name: 'plain', fields: { baseUrl: server.apiBaseUrl } });
    await expect(vault.service.authorize(vault.actor, plain.id, {})).rejects.toMatchObject({ code: 'not_oauth2', status: 409 });
  });
});
