import type { SalesforceEmulator } from '@patchbay/emulator-salesforce';
import { type VaultHarness, startVault } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import salesforce from './index.ts';
import { authorize, connect, control, countRequests, failureOf, idOf, orgFields, startLoginHost, startOrg } from './test-support.ts';

// Connecting an org through the vault's real OAuth flow: login hosts, PKCE, identity, instance,
// the org a connection belongs to, and sessions that expire (Salesforce sends no expires_in).
const CLIENT_SECRET = 'canary-sf-consumer-secret-5e1d';
let vault: VaultHarness;
let production: SalesforceEmulator;
let sandbox: SalesforceEmulator;

beforeAll(async () => {
  vault = await startVault({ connectors: [salesforce] });
  production = await startOrg({ orgName: 'Production', clientSecret: CLIENT_SECRET });
  sandbox = await startOrg({ orgName: 'Sandbox' });
});
afterAll(async () => {
  await production.close();
  await sandbox.close();
  await vault.close();
});

const tokenCalls = (sf: SalesforceEmulator) => countRequests(sf, (r) => r.method === 'POST' && r.path === '/services/oauth2/token');

describe('authorisation (OAuth 2.0 web-server flow with PKCE)', () => {
  it('connects as the integration user, with the granted scopes and the org id as the instance', async () => {
    const created = await vault.service.create(vault.actor, { connector: 'salesforce', name: 'prod', fields: orgFields(production) });
    expect(created.status).toBe('disconnected');
    const { url, result } = await authorize(vault, created.id);
    expect(url.origin + url.pathname).toBe(`${production.url}/services/oauth2/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('scope')).toBe('api id refresh_token');
    expect(result).toMatchObject({ ok: true, message: 'Connected as integration@patchbay-demo.example.' });

    const view = await vault.service.get(vault.actor, created.id);
    expect(view).toMatchObject({
      status: 'connected',
      instanceKey: production.orgId,
      identity: { label: 'integration@patchbay-demo.example', id: production.userId },
      // Salesforce sends no expires_in: nothing to refresh ahead of, a 401 drives it.
      tokenExpiresAt: null,
    });
    expect([...view.grantedScopes].sort()).toEqual(['api', 'id', 'refresh_token']);
    await expect(vault.service.test(vault.actor, created.id)).resolves.toEqual({ ok: true });
  });

  it('picks the login host from the environment, and serverUrl (My Domain) over both', async () => {
    const loginHost = async (fields: Record<string, unknown>) => {
      const conn = await vault.service.create(vault.actor, { connector: 'salesforce', name: 'hosts', fields: { clientId: 'id', clientSecret: 'secret', ...fields } });
      return new URL((await vault.service.authorize(vault.actor, conn.id, {})).url).origin;
    };
    expect(await loginHost({})).toBe('https://login.salesforce.com');
    expect(await loginHost({ environment: 'production' })).toBe('https://login.salesforce.com');
    expect(await loginHost({ environment: 'sandbox' })).toBe('https://test.salesforce.com');
    expect(await loginHost({ environment: 'sandbox', serverUrl: 'https://acme--uat.sandbox.my.salesforce.com/' })).toBe('https://acme--uat.sandbox.my.salesforce.com');
  });
});

describe('the org a connection belongs to', () => {
  it('logs in on the login host and sends API calls to the instance_url the token response names', async () => {
    const login = await startLoginHost(production);
    try {
      const created = await vault.service.create(vault.actor, { connector: 'salesforce', name: 'my domain', fields: { ...orgFields(production), serverUrl: login.url } });
      const { url, result } = await authorize(vault, created.id);
      expect(url.origin).toBe(login.url);
      expect(result.ok).toBe(true);
      const before = countRequests(production, (r) => r.path.startsWith('/services/data/'));
      await vault.service.runAction(vault.actor, created.id, 'query', { soql: 'SELECT Id FROM Account LIMIT 1' });
      // Only the OAuth flow went to the login host; the REST API was called on the instance.
      expect(login.paths).toEqual(['GET /services/oauth2/authorize', 'POST /services/oauth2/token']);
      expect(countRequests(production, (r) => r.path.startsWith('/services/data/')) - before).toBeGreaterThan(0);
    } finally {
      await login.close();
    }
  });

  it('a sandbox org works the same, and re-authorising into another org needs confirmation', async () => {
    const conn = await connect(vault, production, 'moves to sandbox');
    expect(conn.instanceKey).toBe(production.orgId);
    await vault.service.update(vault.actor, conn.id, { fields: { environment: 'sandbox', serverUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret } });

    const refused = await authorize(vault, conn.id);
    expect(refused.result).toMatchObject({ ok: false, code: 'instance_mismatch' });
    expect(refused.result.message).toContain(sandbox.orgId);
    expect((await vault.service.get(vault.actor, conn.id)).instanceKey).toBe(production.orgId);

    const confirmed = await authorize(vault, conn.id, { confirmInstanceChange: true });
    expect(confirmed.result.ok).toBe(true);
    expect(await vault.service.get(vault.actor, conn.id)).toMatchObject({ status: 'connected', instanceKey: sandbox.orgId, fields: { environment: 'sandbox' } });
    const id = idOf(await vault.service.runAction(vault.actor, conn.id, 'create', { object: 'Account', record: { Name: 'Made in the sandbox' } }));
    const inSandbox = await control(sandbox, 'GET', '/records/Account');
    expect(JSON.stringify(inSandbox.records)).toContain(id);
  });
});

describe('sessions that expire', () => {
  it('refreshes once on 401 INVALID_SESSION_ID and keeps the refresh token Salesforce does not rotate', async () => {
    const conn = await connect(vault, production, 'expiring');
    const read = () => vault.service.runAction(vault.actor, conn.id, 'query', { soql: 'SELECT Id FROM Account' });
    await read();
    for (const round of [1, 2]) {
      const before = tokenCalls(production);
      await control(production, 'POST', '/expire-tokens');
      await expect(read(), `after expiry ${round}`).resolves.toMatchObject({ done: true });
      expect(tokenCalls(production) - before).toBe(1);
    }
    expect((await vault.service.get(vault.actor, conn.id)).status).toBe('connected');
  });

  it('a connection test after expiry refreshes for the identity URL too', async () => {
    const conn = await connect(vault, production, 'expired test');
    await control(production, 'POST', '/expire-tokens');
    const before = tokenCalls(production);
    await expect(vault.service.test(vault.actor, conn.id)).resolves.toEqual({ ok: true });
    // One refresh serves both the REST call (401) and the identity URL (403 Bad_OAuth_Token).
    expect(tokenCalls(production) - before).toBe(1);
    expect(await vault.service.get(vault.actor, conn.id)).toMatchObject({ status: 'connected', identity: { label: 'integration@patchbay-demo.example' } });
  });
});

describe('the org’s API request limit', () => {
  it('turns 403 REQUEST_LIMIT_EXCEEDED into a retryable error with the usage, and the next attempt works', async () => {
    const conn = await connect(vault, production, 'limited');
    const read = () => vault.service.runAction(vault.actor, conn.id, 'query', { soql: 'SELECT Id FROM Account' });
    await control(production, 'POST', '/rate-limit', { count: 1, retryAfter: 1 });
    const before = countRequests(production, (r) => r.path === '/services/data/v62.0/query');
    const failure = await failureOf(read());
    expect(failure.code).toBe('retryable');
    expect(failure.message).toBe("Salesforce's API request limit for this org is used up (api-usage=15001/15000); the SOQL query will be retried later.");
    // A daily allowance: retrying at once cannot help, so the step fails retryable (the engine's
    // runner retries it with back-off) instead of the HTTP client hammering the org.
    expect(countRequests(production, (r) => r.path === '/services/data/v62.0/query') - before).toBe(1);
    await expect(read()).resolves.toMatchObject({ done: true });
  });

  it('stays retryable while the limit persists, also in pick lists and triggers', async () => {
    const conn = await connect(vault, production, 'exhausted');
    await control(production, 'POST', '/rate-limit', { count: 3, retryAfter: 1 });
    expect(await failureOf(vault.service.runAction(vault.actor, conn.id, 'get', { object: 'Account', id: '001000000000000AAA' }))).toMatchObject({ code: 'retryable' });
    expect(await failureOf(vault.service.picklist(vault.actor, conn.id, 'objects', {}, { refresh: true }))).toMatchObject({ code: 'retryable' });
    expect(await failureOf(vault.service.poll(vault.actor, conn.id, 'newRecords', { object: 'Account' }, { cursor: undefined, since: undefined }))).toMatchObject({ code: 'retryable' });
    expect((await vault.service.get(vault.actor, conn.id)).status).toBe('connected');
  });
});

describe('operator defaults', () => {
  it('takes the OAuth client from PATCHBAY_SALESFORCE_CLIENT_ID and _CLIENT_SECRET', async () => {
    const operated = await startVault({ connectors: [salesforce], operatorEnv: { PATCHBAY_SALESFORCE_CLIENT_ID: sandbox.clientId, PATCHBAY_SALESFORCE_CLIENT_SECRET: sandbox.clientSecret } });
    try {
      const created = await operated.service.create(operated.actor, { connector: 'salesforce', name: 'operated', fields: { serverUrl: sandbox.url, environment: 'sandbox' } });
      expect(created.secretFieldsSet).toEqual([]);
      const { url, result } = await authorize(operated, created.id);
      expect(url.searchParams.get('client_id')).toBe(sandbox.clientId);
      expect(result.ok).toBe(true);
      expect((await operated.service.get(operated.actor, created.id)).instanceKey).toBe(sandbox.orgId);
    } finally {
      await operated.close();
    }
  });
});

describe('secrets', () => {
  it('never shows the consumer secret, access or refresh tokens in logs, outputs or the database', async () => {
    const conn = await connect(vault, production, 'canary');
    const outputs = [
      await vault.service.runAction(vault.actor, conn.id, 'query', { soql: 'SELECT Id, Name FROM Account' }),
      await vault.service.runAction(vault.actor, conn.id, 'create', { object: 'Account', record: { Name: 'Canary Co' } }),
      await failureOf(vault.service.runAction(vault.actor, conn.id, 'get', { object: 'Account', id: '001000000000000AAA' })),
      await vault.service.get(vault.actor, conn.id),
    ];
    await control(production, 'POST', '/expire-tokens');
    outputs.push(await vault.service.runAction(vault.actor, conn.id, 'query', { soql: 'SELECT Id FROM Account LIMIT 1' }));

    // Access tokens are `<15-char org id>!…`; refresh tokens `5Aep861…` (§3).
    const leaks = [CLIENT_SECRET, `${production.orgId.slice(0, 15)}!`, '5Aep861'];
    const rows = JSON.stringify(await vault.store.db.selectFrom('connections').selectAll().execute());
    const audit = JSON.stringify(await vault.store.db.selectFrom('audit_log').selectAll().execute());
    const sessions = JSON.stringify(await vault.store.db.selectFrom('oauth_sessions').selectAll().execute());
    expect(rows).toContain(conn.id);
    for (const [where, text] of Object.entries({ logs: vault.logs(), rows, audit, sessions, outputs: JSON.stringify(outputs) })) {
      for (const leak of leaks) expect(text, `${where} contains ${leak}`).not.toContain(leak);
    }
  });
});
