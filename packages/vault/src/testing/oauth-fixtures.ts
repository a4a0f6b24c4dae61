import { completeAuthorization, type OAuthServer } from '@patchbay/testkit';
import { readSecrets, sealSecrets } from '../connections/record.ts';
import type { ConnectionView } from '../connections/view.ts';
import type { VaultHarness } from './harness.ts';

/** HTTP-connector fields for an OAuth2 connection to a testkit OAuth server. */
export function oauthFields(server: OAuthServer, overrides: Record<string, unknown> = {}) {
  return {
    auth: 'oauth2',
    baseUrl: server.apiBaseUrl,
    authorizationUrl: server.authorizationUrl,
    tokenUrl: server.tokenUrl,
    clientId: server.clientId,
    clientSecret: server.clientSecret,
    scopes: 'read write',
    testPath: 'me',
    ...overrides,
  };
}

/** Runs the whole authorization-code flow as a user would: authorize, log in, consent, callback. */
export async function authorizeConnection(
  vault: VaultHarness,
  connectionId: string,
  options: { login?: string; deny?: boolean; confirmInstanceChange?: boolean } = {},
) {
  const { url } = await vault.service.authorize(vault.actor, connectionId, {
    ...(options.confirmInstanceChange ? { confirmInstanceChange: true } : {}),
    openerOrigin: 'http://127.0.0.1:8080',
  });
  const callback = new URL(await completeAuthorization(url, { ...(options.login ? { login: options.login } : {}), deny: options.deny ?? false }));
  const query = Object.fromEntries(callback.searchParams);
  return { authorizeUrl: new URL(url), query, result: await vault.service.handleCallback(query) };
}

export async function connectOAuth(vault: VaultHarness, server: OAuthServer, name = 'oauth', fields: Record<string, unknown> = {}): Promise<ConnectionView> {
  const created = await vault.service.create(vault.actor, { connector: 'http', name, fields: oauthFields(server, fields) });
  const { result } = await authorizeConnection(vault, created.id);
  if (!result.ok) throw new Error(`authorisation failed: ${result.code}: ${result.message}`);
  return vault.service.get(vault.actor, created.id);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Makes the stored access token look expired (as after a long idle period) without waiting: the
 * app still accepts it, but Patchbay must refresh before using it.
 */
export async function expireStoredToken(vault: VaultHarness, connectionId: string): Promise<void> {
  const row = await vault.store.db.selectFrom('connections').selectAll().where('id', '=', connectionId).executeTakeFirstOrThrow();
  const secrets = readSecrets(vault.keys, row);
  if (!secrets.oauth) throw new Error('connection has no OAuth tokens');
  const past = new Date(Date.now() - 60_000).toISOString();
  const sealed = sealSecrets(vault.keys, row, { ...secrets, oauth: { ...secrets.oauth, obtainedAt: new Date(Date.now() - 120_000).toISOString(), expiresAt: past } });
  await vault.store.db.updateTable('connections').set({ ...sealed, token_expires_at: past, version: row.version + 1 }).where('id', '=', connectionId).execute();
}

/** The access token a connection holds now: for a bare request with the same token (bench/connection-request.ts). */
export async function storedAccessToken(vault: VaultHarness, connectionId: string): Promise<string> {
  const row = await vault.store.db.selectFrom('connections').selectAll().where('id', '=', connectionId).executeTakeFirstOrThrow();
  const token = readSecrets(vault.keys, row).oauth?.accessToken;
  if (!token) throw new Error('connection has no OAuth tokens');
  return token;
}
