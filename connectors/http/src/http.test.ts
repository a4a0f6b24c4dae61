import { startEchoApp, startVault, type EchoApp, type VaultHarness } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from './index.ts';

const PASSWORD = 'canary-pw-7f3a9c1e';
const API_KEY = 'canary-key-51b2d8e0';
const TOKEN = 'canary-token-c4e6a7b9';

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

function lastRequest() {
  const last = app.requests.at(-1);
  if (!last) throw new Error('the app received no request');
  return last;
}

describe('HTTP connector auth kinds', () => {
  it('sends basic auth and reports the user', async () => {
    const conn = await vault.service.create(vault.actor, {
      connector: 'http',
      name: 'basic',
      fields: { auth: 'basic', baseUrl: `${app.url}/v1/`, username: 'integration', password: PASSWORD, testPath: 'me' },
    });
    expect(conn.status).toBe('connected');
    expect(conn.identity?.label).toBe('integration');
    expect(conn.secretFieldsSet).toEqual(['password']);
    expect(JSON.stringify(conn)).not.toContain(PASSWORD);
    expect(lastRequest().url).toBe('/v1/me');
    expect(lastRequest().headers.authorization).toBe(`Basic ${Buffer.from(`integration:${PASSWORD}`).toString('base64')}`);
  });

  it('sends an API key in the configured header', async () => {
    const conn = await vault.service.create(vault.actor, {
      connector: 'http',
      name: 'key',
      fields: { auth: 'apiKey', baseUrl: app.url, apiKey: API_KEY, apiKeyHeader: 'X-Custom-Key' },
    });
    const out = await vault.service.runAction(vault.actor, conn.id, 'request', { method: 'GET', path: '/things', query: { page: 2 } });
    expect(out).toMatchObject({ status: 200, body: { path: '/things', query: { page: '2' } } });
    expect(lastRequest().headers['x-custom-key']).toBe(API_KEY);
  });

  it('sends a bearer token and a JSON body', async () => {
    const conn = await vault.service.create(vault.actor, {
      connector: 'http',
      name: 'bearer',
      fields: { auth: 'bearer', baseUrl: app.url, token: TOKEN },
    });
    const out = await vault.service.runAction(vault.actor, conn.id, 'request', { method: 'POST', path: 'accounts', body: { name: 'Acme' } });
    expect(out).toMatchObject({ status: 200, body: { method: 'POST', body: { name: 'Acme' } } });
    expect(lastRequest().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(lastRequest().headers['content-type']).toBe('application/json');
  });

  it('refuses to send credentials to another host, by absolute URL or by redirect', async () => {
    const other = await startEchoApp();
    try {
      const conn = await vault.service.create(vault.actor, {
        connector: 'http',
        name: 'guarded',
        fields: { auth: 'bearer', baseUrl: app.url, token: TOKEN },
      });
      await expect(vault.service.runAction(vault.actor, conn.id, 'request', { method: 'GET', path: `${other.url}/steal` })).rejects.toMatchObject({
        code: 'host_not_allowed',
      });
      app.script('/moved', { status: 302, headers: { location: `${other.url}/steal` } });
      await expect(vault.service.runAction(vault.actor, conn.id, 'request', { method: 'GET', path: '/moved' })).rejects.toMatchObject({
        code: 'host_not_allowed',
      });
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('retries 429 and 503 honouring Retry-After', async () => {
    const conn = await vault.service.create(vault.actor, { connector: 'http', name: 'retry', fields: { baseUrl: app.url } });
    app.script('/busy', { status: 429, headers: { 'retry-after': '1' } }, { status: 503, headers: { 'retry-after': '0' } });
    const started = Date.now();
    const out = await vault.service.runAction(vault.actor, conn.id, 'request', { method: 'GET', path: '/busy' });
    expect(out).toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(app.requests.filter((r) => r.url === '/busy')).toHaveLength(3);
  });

  it('fails a request step on a 4xx answer with the status and a body excerpt, without secrets', async () => {
    const conn = await vault.service.create(vault.actor, { connector: 'http', name: 'strict', fields: { auth: 'bearer', baseUrl: app.url, token: TOKEN } });
    app.script('/accounts/missing', { status: 404, body: { error: 'no such account', echo: API_KEY, access_token: 'canary-echoed-5e1d' } });
    const err = await vault.service
      .runAction(vault.actor, conn.id, 'request', { method: 'GET', path: '/accounts/missing?api_key=canary-query-0c2f', headers: { 'X-Custom-Key': API_KEY } })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'app_not_found', status: 404, details: { appStatus: 404, appCode: 'NOT_FOUND', method: 'GET', path: '/accounts/missing' } });
    expect(String((err as Error).message)).toContain('no such account');
    expect(JSON.stringify({ message: (err as Error).message, details: (err as { details: unknown }).details })).not.toMatch(/canary-/);

    app.script('/accounts', { status: 422, body: { errors: { name: 'is required' } } });
    await expect(vault.service.runAction(vault.actor, conn.id, 'request', { method: 'POST', path: '/accounts', body: { name: null } })).rejects.toMatchObject({
      code: 'app_refused',
      status: 422,
      details: { appStatus: 422 },
    });
  });

  it('returns every answer as data with failOnStatus: false', async () => {
    const conn = await vault.service.create(vault.actor, { connector: 'http', name: 'lenient', fields: { baseUrl: app.url } });
    app.script('/maybe', { status: 404, body: { error: 'not here' } });
    const out = await vault.service.runAction(vault.actor, conn.id, 'request', { method: 'GET', path: '/maybe', failOnStatus: false });
    expect(out).toMatchObject({ status: 404, body: { error: 'not here' } });
  });

  it('sends a POST answered 502 once, failing the step, without idempotency keys', async () => {
    const conn = await vault.service.create(vault.actor, { connector: 'http', name: 'plain-post', fields: { baseUrl: app.url } });
    app.script('/orders', { status: 502, body: { error: 'bad gateway' } });
    const err = await vault.service.runAction(vault.actor, conn.id, 'request', { method: 'POST', path: '/orders', body: { sku: 'A1' } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'app_refused', details: { appStatus: 502 }, unsafeToRepeat: true });
    expect(app.requests.filter((r) => r.url === '/orders')).toHaveLength(1);
    expect(app.requests.at(-1)?.headers['idempotency-key']).toBeUndefined();
  });

  it('with idempotencyKeys on, sends the step key and retries a POST answered 502 with the same key', async () => {
    const conn = await vault.service.create(vault.actor, { connector: 'http', name: 'keyed', fields: { baseUrl: app.url, idempotencyKeys: true } });
    app.script('/charges', { status: 502 }, { status: 201, body: { id: 'ch_1' } });
    const out = await vault.service.runAction(vault.actor, conn.id, 'request', { method: 'POST', path: '/charges', body: { amount: 5 } }, { idempotencyKey: 'job_1:steps[0]' });
    expect(out).toMatchObject({ status: 201, body: { id: 'ch_1' } });
    const sent = app.requests.filter((r) => r.url === '/charges');
    expect(sent.map((r) => r.headers['idempotency-key'])).toEqual(['job_1:steps[0]', 'job_1:steps[0]']);
    // GET needs no key; a key the step sets itself is kept.
    await vault.service.runAction(vault.actor, conn.id, 'request', { method: 'GET', path: '/charges/ch_1' }, { idempotencyKey: 'job_1:steps[1]' });
    expect(app.requests.at(-1)?.headers['idempotency-key']).toBeUndefined();
    await vault.service.runAction(vault.actor, conn.id, 'request', { method: 'PATCH', path: '/charges/ch_1', headers: { 'idempotency-key': 'mine' }, body: {} }, { idempotencyKey: 'job_1:steps[2]' });
    expect(app.requests.at(-1)?.headers['idempotency-key']).toBe('mine');
  });

  it('marks a failing test as error with the reason, and recovers when fixed', async () => {
    const conn = await vault.service.create(vault.actor, {
      connector: 'http',
      name: 'wrong',
      fields: { auth: 'basic', baseUrl: app.url, username: 'u', password: PASSWORD, testPath: '/needs-auth' },
    });
    expect(conn.status).toBe('connected');
    app.script('/needs-auth', { status: 401 });
    expect(await vault.service.test(vault.actor, conn.id)).toEqual({ ok: false, message: 'GET /needs-auth answered 401; it must answer 2xx.' });
    expect((await vault.service.get(vault.actor, conn.id)).status).toBe('error');
    expect(await vault.service.test(vault.actor, conn.id)).toEqual({ ok: true });
    expect((await vault.service.get(vault.actor, conn.id)).status).toBe('connected');
  });

  it('refuses moving a connection to another instance unless confirmed', async () => {
    const other = await startEchoApp();
    try {
      const conn = await vault.service.create(vault.actor, { connector: 'http', name: 'moving', fields: { baseUrl: app.url } });
      expect(conn.instanceKey).toBe(app.url);
      await expect(vault.service.update(vault.actor, conn.id, { fields: { baseUrl: other.url } })).rejects.toMatchObject({ code: 'instance_mismatch', status: 409 });
      expect((await vault.service.get(vault.actor, conn.id)).fields.baseUrl).toBe(app.url);
      const moved = await vault.service.update(vault.actor, conn.id, { fields: { baseUrl: other.url }, confirmInstanceChange: true });
      expect(moved.instanceKey).toBe(other.url);
      expect(moved.id).toBe(conn.id);
    } finally {
      await other.close();
    }
  });

  it('names the missing fields of the chosen auth kind', async () => {
    await expect(vault.service.create(vault.actor, { connector: 'http', name: 'x', fields: { auth: 'basic', baseUrl: app.url } })).rejects.toMatchObject({
      code: 'invalid_input',
      details: [{ path: 'fields.username', message: 'is required' }, { path: 'fields.password', message: 'is required' }],
    });
    await expect(vault.service.create(vault.actor, { connector: 'http', name: 'x', fields: { baseUrl: app.url, bogus: 1 } })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('validates action input against the action schema', async () => {
    const conn = await vault.service.create(vault.actor, { connector: 'http', name: 'v', fields: { baseUrl: app.url } });
    await expect(vault.service.runAction(vault.actor, conn.id, 'request', { method: 'FETCH', path: '/' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(vault.service.runAction(vault.actor, conn.id, 'nope', {})).rejects.toMatchObject({ code: 'not_found' });
  });

  it('never writes secret values to the logs or the database in plaintext', async () => {
    const logs = vault.logs();
    for (const canary of [PASSWORD, API_KEY, TOKEN]) expect(logs).not.toContain(canary);
    const rows = await vault.store.db.selectFrom('connections').selectAll().execute();
    expect(JSON.stringify(rows)).not.toMatch(/canary-/);
    const audit = await vault.store.db.selectFrom('audit_log').selectAll().execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toMatch(/canary-/);
  });
});
