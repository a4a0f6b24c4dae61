import type { ZendeskEmulator } from '@patchbay/emulator-zendesk';
import { type VaultHarness, startVault } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import zendesk from './index.ts';
import { connectApiToken, connectOAuth, control, failureOf, isRecord, startAccount } from './test-support.ts';

/**
 * Canary scan: the API token, the OAuth client secret and every access and refresh token the account
 * issued (read off the wire as the vault receives them) never reach logs, the database, action
 * outputs, connection views or error messages.
 */
const API_TOKEN = 'canary-zd-apitoken-4b7e21c9';
const CLIENT_SECRET = 'canary-zd-secret-8d3f6a05';

let vault: VaultHarness;
let zd: ZendeskEmulator;
const issued: string[] = [];
const seen: unknown[] = [];

beforeAll(async () => {
  vault = await startVault({ connectors: [zendesk] });
  zd = await startAccount({ apiToken: API_TOKEN, clientSecret: CLIENT_SECRET });
  // The tokens only exist in the token endpoint's answers: keep each one the vault receives.
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const response = await realFetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url === `${zd.url}/oauth/tokens` && response.ok) {
      const body: unknown = await response.clone().json();
      for (const key of ['access_token', 'refresh_token']) {
        const token = isRecord(body) ? body[key] : undefined;
        if (typeof token === 'string') issued.push(token);
      }
    }
    return response;
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await zd.close();
  await vault.close();
});

describe('secrets', () => {
  it('are used, and never written or shown', async () => {
    const oauth = await connectOAuth(vault, zd);
    const token = await connectApiToken(vault, zd);
    seen.push(oauth, token);
    for (const conn of [oauth, token]) {
      seen.push(await vault.service.runAction(vault.actor, conn.id, 'createTicket', { subject: `From ${conn.name}`, comment: 'Hello' }));
      seen.push(await vault.service.runAction(vault.actor, conn.id, 'search', { query: 'type:ticket' }));
      seen.push(await vault.service.test(vault.actor, conn.id));
      seen.push(await vault.service.poll(vault.actor, conn.id, 'newOrUpdatedTickets', {}, { cursor: undefined, since: new Date(0).toISOString() }));
    }
    // Two refreshes: four more tokens, the rotated refresh tokens among them.
    for (let round = 0; round < 2; round++) {
      await control(zd, 'POST', '/expire-tokens');
      seen.push(await vault.service.runAction(vault.actor, oauth.id, 'search', { query: 'type:organization' }));
    }
    seen.push(await failureOf(vault.service.runAction(vault.actor, oauth.id, 'updateTicket', { id: 999_999, comment: 'x' })));
    const wrong = await connectApiToken(vault, zd, 'wrong', { apiToken: `${API_TOKEN}-x` });
    seen.push(wrong, await failureOf(vault.service.runAction(vault.actor, wrong.id, 'search', { query: 'x' })));
    // The account forgets every token: the refresh is refused, which the vault logs.
    await control(zd, 'POST', '/reset');
    const refused = await failureOf(vault.service.runAction(vault.actor, oauth.id, 'search', { query: 'x' }));
    expect(refused.code).toBe('needs_reauth');
    seen.push(refused, await vault.service.list(vault.actor, { limit: 500 }));

    // The canaries are real credentials: the account accepted them.
    expect(oauth.status).toBe('connected');
    expect(token.status).toBe('connected');
    expect(issued.length).toBe(6);

    const canaries = [API_TOKEN, CLIENT_SECRET, ...issued];
    const logs = vault.logs();
    expect(logs).toContain('token request failed');
    const rows = JSON.stringify([
      await vault.store.db.selectFrom('connections').selectAll().execute(),
      await vault.store.db.selectFrom('audit_log').selectAll().execute(),
      await vault.store.db.selectFrom('oauth_sessions').selectAll().execute(),
    ]);
    const shown = JSON.stringify(seen);
    for (const canary of canaries) {
      expect(logs).not.toContain(canary);
      expect(rows).not.toContain(canary);
      expect(shown).not.toContain(canary);
    }
  });
});
