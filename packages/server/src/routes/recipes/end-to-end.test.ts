import { startEchoApp, type EchoApp } from '@patchbay/vault/testing';
import type { JobSummary, JobView, RecipeView } from '@patchbay/engine';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@patchbay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_RECIPE_JSON, createHttpConnection } from '../../testing/example-recipe.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let primary: EchoApp;
let sandbox: EchoApp;

beforeAll(async () => {
  primary = await startEchoApp();
  sandbox = await startEchoApp();
});

afterAll(async () => {
  await primary?.close();
  await sandbox?.close();
});

/** The example recipe of the issue: two http connections (production and sandbox) of one connector. */
async function runExample(server: TestServer): Promise<void> {
  const imported = await server.api('/api/v1/recipes/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: EXAMPLE_RECIPE_JSON });
  expect(imported.status, imported.text).toBe(201);
  const { id } = imported.body as RecipeView;
  const source = await createHttpConnection(server, 'CRM (production)', primary.url);
  const target = await createHttpConnection(server, 'CRM (sandbox)', sandbox.url);
  const bound = await server.api(`/api/v1/recipes/${id}/connections`, { method: 'PUT', json: { source: source.id, target: target.id } });
  expect(bound.status, bound.text).toBe(200);
  const started = await server.api(`/api/v1/recipes/${id}/start`, { method: 'POST' });
  expect(started.status, started.text).toBe(200);
  const webhookPath = new URL((started.body as RecipeView).webhookUrl ?? '').pathname;

  primary.script('/accounts/a1', { status: 200, body: { id: 'a1', name: 'Acme Corp' } });
  const answer = await server.api(webhookPath, { method: 'POST', headers: { authorization: '' }, json: { accountId: 'a1' } });

  // response: "last_step": the answer is the output of the copy step, the sandbox's echo of the POST.
  expect(answer.status, answer.text).toBe(200);
  expect(answer.body).toMatchObject({ status: 200, body: { method: 'POST', path: '/accounts', body: { name: 'Acme Corp', origin: 'a1' } } });
  expect(primary.requests.map((r) => `${r.method} ${r.url}`)).toContain('GET /accounts/a1');
  expect(sandbox.requests.map((r) => [r.method, r.url, JSON.parse(r.body || 'null')])).toContainEqual(['POST', '/accounts', { name: 'Acme Corp', origin: 'a1' }]);

  const jobs = await server.api(`/api/v1/recipes/${id}/jobs`);
  const [summary] = (jobs.body as { jobs: JobSummary[] }).jobs;
  expect(summary).toMatchObject({ recipeId: id, recipeVersion: 1, status: 'succeeded' });
  const job = (await server.api(`/api/v1/jobs/${summary?.id ?? ''}`)).body as JobView;
  expect(job).toMatchObject({ status: 'succeeded', trigger: { method: 'POST', body: { accountId: 'a1' } }, error: null });
  expect(job.steps).toEqual([
    expect.objectContaining({
      id: 'lookup',
      status: 'succeeded',
      input: { method: 'GET', path: '/accounts/a1' },
      output: expect.objectContaining({ status: 200, body: { id: 'a1', name: 'Acme Corp' } }),
    }),
    expect.objectContaining({
      id: 'copy',
      status: 'succeeded',
      input: { method: 'POST', path: '/accounts', body: { name: 'Acme Corp', origin: 'a1' } },
      output: expect.objectContaining({ status: 200, body: expect.objectContaining({ body: { name: 'Acme Corp', origin: 'a1' } }) }),
    }),
  ]);
  expect(job.result).toEqual(answer.body);

  // A re-run is queued (202), runs on the worker of this process with the same trigger event, and succeeds.
  primary.script('/accounts/a1', { status: 200, body: { id: 'a1', name: 'Acme Corp' } });
  const rerun = await server.api(`/api/v1/jobs/${job.id}/rerun`, { method: 'POST' });
  expect(rerun.status, rerun.text).toBe(202);
  const rerunId = (rerun.body as JobSummary).id;
  expect(rerun.body).toMatchObject({ rerunOf: job.id, status: 'queued' });
  let finished: JobView | undefined;
  for (let i = 0; i < 100 && !finished; i++) {
    const view = (await server.api(`/api/v1/jobs/${rerunId}`)).body as JobView;
    if (['succeeded', 'failed', 'cancelled'].includes(view.status)) finished = view;
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Same event, same outcome; the app's answer headers (Date) may differ by a second.
  expect(finished).toMatchObject({
    status: 'succeeded',
    rerunOf: job.id,
    result: { status: 200, body: { method: 'POST', path: '/accounts', body: { name: 'Acme Corp', origin: 'a1' } } },
  });
}

describe('the example recipe end to end on the embedded store', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it('imported, bound to two connections of one connector, started, triggered by webhook, its job inspected', () => runExample(server));
});

describeWithPostgres('the example recipe end to end on PostgreSQL', () => {
  let db: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({ env: { PATCHBAY_DATABASE_URL: db.url } });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('imported, bound to two connections of one connector, started, triggered by webhook, its job inspected', () => runExample(server));
});
