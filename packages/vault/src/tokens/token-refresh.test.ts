import http from '@patchbay/connector-http';
import { type OAuthServer, startOAuthServer } from '@patchbay/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readSecrets } from '../connections/record.ts';
import { type VaultHarness, startVault } from '../testing/harness.ts';
import { connectOAuth, sleep } from '../testing/oauth-fixtures.ts';

const REDIRECT = 'http://127.0.0.1:8080/oauth/callback';
// Access tokens live 2 s, so the refresh margin is 1 s and a token is stale after ~1 s.
const TTL = 2;

async function storedSecrets(vault: VaultHarness, id: string) {
  const row = await vault.store.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { row, secrets: readSecrets(vault.keys, row) };
}

const me = { method: 'GET', path: 'me' } as const;

describe('token refresh with rotating refresh tokens', () => {
  let vault: VaultHarness;
  let server: OAuthServer;
  beforeAll(async () => {
    server = await startOAuthServer({ redirectUris: [REDIRECT], rotateRefreshToken: true, accessTokenTtl: TTL });
    vault = await startVault({ connectors: [http], redirectUri: REDIRECT });
  });
  afterAll(async () => {
    await vault.close();
    await server.close();
  });
  afterEach(() => server.grants.reset());

  it('200 concurrent requests with an expired token cause exactly one refresh, and all succeed', async () => {
    const conn = await connectOAuth(vault, server, 'burst');
    const before = await storedSecrets(vault, conn.id);
    await sleep(TTL * 1000 + 100);
    server.grants.reset();
    const results = await Promise.all(Array.from({ length: 200 }, () => vault.service.runAction(vault.actor, conn.id, 'request', me)));
    expect(results.filter((r) => typeof r === 'object' && r !== null && 'status' in r && r.status === 200)).toHaveLength(200);
    expect(server.grants.count('refresh_token')).toBe(1);
    expect(server.grants.count()).toBe(1);
    const after = await storedSecrets(vault, conn.id);
    // The rotated refresh token was saved.
    expect(after.secrets.oauth?.refreshToken).toBeDefined();
    expect(after.secrets.oauth?.refreshToken).not.toBe(before.secrets.oauth?.refreshToken);
    expect(after.row.status).toBe('connected');
  });

  it('refreshes ahead of expiry, not on every request', async () => {
    const conn = await connectOAuth(vault, server, 'ahead');
    server.grants.reset();
    await vault.service.runAction(vault.actor, conn.id, 'request', me);
    expect(server.grants.count('refresh_token')).toBe(0);
    await sleep(1100); // past the 1 s margin, before the 2 s expiry
    const res = await vault.service.runAction(vault.actor, conn.id, 'request', me);
    expect(res).toMatchObject({ status: 200 });
    expect(server.grants.count('refresh_token')).toBe(1);
  });

  it('reusing an old rotated refresh token ends in needs_reauth with a reconnect message, and no retry storm', async () => {
    const conn = await connectOAuth(vault, server, 'reuse');
    const original = await storedSecrets(vault, conn.id);
    await sleep(TTL * 1000 + 100);
    await vault.service.runAction(vault.actor, conn.id, 'request', me); // rotates the refresh token
    // Put the old refresh token back, as a product without compare-and-swap would after a lost race.
    const current = await storedSecrets(vault, conn.id);
    await vault.store.db.updateTable('connections').set({ secrets: original.row.secrets, version: current.row.version + 1 }).where('id', '=', conn.id).execute();
    await sleep(TTL * 1000 + 100);
    server.grants.reset();
    const requestsBefore = server.apiRequests;

    await expect(vault.service.runAction(vault.actor, conn.id, 'request', me)).rejects.toMatchObject({ code: 'needs_reauth' });
    const lost = await vault.service.get(vault.actor, conn.id);
    expect(lost.status).toBe('needs_reauth');
    expect(lost.statusReason).toMatch(/Reconnect this connection/);
    expect(lost.statusReason).not.toMatch(/invalid_grant/);
    expect(lost.lostAt).not.toBeNull();

    const again = await Promise.allSettled(Array.from({ length: 20 }, () => vault.service.runAction(vault.actor, conn.id, 'request', me)));
    expect(again.every((r) => r.status === 'rejected')).toBe(true);
    expect(server.grants.count()).toBe(0);
    expect(server.apiRequests).toBe(requestsBefore);
    const audit = await vault.store.db.selectFrom('audit_log').selectAll().where('target_id', '=', conn.id).where('action', '=', 'connection.needs_reauth').execute();
    expect(audit).toHaveLength(1);
  });

  it('a grant revoked in the app is detected on the 401 and marks needs_reauth', async () => {
    const conn = await connectOAuth(vault, server, 'revoked');
    server.revokeAll();
    await expect(vault.service.runAction(vault.actor, conn.id, 'request', me)).rejects.toMatchObject({ code: 'needs_reauth' });
    expect((await vault.service.get(vault.actor, conn.id)).status).toBe('needs_reauth');
    expect(await vault.service.test(vault.actor, conn.id)).toMatchObject({ ok: false });
  });
});

describe('token refresh without rotation', () => {
  let vault: VaultHarness;
  let server: OAuthServer;
  beforeAll(async () => {
    server = await startOAuthServer({ redirectUris: [REDIRECT], rotateRefreshToken: false, accessTokenTtl: TTL });
    vault = await startVault({ connectors: [http], redirectUri: REDIRECT });
  });
  afterAll(async () => {
    await vault.close();
    await server.close();
  });

  it('keeps the same refresh token across refreshes', async () => {
    const conn = await connectOAuth(vault, server, 'stable');
    const first = (await storedSecrets(vault, conn.id)).secrets.oauth;
    server.grants.reset();
    for (let i = 0; i < 2; i++) {
      await sleep(TTL * 1000 + 100);
      expect(await vault.service.runAction(vault.actor, conn.id, 'request', me)).toMatchObject({ status: 200 });
    }
    expect(server.grants.count('refresh_token')).toBe(2);
    const last = (await storedSecrets(vault, conn.id)).secrets.oauth;
    expect(last?.refreshToken).toBe(first?.refreshToken);
    expect(last?.accessToken).not.toBe(first?.accessToken);
  });
});

describe('client credentials', () => {
  let vault: VaultHarness;
  let server: OAuthServer;
  beforeAll(async () => {
    server = await startOAuthServer({ redirectUris: [REDIRECT], rotateRefreshToken: false, accessTokenTtl: TTL });
    vault = await startVault({ connectors: [http] });
  });
  afterAll(async () => {
    await vault.close();
    await server.close();
  });

  it('fetches a token on demand and again after it expires', async () => {
    const conn = await vault.service.create(vault.actor, {
      connector: 'http',
      name: 'machine',
      fields: { auth: 'oauth2ClientCredentials', baseUrl: server.apiBaseUrl, tokenUrl: server.tokenUrl, clientId: server.clientId, clientSecret: server.clientSecret, scopes: 'read', testPath: 'me' },
    });
    expect(conn.status).toBe('connected');
    expect(server.grants.count('client_credentials')).toBe(1);
    await Promise.all(Array.from({ length: 10 }, () => vault.service.runAction(vault.actor, conn.id, 'request', me)));
    expect(server.grants.count('client_credentials')).toBe(1);
    await sleep(TTL * 1000 + 100);
    const results = await Promise.all(Array.from({ length: 10 }, () => vault.service.runAction(vault.actor, conn.id, 'request', me)));
    expect(results.every((r) => typeof r === 'object' && r !== null && 'status' in r && r.status === 200)).toBe(true);
    expect(server.grants.count('client_credentials')).toBe(2);
  });
});
