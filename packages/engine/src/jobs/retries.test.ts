import http from '@patchbay/connector-http';
import { RetryableError, Type, defineConnector } from '@patchbay/sdk';
import { type EchoApp, startEchoApp } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startEngine } from '../testing/engine-harness.ts';
import { urlConnection } from '../testing/url-connection.ts';

/** A connector written the way the vendor connectors are: a 5xx answer becomes a RetryableError. */
const writer = defineConnector({
  key: 'writer',
  title: 'Writer',
  version: '1.0.0',
  connection: urlConnection,
  actions: {
    send: {
      title: 'Send',
      input: Type.Object({ method: Type.Union([Type.Literal('GET'), Type.Literal('POST')]), path: Type.String(), timeoutMs: Type.Optional(Type.Number()) }),
      async run({ http: client, input }) {
        const res = await client.request({ method: input.method, path: input.path, body: input.method === 'POST' ? {} : undefined, ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}) });
        if (res.status >= 500) throw new RetryableError(`The app failed with ${res.status}; it will be retried.`);
        return res.body;
      },
    },
  },
});

let h: EngineHarness;
let app: EchoApp;
beforeAll(async () => {
  h = await startEngine({ connectors: [http, writer] });
  app = await startEchoApp();
});
afterAll(async () => {
  await h.close();
  await app.close();
});

async function run(connector: 'http' | 'writer', fields: Record<string, unknown>, steps: unknown[]) {
  const { actor, service } = h.vault;
  const conn = await service.create(actor, { connector, name: connector, fields: { [connector === 'http' ? 'baseUrl' : 'url']: app.url, ...fields } });
  const recipe = await h.engine.recipes.create(actor, {
    name: 'retries',
    connections: { app: { connector } },
    trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step' } },
    steps,
  });
  await h.engine.recipes.bind(actor, recipe.id, { app: conn.id });
  const started = await h.engine.recipes.start(actor, recipe.id, {});
  await h.engine.webhook((started.webhookUrl ?? '').split('/webhooks/')[1] ?? '', { method: 'POST', headers: {}, query: {}, body: {} });
  const [summary] = (await h.engine.recipes.jobs(actor, recipe.id, { limit: 1 })).items;
  return h.engine.recipes.job(actor, summary?.id ?? '');
}

const sentTo = (path: string) => app.requests.filter((r) => r.url === path);
const fast = { maxAttempts: 3, delayMs: 10 };

