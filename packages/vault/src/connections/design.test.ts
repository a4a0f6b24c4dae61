import http from '@patchbay/connector-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogConnector } from '../testing/catalog-connector.ts';
import { type EchoApp, startEchoApp } from '../testing/echo-app.ts';
import { type VaultHarness, startVault } from '../testing/harness.ts';

const KEY = 'catalog-key-canary-51e2';

let vault: VaultHarness;
let app: EchoApp;

beforeAll(async () => {
  vault = await startVault({ connectors: [catalogConnector, http] });
  app = await startEchoApp({ apiKey: { header: 'X-API-Key', value: KEY } });
});
afterAll(async () => {
  await app.close();
  await vault.close();
});

const requestsTo = (suffix: string) => app.requests.filter((r) => r.url.endsWith(suffix)).length;

async function connect(extra: Record<string, unknown> = {}) {
  app.script('/tenant', { status: 200, body: { tenant: 'acme' } });
  return vault.service.create(vault.actor, { connector: 'catalog', name: 'catalog', fields: { baseUrl: app.url, apiKey: KEY, ...extra } });
}

describe('design-time data through a connection', () => {
  it('discovers the tenant before testing, and every later call uses it', async () => {
    const conn = await connect();
    expect(conn.status).toBe('connected');
    expect(app.requests.at(-1)?.url).toBe('/t/acme/me');
    await vault.service.picklist(vault.actor, conn.id, 'objects', {});
    expect(app.requests.at(-1)?.url).toBe('/t/acme/objects');
  });

  it('caches a pick list per connection and fetches it again on refresh', async () => {
    const conn = await connect();
    const before = requestsTo('/objects');
    const first = await vault.service.picklist(vault.actor, conn.id, 'objects', {});
    expect(first.map((o) => o.value)).toEqual(['Account', 'Invoice__c']);
    await vault.service.picklist(vault.actor, conn.id, 'objects', {});
    expect(requestsTo('/objects')).toBe(before + 1);
    await vault.service.picklist(vault.actor, conn.id, 'objects', {}, { refresh: true });
    expect(requestsTo('/objects')).toBe(before + 2);
  });

  it('validates a pick list’s params and caches per params', async () => {
    const conn = await connect();
    await expect(vault.service.picklist(vault.actor, conn.id, 'fields', {})).rejects.toMatchObject({ code: 'invalid_input', details: [{ path: 'params.object', message: 'is required' }] });
    await expect(vault.service.picklist(vault.actor, conn.id, 'fields', { object: 'Account', other: 'x' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(vault.service.picklist(vault.actor, conn.id, 'nope', {})).rejects.toMatchObject({ code: 'not_found' });
    const account = await vault.service.picklist(vault.actor, conn.id, 'fields', { object: 'Account' });
    const invoice = await vault.service.picklist(vault.actor, conn.id, 'fields', { object: 'Invoice__c' });
    expect(account).toEqual([{ value: 'Name', label: 'Account.Name' }]);
    expect(invoice).toEqual([{ value: 'Name', label: 'Invoice__c.Name' }]);
  });

  it('computes a dynamic schema from the configuration, caches it, and sees a new field after a refresh', async () => {
    const conn = await connect();
    const request = { action: 'create', config: { object: 'Invoice__c' } };
    const first = await vault.service.schemas(vault.actor, conn.id, request);
    expect(Object.keys(JSON.parse(JSON.stringify(first.input)).properties.record.properties)).toEqual(['Name']);
    expect(first.output).toMatchObject({ type: 'object', properties: { id: { type: 'string' } } });
    // The app gains a custom field while the connection exists.
    app.script('/t/acme/objects/Invoice__c/describe', { status: 200, body: { fields: ['Name', 'Amount__c'] } });
    const cached = await vault.service.schemas(vault.actor, conn.id, request);
    expect(Object.keys(JSON.parse(JSON.stringify(cached.input)).properties.record.properties)).toEqual(['Name']);
    const refreshed = await vault.service.schemas(vault.actor, conn.id, request, { refresh: true });
    expect(Object.keys(JSON.parse(JSON.stringify(refreshed.input)).properties.record.properties)).toEqual(['Name', 'Amount__c']);
  });

  it('refuses a schema request that names no member, the wrong inputs or a bad value', async () => {
    const conn = await connect();
    await expect(vault.service.schemas(vault.actor, conn.id, { config: {} })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(vault.service.schemas(vault.actor, conn.id, { action: 'create', trigger: 'x', config: {} })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(vault.service.schemas(vault.actor, conn.id, { action: 'missing', config: {} })).rejects.toMatchObject({ code: 'not_found' });
    await expect(vault.service.schemas(vault.actor, conn.id, { action: 'create', config: {} })).rejects.toMatchObject({ details: [{ path: 'config.object', message: 'is required' }] });
    await expect(vault.service.schemas(vault.actor, conn.id, { action: 'create', config: { object: 'A', record: {} } })).rejects.toMatchObject({
      details: [{ path: 'config.record' }],
    });
    await expect(vault.service.schemas(vault.actor, conn.id, { action: 'create', config: { object: '' } })).rejects.toMatchObject({ details: [{ path: 'config.object' }] });
    // A member without a dynamic schema answers its static schemas.
    const read = await vault.service.schemas(vault.actor, conn.id, { action: 'read', config: {} });
    expect(read.input).toMatchObject({ properties: { path: { type: 'string' } } });
  });

  it('answers 409 connection_required for pick lists and schemas until the connection works', async () => {
    app.script('/tenant', { status: 200, body: { tenant: 'broken' } });
    app.script('/t/broken/me', { status: 401 });
    const conn = await vault.service.create(vault.actor, { connector: 'catalog', name: 'broken', fields: { baseUrl: app.url, apiKey: KEY } });
    expect(conn.status).toBe('error');
    await expect(vault.service.picklist(vault.actor, conn.id, 'objects', {})).rejects.toMatchObject({ code: 'connection_required', status: 409 });
    await expect(vault.service.schemas(vault.actor, conn.id, { action: 'create', config: { object: 'Account' } })).rejects.toMatchObject({ code: 'connection_required' });
  });
});

describe('operator defaults', () => {
  it('fills a field from PATCHBAY_<KEY>_<FIELD> at every use, without storing it, and names the variable when it is missing', async () => {
    const withEnv = await startVault({ connectors: [catalogConnector], operatorEnv: { PATCHBAY_CATALOG_API_KEY: KEY } });
    try {
      app.script('/tenant', { status: 200, body: { tenant: 'env' } });
      const conn = await withEnv.service.create(withEnv.actor, { connector: 'catalog', name: 'from env', fields: { baseUrl: app.url } });
      expect(conn.status).toBe('connected');
      expect(conn.secretFieldsSet).toEqual([]);
      expect(app.requests.at(-1)?.headers['x-api-key']).toBe(KEY);
      expect(JSON.stringify(await withEnv.store.db.selectFrom('connections').selectAll().execute())).not.toContain(KEY);
    } finally {
      await withEnv.close();
    }
    await expect(vault.service.create(vault.actor, { connector: 'catalog', name: 'no key', fields: { baseUrl: app.url } })).rejects.toMatchObject({
      code: 'invalid_input',
      details: [{ path: 'fields.apiKey', message: 'is required (or the operator sets PATCHBAY_CATALOG_API_KEY)' }],
    });
  });
});

describe('OAuth URLs over plain http', () => {
  const oauthFields = (host: string) => ({ auth: 'oauth2', baseUrl: `http://${host}/api/`, authorizationUrl: `http://${host}/authorize`, tokenUrl: `http://${host}/token`, clientId: 'c' });

  it('allows loopback hosts, refuses others when the connection is saved, and allows hosts the operator names', async () => {
    for (const host of ['127.0.0.1:9', '127.0.0.2:9', 'localhost:9', '[::1]:9']) {
      const conn = await vault.service.create(vault.actor, { connector: 'http', name: host, fields: oauthFields(host) });
      expect(conn.status).toBe('disconnected');
    }
    const refused = vault.service.create(vault.actor, { connector: 'http', name: 'remote', fields: oauthFields('auth.example.com') });
    await expect(refused).rejects.toMatchObject({ code: 'invalid_input', status: 400 });
    await expect(refused).rejects.toThrow(/PATCHBAY_ALLOW_HTTP_HOSTS/);
    const allowed = await startVault({ connectors: [http], allowHttpHosts: ['auth.example.com'] });
    try {
      const conn = await allowed.service.create(allowed.actor, { connector: 'http', name: 'remote', fields: oauthFields('auth.example.com') });
      expect(conn.status).toBe('disconnected');
    } finally {
      await allowed.close();
    }
  });

  it('refuses an update that moves OAuth endpoints to plain http elsewhere', async () => {
    const conn = await vault.service.create(vault.actor, { connector: 'http', name: 'moving', fields: oauthFields('127.0.0.1:9') });
    await expect(vault.service.update(vault.actor, conn.id, { fields: { tokenUrl: 'http://auth.example.com/token' } })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
