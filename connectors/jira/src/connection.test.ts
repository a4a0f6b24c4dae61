import { type JiraEmulator, startJiraEmulator } from '@patchbay/emulator-jira';
import { type VaultHarness, startVault } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jira from './index.ts';
import { connectApiToken, connectOAuth, control, requestsTo, storedSecrets } from './test-support.ts';
import { OTHER_SITE, startJiraProxy } from './jira-proxy.ts';

/**
 * Signing in both ways, through the vault and its token manager, against the Jira emulator: OAuth
 * 2.0 (3LO) through accessible-resources and the gateway, email + API token on the site; what the
 * connection then knows (identity, instance, scopes); expiring and rotating tokens; rate limits;
 * and that no secret leaks.
 */

const CLIENT_SECRET = 'canary-jira-client-secret-5e1f0a';
const SCOPES = ['read:jira-work', 'write:jira-work', 'read:jira-user', 'offline_access'];

let emulator: JiraEmulator;
let vault: VaultHarness;
/** Every secret value seen during the run: none may show up in logs, rows or outputs. */
const secrets = new Set<string>([CLIENT_SECRET]);
const outputs: unknown[] = [];

async function remember(connectionId: string): Promise<void> {
  const stored = await storedSecrets(vault, connectionId);
  for (const value of [...Object.values(stored.fields), stored.oauth?.accessToken, stored.oauth?.refreshToken]) if (value) secrets.add(value);
}

async function search(connectionId: string, jql = 'project = PB') {
  const output = await vault.service.runAction(vault.actor, connectionId, 'searchIssues', { jql, fields: ['summary'], limit: 1 });
  outputs.push(output);
  return output;
}

beforeAll(async () => {
  emulator = await startJiraEmulator({ autoApprove: true, clientSecret: CLIENT_SECRET });
  vault = await startVault({ connectors: [jira] });
  secrets.add(emulator.apiToken);
});

afterAll(async () => {
  await vault.close();
  await emulator.close();
});

