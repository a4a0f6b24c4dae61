import http from '@patchbay/connector-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EchoApp, startEchoApp } from '../testing/echo-app.ts';
import { type VaultHarness, startVault } from '../testing/harness.ts';
import { SECRET_MASK } from './mask.ts';

/*
 * A connection's status reason is shown on every screen that lists it and stored in plain text:
 * whatever puts text there masks the connection's secret values first (mask.ts), not only tests.
 */

const CLIENT_SECRET = 'cl13nt-s3cr3t-canary-70ad';
const API_KEY = 'k3y-canary-2f9b61c8';

let vault: VaultHarness;
let app: EchoApp;

beforeAll(async () => {
  vault = await startVault({ connectors: [http] });
  app = await startEchoApp();
});
afterAll(async () => {
  await app.close();
  await vault.close();
});

describe('status reasons are masked by value', () => {
  it("a token endpoint that quotes the client secret in its error code: the status reason and the log line", async () => {
    // oauth4webapi reads `error` as the OAuth error code; this app puts the client secret there.
    app.script('/token', { status: 400, body: { error: CLIENT_SECRET, error_description: `bad client ${CLIENT_SECRET}` } });
    const created = await vault.service.create(vault.actor, {
      connector: 'http',
      name: 'client credentials',
      fields: { baseUrl: app.url, auth: 'oauth2ClientCredentials', tokenUrl: `${app.url}/token`, clientId: 'id', clientSecret: CLIENT_SECRET, testPath: '/me' },
    });
    expect(app.requests.some((r) => r.url === '/token')).toBe(true);
    expect(created.status).toBe('error');
    expect(created.statusReason).toContain(`(${SECRET_MASK})`);
    expect(JSON.stringify(created)).not.toContain(CLIENT_SECRET);
    expect(vault.logs()).toContain('token request failed');
    expect(vault.logs()).not.toContain(CLIENT_SECRET);
  });

  it('a reason given by a caller (a trigger that keeps failing) is masked before it is stored', async () => {
    const created = await vault.service.create(vault.actor, { connector: 'http', name: 'key', fields: { baseUrl: app.url, auth: 'apiKey', apiKey: API_KEY } });
    expect(created.status).toBe('connected');
    await vault.service.markFailing(vault.actor, created.id, `A recipe trigger kept failing authentication: the app said "${API_KEY}" is wrong`);
    const failing = await vault.service.get(vault.actor, created.id);
    expect(failing).toMatchObject({ status: 'error', statusReason: `A recipe trigger kept failing authentication: the app said "${SECRET_MASK}" is wrong` });
    const audit = await vault.store.db.selectFrom('audit_log').selectAll().execute();
    expect(JSON.stringify(audit)).toContain('connection.marked_failing');
    expect(JSON.stringify(audit)).not.toContain(API_KEY);
  });
});
