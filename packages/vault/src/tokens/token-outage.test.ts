import http from '@patchbay/connector-http';
import { type OAuthServer, startOAuthServer } from '@patchbay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFlakyProxy } from '../testing/flaky-proxy.ts';
import { type VaultHarness, startVault } from '../testing/harness.ts';
import { connectOAuth, sleep } from '../testing/oauth-fixtures.ts';

const REDIRECT = 'http://127.0.0.1:8080/oauth/callback';
const TTL = 2;
const me = { method: 'GET', path: 'me' } as const;

let vault: VaultHarness;
let server: OAuthServer;
let proxy: Awaited<ReturnType<typeof startFlakyProxy>>;
beforeAll(async () => {
  server = await startOAuthServer({ redirectUris: [REDIRECT], rotateRefreshToken: true, accessTokenTtl: TTL });
  proxy = await startFlakyProxy(server.tokenUrl);
  vault = await startVault({ connectors: [http], redirectUri: REDIRECT });
});
afterAll(async () => {
  await vault.close();
  await proxy.close();
  await server.close();
});

describe('a failing token endpoint', () => {
  it('marks the connection error with the reason, backs off, and recovers by itself', async () => {
    const conn = await connectOAuth(vault, server, 'outage', { tokenUrl: proxy.url });
    await sleep(TTL * 1000 + 100);
    proxy.setMode('fail');
    const hitsBefore = proxy.hits();

    await expect(vault.service.runAction(vault.actor, conn.id, 'request', me)).rejects.toMatchObject({ code: 'token_endpoint_unavailable', status: 503 });
    const failed = await vault.service.get(vault.actor, conn.id);
    expect(failed.status).toBe('error');
    expect(failed.statusReason).toMatch(/answered 503.*retry/);
    expect(failed.refreshFailures).toBe(1);
    expect(proxy.hits()).toBe(hitsBefore + 1);

    // Within the back-off nobody calls the token endpoint again, however many requests come.
    await Promise.allSettled(Array.from({ length: 20 }, () => vault.service.runAction(vault.actor, conn.id, 'request', me)));
    expect(proxy.hits()).toBe(hitsBefore + 1);

    proxy.setMode('pass');
    await sleep(2100); // the first back-off step is 2 s
    expect(await vault.service.runAction(vault.actor, conn.id, 'request', me)).toMatchObject({ status: 200 });
    const recovered = await vault.service.get(vault.actor, conn.id);
    expect(recovered).toMatchObject({ status: 'connected', statusReason: null, refreshFailures: 0, lostAt: null });
  });

  it('keeps using a still-valid token while a proactive refresh fails', async () => {
    const conn = await connectOAuth(vault, server, 'early', { tokenUrl: proxy.url });
    proxy.setMode('fail');
    await sleep(1100); // inside the refresh margin, before expiry
    expect(await vault.service.runAction(vault.actor, conn.id, 'request', me)).toMatchObject({ status: 200 });
    expect((await vault.service.get(vault.actor, conn.id)).status).toBe('error');
    proxy.setMode('pass');
  });

  it('treats a hanging token endpoint as a failure after its timeout', async () => {
    const conn = await connectOAuth(vault, server, 'hang', { tokenUrl: proxy.url });
    await sleep(TTL * 1000 + 100);
    proxy.setMode('hang');
    await expect(vault.service.runAction(vault.actor, conn.id, 'request', me)).rejects.toMatchObject({ code: 'token_endpoint_unavailable' });
    expect((await vault.service.get(vault.actor, conn.id)).statusReason).toMatch(/could not be reached/);
    proxy.setMode('pass');
  }, 20_000);
});
