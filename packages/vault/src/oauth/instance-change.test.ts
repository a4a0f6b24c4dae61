import { type Fields, Type, defineConnector } from '@patchbay/sdk';
import { type OAuthServer, startOAuthServer } from '@patchbay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type VaultHarness, startVault } from '../testing/harness.ts';
import { authorizeConnection } from '../testing/oauth-fixtures.ts';

const REDIRECT = 'http://127.0.0.1:8080/oauth/callback';

const fields = {
  api: { type: 'url', label: 'API', required: true },
  authorizeUrl: { type: 'url', label: 'Authorize URL', required: true },
  tokenUrl: { type: 'url', label: 'Token URL', required: true },
  clientId: { type: 'text', label: 'Client id', required: true },
  clientSecret: { type: 'secret', label: 'Client secret', required: true },
} as const satisfies Fields;

function subOf(body: unknown): string {
  return typeof body === 'object' && body !== null && 'sub' in body && typeof body.sub === 'string' ? body.sub : 'unknown';
}

/** An app whose instance is the account authorised (like an org id): logging in as another user is another instance. */
const accountApp = defineConnector({
  key: 'account-app',
  title: 'Account app',
  version: '1.0.0',
  connection: {
    fields,
    auth: {
      kind: 'oauth2',
      authorizationUrl: (f) => f.authorizeUrl,
      tokenUrl: (f) => f.tokenUrl,
      clientId: (f) => f.clientId,
      clientSecret: (f) => f.clientSecret.reveal(),
      scopes: ['read'],
    },
    baseUrl: ({ fields: f }) => f.api,
    test: async (ctx) => ({ ok: (await ctx.http.request({ path: 'me' })).status === 200 }),
    identity: async (ctx) => ({ label: subOf((await ctx.http.request({ path: 'me' })).body) }),
    instance: async (ctx) => `account:${subOf((await ctx.http.request({ path: 'me' })).body)}`,
  },
  actions: { me: { title: 'Me', input: Type.Object({}), run: async (ctx) => (await ctx.http.request({ path: 'me' })).body } },
});

let vault: VaultHarness;
let server: OAuthServer;
beforeAll(async () => {
  server = await startOAuthServer({ redirectUris: [REDIRECT], rotateRefreshToken: true });
  vault = await startVault({ connectors: [accountApp], redirectUri: REDIRECT });
});
afterAll(async () => {
  await vault.close();
  await server.close();
});

describe('re-authorising into another app instance', () => {
  it('is refused unless confirmed, keeping the old tokens; confirmed, it keeps the connection id', async () => {
    const created = await vault.service.create(vault.actor, {
      connector: 'account-app',
      name: 'org',
      fields: { api: server.apiBaseUrl, authorizeUrl: server.authorizationUrl, tokenUrl: server.tokenUrl, clientId: server.clientId, clientSecret: server.clientSecret },
    });
    expect((await authorizeConnection(vault, created.id, { login: 'alice@acme.test' })).result.ok).toBe(true);
    const first = await vault.service.get(vault.actor, created.id);
    expect(first.instanceKey).toBe('account:alice@acme.test');
    expect(first.identity?.label).toBe('alice@acme.test');

    const refused = await authorizeConnection(vault, created.id, { login: 'mallory@other.test' });
    expect(refused.result).toMatchObject({ ok: false, code: 'instance_mismatch' });
    expect(refused.result.message).toMatch(/different Account app instance/);
    const unchanged = await vault.service.get(vault.actor, created.id);
    expect(unchanged.instanceKey).toBe('account:alice@acme.test');
    expect(await vault.service.runAction(vault.actor, created.id, 'me', {})).toMatchObject({ sub: 'alice@acme.test' });

    const confirmed = await authorizeConnection(vault, created.id, { login: 'mallory@other.test', confirmInstanceChange: true });
    expect(confirmed.result).toMatchObject({ ok: true, connectionId: created.id });
    const moved = await vault.service.get(vault.actor, created.id);
    expect(moved).toMatchObject({ id: created.id, instanceKey: 'account:mallory@other.test', identity: { label: 'mallory@other.test' } });
    expect(await vault.service.runAction(vault.actor, created.id, 'me', {})).toMatchObject({ sub: 'mallory@other.test' });
  });
});