describe('OAuth 2.0 (3LO)', () => {
  it('authorises at Atlassian with the api.atlassian.com audience, finds the site and works through the gateway', async () => {
    const { authorizeUrl, result, connection } = await connectOAuth(vault, 'oauth', { serverUrl: emulator.url, clientId: emulator.clientId, clientSecret: CLIENT_SECRET });
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${emulator.url}/authorize`);
    expect(Object.fromEntries(authorizeUrl.searchParams)).toMatchObject({ audience: 'api.atlassian.com', prompt: 'consent', response_type: 'code', client_id: emulator.clientId, scope: SCOPES.join(' ') });
    expect(result).toMatchObject({ ok: true, message: `Connected as ${emulator.email}.` });
    expect(connection).toMatchObject({
      status: 'connected',
      authKind: 'oauth2',
      identity: { label: emulator.email, id: emulator.accountId },
      instanceKey: emulator.cloudId,
      grantedScopes: SCOPES,
    });
    expect(await vault.service.test(vault.actor, connection.id)).toEqual({ ok: true });
    expect(requestsTo(emulator, 'GET', '/oauth/token/accessible-resources')).toBeGreaterThanOrEqual(2);
    const found = await search(connection.id);
    expect(found).toMatchObject({ issues: [{ self: expect.stringContaining(`/ex/jira/${emulator.cloudId}/rest/api/3/issue/`) }] });
    expect(requestsTo(emulator, 'POST', `/ex/jira/${emulator.cloudId}/rest/api/3/search/jql`)).toBe(1);
    await remember(connection.id);
  });

  it('takes the OAuth client from the operator (PATCHBAY_JIRA_CLIENT_ID / _CLIENT_SECRET)', async () => {
    const operated = await startVault({ connectors: [jira], operatorEnv: { PATCHBAY_JIRA_CLIENT_ID: emulator.clientId, PATCHBAY_JIRA_CLIENT_SECRET: CLIENT_SECRET } });
    try {
      const { result, connection } = await connectOAuth(operated, 'operated', { serverUrl: emulator.url });
      expect(result.ok).toBe(true);
      expect(connection).toMatchObject({ status: 'connected', instanceKey: emulator.cloudId, secretFieldsSet: [] });
      expect(JSON.stringify(operated.logs())).not.toContain(CLIENT_SECRET);
    } finally {
      await operated.close();
    }
  });

  it('refuses an OAuth connection without a client', async () => {
    await expect(vault.service.create(vault.actor, { connector: 'jira', name: 'no client', fields: { serverUrl: emulator.url } })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('PATCHBAY_JIRA_CLIENT_ID'),
    });
  });

  it('refreshes once when the token expires mid-run, twice in a row with the rotated refresh token', async () => {
    const { connection } = await connectOAuth(vault, 'expiring', { serverUrl: emulator.url, clientId: emulator.clientId, clientSecret: CLIENT_SECRET });
    const first = await storedSecrets(vault, connection.id);
    const refreshes = () => requestsTo(emulator, 'POST', '/oauth/token');
    const before = refreshes();

    expect((await control(emulator, 'POST', '/expire-tokens')).status).toBe(200);
    expect(await search(connection.id)).toMatchObject({ issues: [{ key: expect.stringMatching(/^PB-/) }] });
    expect(refreshes()).toBe(before + 1);
    const second = await storedSecrets(vault, connection.id);
    expect(second.oauth?.refreshToken).toBeDefined();
    expect(second.oauth?.refreshToken).not.toBe(first.oauth?.refreshToken);
    expect(second.oauth?.accessToken).not.toBe(first.oauth?.accessToken);
    await remember(connection.id);

    // Atlassian disabled the first refresh token when it answered: only the saved rotated one works.
    await control(emulator, 'POST', '/expire-tokens');
    expect(await search(connection.id)).toMatchObject({ issues: [{ key: expect.stringMatching(/^PB-/) }] });
    expect(refreshes()).toBe(before + 2);
    const third = await storedSecrets(vault, connection.id);
    expect(third.oauth?.refreshToken).not.toBe(second.oauth?.refreshToken);
    expect((await vault.service.get(vault.actor, connection.id)).status).toBe('connected');
    await remember(connection.id);
  });

  it("marks the connection needs_reauth when Atlassian answers the refresh with 403 invalid_grant", async () => {
    const revoking = await startJiraEmulator({ autoApprove: true, clientSecret: CLIENT_SECRET });
    try {
      const { connection } = await connectOAuth(vault, 'revoked', { serverUrl: revoking.url, clientId: revoking.clientId, clientSecret: CLIENT_SECRET });
      await remember(connection.id);
      // A reset forgets every token, as removing the app from the Atlassian account does.
      await control(revoking, 'POST', '/reset');
      await expect(search(connection.id)).rejects.toMatchObject({ code: 'needs_reauth' });
      const after = await vault.service.get(vault.actor, connection.id);
      expect(after.status).toBe('needs_reauth');
      expect(after.statusReason).toMatch(/Reconnect this connection/);
      expect(requestsTo(revoking, 'POST', '/oauth/token')).toBe(2);
    } finally {
      await revoking.close();
    }
  });
});

describe('sites', () => {
  let proxy: Awaited<ReturnType<typeof startJiraProxy>>;

  beforeAll(async () => {
    proxy = await startJiraProxy(emulator.url, { secondSite: true });
  });

  afterAll(async () => {
    await proxy.close();
  });

  const viaProxy = (site?: string) => ({ serverUrl: proxy.url, clientId: emulator.clientId, clientSecret: CLIENT_SECRET, ...(site === undefined ? {} : { site }) });

  it('asks which site when the grant reaches several, naming them', async () => {
    const { result, connection } = await connectOAuth(vault, 'two sites', viaProxy());
    expect(result).toMatchObject({ ok: false, code: 'test_failed' });
    expect(connection.status).toBe('error');
    expect(connection.statusReason).toContain('This Atlassian authorisation reaches several Jira sites');
    expect(connection.statusReason).toContain(`patchbay-demo (${emulator.url})`);
    expect(connection.statusReason).toContain(`other-team (${OTHER_SITE.url})`);
    expect(connection.statusReason).toContain('Set the Site field');
  });

  it('picks the site by name, URL or cloud id', async () => {
    for (const site of ['patchbay-demo', emulator.url, emulator.cloudId]) {
      const { result, connection } = await connectOAuth(vault, `site ${site}`, viaProxy(site));
      expect(result.ok).toBe(true);
      expect(connection.instanceKey).toBe(emulator.cloudId);
      expect(await search(connection.id)).toMatchObject({ issues: [{ key: expect.stringMatching(/^PB-/) }] });
    }
  });

  it('says so when the grant does not reach the chosen site', async () => {
    const { connection } = await connectOAuth(vault, 'elsewhere', viaProxy('acme'));
    expect(connection.status).toBe('error');
    expect(connection.statusReason).toContain('does not reach the Jira site "acme"; it reaches patchbay-demo');
  });
});

describe('email and API token', () => {
  it('signs in on the site with Basic auth, keyed by the same cloud id', async () => {
    const connection = await connectApiToken(vault, emulator, 'token');
    expect(connection).toMatchObject({
      status: 'connected',
      authKind: 'basic',
      identity: { label: emulator.email, id: emulator.accountId },
      instanceKey: emulator.cloudId,
      grantedScopes: [],
      secretFieldsSet: ['apiToken'],
    });
    const onSite = () => emulator.requests.filter((r) => r.method === 'POST' && r.path === '/rest/api/3/search/jql').length;
    const before = onSite();
    const found = await search(connection.id);
    expect(found).toMatchObject({ issues: [{ self: expect.stringMatching(new RegExp(`^${emulator.siteUrl}/rest/api/3/issue/`)) }] });
    // On the site itself, not through the gateway.
    expect(onSite()).toBe(before + 1);
    await remember(connection.id);
  });

  it('says the email and token were refused, and names the fields the option needs', async () => {
    const refused = await connectApiToken(vault, emulator, 'wrong token', { apiToken: 'canary-wrong-api-token-77aa' });
    secrets.add('canary-wrong-api-token-77aa');
    expect(refused.status).toBe('error');
    expect(refused.statusReason).toMatch(/^Jira refused the email and API token for the connected user \(Basic authentication with passwords is deprecated/);
    expect(refused.statusReason).toContain('Check both');
    await expect(vault.service.create(vault.actor, { connector: 'jira', name: 'incomplete', fields: { auth: 'apiToken', email: emulator.email } })).rejects.toMatchObject({
      code: 'invalid_input',
      details: [
        { path: 'fields.site', message: 'is required' },
        { path: 'fields.apiToken', message: 'is required' },
      ],
    });
  });
});

describe('rate limits', () => {
  it("waits out Jira's Retry-After and tries again", async () => {
    const connection = await connectApiToken(vault, emulator, 'limited');
    const before = requestsTo(emulator, 'POST', '/search/jql');
    await control(emulator, 'POST', '/rate-limit', { count: 1, retryAfter: 1 });
    const started = Date.now();
    expect(await search(connection.id)).toMatchObject({ issues: [{ key: expect.stringMatching(/^PB-/) }] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(requestsTo(emulator, 'POST', '/search/jql')).toBe(before + 2);
  });

  it('gives up with a retryable error naming Retry-After when the limit persists', async () => {
    const connection = await connectApiToken(vault, emulator, 'still limited');
    const before = requestsTo(emulator, 'POST', '/search/jql');
    await control(emulator, 'POST', '/rate-limit', { count: 3, retryAfter: 1 });
    await expect(search(connection.id)).rejects.toMatchObject({
      code: 'retryable',
      message: "Jira's rate limit is still exceeded for the JQL search (Retry-After: 1 s, jira-burst-based); it will be retried later.",
    });
    expect(requestsTo(emulator, 'POST', '/search/jql')).toBe(before + 3);
  });
});

describe('secrets', () => {
  it('never appear in logs, stored rows or action outputs', async () => {
    expect(secrets.size).toBeGreaterThan(6);
    const logs = vault.logs();
    expect(logs.length).toBeGreaterThan(0);
    const rows = JSON.stringify(await vault.store.db.selectFrom('connections').selectAll().execute());
    const audit = JSON.stringify(await vault.store.db.selectFrom('audit_log').selectAll().execute());
    const sessions = JSON.stringify(await vault.store.db.selectFrom('oauth_sessions').selectAll().execute());
    const views = JSON.stringify(await vault.service.list(vault.actor, { limit: 500 }));
    expect(outputs.length).toBeGreaterThan(5);
    for (const secret of secrets) {
      for (const [where, text] of Object.entries({ logs, rows, audit, sessions, views, outputs: JSON.stringify(outputs) })) {
        expect(text.includes(secret), `${where} contains a secret`).toBe(false);
      }
    }
  });
});
