import type { JobView, RecipeView } from '@patchbay/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOperations } from '../testing/body-operations.ts';
import { rawRequest } from '../testing/raw-http.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { MAX_JSON_DEPTH } from './json-parser.ts';

/*
 * Deeply nested JSON used to reach code that recurses over it (JSON.stringify when a webhook's job
 * was stored, schema validation of a recipe) and answer 500 "Maximum call stack size exceeded".
 */
let server: TestServer;
let syncPath: string;
let acceptedPath: string;

async function startWebhookRecipe(response: 'last_step' | 'accepted'): Promise<string> {
  const created = await server.api('/api/v1/recipes', {
    method: 'POST',
    json: {
      name: `Echo (${response})`,
      connections: {},
      trigger: { connector: 'webhook', trigger: 'webhook', input: { response } },
      steps: [{ id: 'echo', type: 'set', values: { body: '{{ trigger.body }}' } }],
    },
  });
  expect(created.status, created.text).toBe(201);
  const started = await server.api(`/api/v1/recipes/${(created.body as RecipeView).id}/start`, { method: 'POST' });
  expect(started.status, started.text).toBe(200);
  return new URL((started.body as RecipeView).webhookUrl ?? '').pathname;
}

beforeAll(async () => {
  server = await startTestServer();
  syncPath = await startWebhookRecipe('last_step');
  acceptedPath = await startWebhookRecipe('accepted');
});
afterAll(() => server?.stop());

const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const objects = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
const jobCount = async () => ((await server.api('/api/v1/jobs?limit=500')).body as { jobs: unknown[] }).jobs.length;

describe(`JSON nested deeper than ${MAX_JSON_DEPTH}`, () => {
  it('is answered 400 too_deep by every operation that takes a body, webhooks included', async () => {
    const token = syncPath.split('/').at(-1) ?? '';
    const operations = await bodyOperations(server, { token });
    // The document lists the webhook's three methods and the routes that create, import and update recipes.
    expect(operations.map((o) => o.operationId)).toEqual(expect.arrayContaining(['triggerWebhook', 'triggerWebhookPut', 'triggerWebhookPatch']));
    expect(operations.length).toBeGreaterThan(10);
    const jobsBefore = await jobCount();
    for (const { method, path, operationId } of operations) {
      for (const body of [arrays(10_000), objects(10_000), `{"steps":[{"values":${objects(8_000)}}]}`]) {
        const res = await rawRequest(server.url, { method, path, headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body });
        expect(res.status, `${operationId}: ${res.text.slice(0, 200)}`).toBe(400);
        expect(res.body, operationId).toEqual({ error: { code: 'too_deep', message: expect.stringContaining(`${MAX_JSON_DEPTH} levels`), details: { maxDepth: MAX_JSON_DEPTH } } });
      }
    }
    // Refused at the door: the webhook stored no job for them.
    expect(await jobCount()).toBe(jobsBefore);
    expect(server.logs()).not.toMatch(/"level":(50|60)/);
  });

  it('is the limit the OpenAPI document states', async () => {
    const document = (await server.api('/api/openapi.json')).body as { info: { description: string } };
    expect(document.info.description).toContain(`at most ${MAX_JSON_DEPTH} levels deep: a deeper body is answered 400 too_deep`);
  });

  it('also in a body sent as application/*+json, and to an unknown webhook token', async () => {
    for (const [path, type] of [[acceptedPath, 'application/vnd.api+json'], ['/webhooks/wh_unknown', 'application/json']] as const) {
      const res = await rawRequest(server.url, { method: 'POST', path, headers: { 'content-type': type }, body: arrays(5_000) });
      expect([res.status, (res.body as { error?: { code?: string } }).error?.code], path).toEqual([400, 'too_deep']);
    }
  });
});

describe(`JSON nested up to ${MAX_JSON_DEPTH}`, () => {
  it('runs a webhook job whose output is as deep, records it, and answers it', async () => {
    const body = objects(MAX_JSON_DEPTH);
    const res = await rawRequest(server.url, { method: 'POST', path: syncPath, headers: { 'content-type': 'application/json' }, body });
    expect(res.status, res.text.slice(0, 200)).toBe(200);
    expect(res.body).toEqual({ body: JSON.parse(body) });
    const accepted = await rawRequest(server.url, { method: 'POST', path: acceptedPath, headers: { 'content-type': 'application/json' }, body });
    expect(accepted.status, accepted.text.slice(0, 200)).toBe(202);
    const { jobId } = accepted.body as { jobId: string };
    const job = await waitFor(async () => {
      const view = (await server.api(`/api/v1/jobs/${jobId}`)).body as JobView;
      return view.status === 'succeeded' ? view : undefined;
    });
    // Job history shows values to a depth of its own (redact.ts), past which it marks them.
    expect(job.trigger).toMatchObject({ body: { a: { a: { a: {} } } } });
    expect(server.logs()).not.toMatch(/"level":(50|60)/);
  });
});

/** Polls `read` until it returns a value (5 s at most). */
async function waitFor<T>(read: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