describe('step retries', () => {
  it('sends a POST answered 502 once without an idempotency key, and fails the step', async () => {
    app.script('/a/orders', { status: 502 }, { status: 502 }, { status: 502 });
    const job = await run('http', {}, [{ id: 'order', slot: 'app', action: 'request', input: { method: 'POST', path: '/a/orders', body: { sku: 'A1' } }, retry: fast }]);
    expect(job).toMatchObject({ status: 'failed', error: { code: 'app_refused', step: 'order' } });
    expect(sentTo('/a/orders')).toHaveLength(1);
  });

  it('retries it once it carries the step idempotency key: job id, step path', async () => {
    app.script('/b/orders', { status: 502 }, { status: 201, body: { id: 'o1' } });
    const job = await run('http', { idempotencyKeys: true }, [{ id: 'order', slot: 'app', action: 'request', input: { method: 'POST', path: '/b/orders', body: {} }, retry: fast }]);
    expect(job).toMatchObject({ status: 'succeeded', result: { status: 201, body: { id: 'o1' } } });
    expect(sentTo('/b/orders').map((r) => r.headers['idempotency-key'])).toEqual([`${job.id}:steps[0]`, `${job.id}:steps[0]`]);
  });

  it('fails a default request step on a 404, so the next step never sends what it did not find', async () => {
    app.script('/c/accounts/a1', { status: 404, body: { error: 'no such account' } });
    const job = await run('http', {}, [
      { id: 'lookup', slot: 'app', action: 'request', input: { method: 'GET', path: '/c/accounts/a1' } },
      { id: 'copy', slot: 'app', action: 'request', input: { method: 'POST', path: '/c/accounts', body: { name: '{{ steps.lookup.output.body.name }}' } } },
    ]);
    expect(job).toMatchObject({ status: 'failed', error: { code: 'app_not_found', step: 'lookup' } });
    expect(sentTo('/c/accounts')).toHaveLength(0);
  });

  it('does not retry a connector RetryableError after a POST answered 5xx, but does after a GET', async () => {
    app.script('/d/write', { status: 500 }, { status: 200 });
    const post = await run('writer', {}, [{ id: 'w', slot: 'app', action: 'send', input: { method: 'POST', path: '/d/write' }, retry: fast }]);
    expect(post).toMatchObject({ status: 'failed', error: { code: 'retryable' } });
    expect(sentTo('/d/write')).toHaveLength(1);

    app.script('/d/read', { status: 500 }, { status: 200 });
    const get = await run('writer', {}, [{ id: 'r', slot: 'app', action: 'send', input: { method: 'GET', path: '/d/read' }, retry: fast }]);
    expect(get.status).toBe('succeeded');
    expect(get.steps[0]).toMatchObject({ attempts: 2 });
    expect(sentTo('/d/read')).toHaveLength(2);
  });

  it('does not retry a POST that timed out after it was sent', async () => {
    app.script('/e/slow', { status: 200, delayMs: 1000 }, { status: 200, delayMs: 1000 });
    const job = await run('writer', {}, [{ id: 'w', slot: 'app', action: 'send', input: { method: 'POST', path: '/e/slow', timeoutMs: 150 }, retry: fast }]);
    expect(job).toMatchObject({ status: 'failed', error: { code: 'upstream_timeout' } });
    expect(sentTo('/e/slow')).toHaveLength(1);
  });

  it('never retries response_too_large', async () => {
    app.script('/f/huge', { status: 200, body: { data: 'x'.repeat(10 * 1024 * 1024 + 1024) } });
    const job = await run('http', {}, [{ id: 'big', slot: 'app', action: 'request', input: { method: 'GET', path: '/f/huge' }, retry: fast }]);
    expect(job).toMatchObject({ status: 'failed', error: { code: 'response_too_large' } });
    expect(sentTo('/f/huge')).toHaveLength(1);
  });

  it('try does not repeat a write that may have taken effect, and goes to catch', async () => {
    app.script('/g/orders', { status: 502 }, { status: 502 });
    const job = await run('http', {}, [
      {
        id: 'guard',
        type: 'try',
        retries: 2,
        steps: [{ id: 'order', slot: 'app', action: 'request', input: { method: 'POST', path: '/g/orders', body: {} } }],
        catch: [{ id: 'note', type: 'set', values: { failed: '{{ error.code }}' } }],
      },
    ]);
    expect(job).toMatchObject({ status: 'succeeded', result: { caught: true } });
    expect(sentTo('/g/orders')).toHaveLength(1);
  });

  it('gives each loop iteration its own key, nested loops included', async () => {
    const job = await run('http', { idempotencyKeys: true }, [
      {
        id: 'outer',
        type: 'foreach',
        items: '{{ [[1, 2], [3]] }}',
        steps: [{ id: 'inner', type: 'foreach', items: '{{ item }}', steps: [{ id: 'post', slot: 'app', action: 'request', input: { method: 'POST', path: '/h/items', body: { n: '{{ item }}' } } }] }],
      },
    ]);
    expect(job.status).toBe('succeeded');
    expect(sentTo('/h/items').map((r) => r.headers['idempotency-key'])).toEqual([
      `${job.id}:steps[0]@0.steps[0]@0.steps[0]`,
      `${job.id}:steps[0]@0.steps[0]@1.steps[0]`,
      `${job.id}:steps[0]@1.steps[0]@0.steps[0]`,
    ]);
  });
});
