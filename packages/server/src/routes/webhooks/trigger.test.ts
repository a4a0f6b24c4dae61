import { startEchoApp, type EchoApp } from '@patchbay/vault/testing';
import type { RecipeView } from '@patchbay/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpConnection, exampleRecipe } from '../../testing/example-recipe.ts';
import { expectClientError } from '../../testing/expect-error.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;
let app: EchoApp;
let recipe: RecipeView;
/** The path of the recipe's webhook URL while it ran (the test server's public URL has port 0). */
let webhookPath: string;

beforeAll(async () => {
  app = await startEchoApp();
  server = await startTestServer();
  // An accepted-response recipe: its webhook answers 202 without waiting for the job.
  const definition = { ...exampleRecipe(), name: 'Accepting recipe', trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'accepted' } } };
  const created = await server.api('/api/v1/recipes', { method: 'POST', json: definition });
  expect(created.status, created.text).toBe(201);
  const { id } = created.body as RecipeView;
  const a = await createHttpConnection(server, 'A', app.url);
  const b = await createHttpConnection(server, 'B', app.url);
  expect((await server.api(`/api/v1/recipes/${id}/connections`, { method: 'PUT', json: { source: a.id, target: b.id } })).status).toBe(200);
  const started = await server.api(`/api/v1/recipes/${id}/start`, { method: 'POST' });
  expect(started.status, started.text).toBe(200);
  recipe = started.body as RecipeView;
  webhookPath = new URL(recipe.webhookUrl ?? '').pathname;
});

afterAll(async () => {
  await server?.stop();
  await app?.close();
});

const hook = (path: string, init: RequestInit & { json?: unknown } = {}) => server.api(path, { method: 'POST', ...init, headers: { authorization: '', ...init.headers } });

describe('POST /webhooks/{token}', () => {
  it('answers 404 in the error envelope for an unknown token, on every method', async () => {
    for (const method of ['POST', 'PUT', 'PATCH']) {
      expectClientError(await hook('/webhooks/wh_unknownTokenValue000000000000000000000000000', { method, json: {} }), 404, 'not_found');
    }
    expectClientError(await hook(`/webhooks/${'x'.repeat(300)}`, { json: {} }), 404, 'not_found');
  });

  it('needs no API token and accepts JSON, an empty body and PUT/PATCH', async () => {
    for (const [method, init] of [
      ['POST', { json: { accountId: 'a1' } }],
      ['POST', {}],
      ['POST', { headers: { 'content-type': 'application/json' }, body: '' }],
      ['PUT', { json: [1, 2, 3] }],
      ['PATCH', { json: 'text' }],
    ] as const) {
      const res = await hook(`${webhookPath}?source=test`, { method, ...init });
      expect(res.status, `${method} ${res.text}`).toBe(202);
      expect(res.body).toMatchObject({ jobId: expect.stringMatching(/^job_/), status: 'queued' });
    }
    const jobs = await server.api(`/api/v1/recipes/${recipe.id}/jobs?limit=500`);
    expect((jobs.body as { jobs: unknown[] }).jobs).toHaveLength(5);
  });

  it('refuses bodies that are not JSON, over 1 MiB, or malformed, in the envelope', async () => {
    expectClientError(await hook(webhookPath, { headers: { 'content-type': 'text/plain' }, body: 'hello' }), 415, 'unsupported_media_type');
    expectClientError(await hook(webhookPath, { json: { blob: 'x'.repeat(1024 * 1024 + 10) } }), 413, 'payload_too_large');
    expectClientError(await hook(webhookPath, { headers: { 'content-type': 'application/json' }, body: '{"a":' }), 400, 'invalid_json');
  });

  it('never logs the token, whatever the method or outcome', async () => {
    const token = webhookPath.split('/').pop() ?? '';
    expect(token.length).toBeGreaterThan(40);
    await hook(webhookPath, { method: 'GET' });
    await hook(webhookPath.toUpperCase(), { json: {} });
    await hook(`/${webhookPath}`, { json: {} });
    const logs = server.logs();
    expect(logs).toContain('"path":"/webhooks/:token"');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(token.toUpperCase());
  });

  it('answers 404 once the recipe is stopped, and again after a restart of it', async () => {
    expect((await server.api(`/api/v1/recipes/${recipe.id}/stop`, { method: 'POST' })).status).toBe(200);
    expectClientError(await hook(webhookPath, { json: {} }), 404, 'not_found');
    const restarted = await server.api(`/api/v1/recipes/${recipe.id}/start`, { method: 'POST' });
    expect(new URL((restarted.body as RecipeView).webhookUrl ?? '').pathname).toBe(webhookPath);
    expect((await hook(webhookPath, { json: {} })).status).toBe(202);
  });
});
