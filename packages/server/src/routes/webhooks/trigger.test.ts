import { startEchoApp, type EchoApp } from '@patchbay/vault/testing';
import type { JobSummary, JobView, RecipeView } from '@patchbay/engine';
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
      // Run where it was accepted (the embedded store; jobs/local-runs.ts), so already running.
      expect(res.body).toMatchObject({ jobId: expect.stringMatching(/^job_/), status: 'running' });
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

/** Starts a recipe whose webhook answers with a `set` step's values, computed from the event. */
async function startEchoingRecipe(name: string, values: Record<string, unknown>): Promise<{ id: string; path: string }> {
  const definition = {
    name,
    connections: {},
    trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step' } },
    steps: [{ id: 'seen', type: 'set', values }],
  };
  const created = await server.api('/api/v1/recipes', { method: 'POST', json: definition });
  expect(created.status, created.text).toBe(201);
  const { id } = created.body as RecipeView;
  const started = await server.api(`/api/v1/recipes/${id}/start`, { method: 'POST' });
  expect(started.status, started.text).toBe(200);
  return { id, path: new URL((started.body as RecipeView).webhookUrl ?? '').pathname };
}

async function lastJob(recipeId: string): Promise<JobView> {
  const [summary] = ((await server.api(`/api/v1/recipes/${recipeId}/jobs`)).body as { jobs: JobSummary[] }).jobs;
  return (await server.api(`/api/v1/jobs/${summary?.id ?? ''}`)).body as JobView;
}

describe('the trigger event', () => {
  const CANARY = { bearer: 'caller-bearer-canary-4d1f', cookie: 'sid=caller-cookie-canary-9e2a', gitlab: 'gitlab-token-canary-71bc' };

  it('keeps the headers for mappings, names lower-cased, credentials masked for the steps and in history alike', async () => {
    const recipe = await startEchoingRecipe('Headers', {
      // JSONata quotes a name with dashes in backticks (`headers["x-signature"]` would be a filter).
      signature: '{{ trigger.headers.`x-signature` }}',
      custom: '{{ $lookup(trigger.headers, "x-custom-header") }}',
      authorization: '{{ trigger.headers.authorization }}',
      cookie: '{{ trigger.headers.cookie }}',
      gitlab: '{{ trigger.headers.`x-gitlab-token` }}',
    });
    const answer = await hook(recipe.path, {
      json: { id: 1 },
      headers: { authorization: `Bearer ${CANARY.bearer}`, cookie: CANARY.cookie, 'X-Gitlab-Token': CANARY.gitlab, 'X-Signature': 'sha256=abc123', 'X-Custom-Header': 'Mixed Case' },
    });
    expect(answer.status, answer.text).toBe(200);
    // Masked, not dropped: a mapping of Authorization reads "[redacted]" rather than failing as missing.
    expect(answer.body).toEqual({ signature: 'sha256=abc123', custom: 'Mixed Case', authorization: '[redacted]', cookie: '[redacted]', gitlab: '[redacted]' });

    const job = await lastJob(recipe.id);
    expect(job.trigger).toMatchObject({
      method: 'POST',
      headers: { authorization: '[redacted]', cookie: '[redacted]', 'x-gitlab-token': '[redacted]', 'x-signature': 'sha256=abc123', 'content-type': 'application/json' },
    });
    const stored = JSON.stringify(await server.store.db.selectFrom('jobs').selectAll().execute());
    for (const canary of Object.values(CANARY)) {
      expect(stored).not.toContain(canary);
      expect(server.logs()).not.toContain(canary);
    }
  });

  it('reads structured-syntax JSON types (CloudEvents, JSON:API) as JSON', async () => {
    const recipe = await startEchoingRecipe('CloudEvents', { type: '{{ trigger.body.type }}' });
    for (const type of ['application/cloudevents+json; charset=utf-8', 'application/vnd.api+json']) {
      const answer = await hook(recipe.path, { headers: { 'content-type': type }, body: '{"specversion":"1.0","type":"com.example.created"}' });
      expect(answer.status, `${type}: ${answer.text}`).toBe(200);
      expect(answer.body).toEqual({ type: 'com.example.created' });
    }
  });

  it('carries __proto__ and constructor keys of a body as plain data, to the steps and into history, polluting nothing', async () => {
    const recipe = await startEchoingRecipe('Hostile keys', { keys: '{{ $keys(trigger.body) }}', proto: '{{ trigger.body.__proto__ }}', body: '{{ trigger.body }}' });
    const hostile = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"id":"p1"}';
    const answer = await hook(recipe.path, { headers: { 'content-type': 'application/json' }, body: hostile });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toEqual({ keys: ['__proto__', 'constructor', 'id'], proto: { polluted: 'yes' }, body: JSON.parse(hostile) });
    const job = await lastJob(recipe.id);
    expect(job.trigger).toMatchObject({ body: JSON.parse(hostile) });
    expect(job.steps[0]?.output).toEqual({ keys: ['__proto__', 'constructor', 'id'], proto: { polluted: 'yes' }, body: JSON.parse(hostile) });
    expect(Reflect.get({}, 'polluted')).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });
});
