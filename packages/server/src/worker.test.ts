import { Writable } from 'node:stream';
import { createLogger, loadConfig } from '@patchbay/core';
import type { JobView, RecipeView } from '@patchbay/engine';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@patchbay/testkit';
import { generateMasterKey } from '@patchbay/vault';
import { startEchoApp, type EchoApp } from '@patchbay/vault/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpConnection, exampleRecipe } from './testing/example-recipe.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';
import { startWorker, type RunningWorker } from './worker.ts';

const MASTER_KEY = generateMasterKey();
let db: TestDatabase;
let web: TestServer;
let worker: RunningWorker | undefined;
let app: EchoApp;

describeWithPostgres('a web-only server and a patchbay worker on one PostgreSQL database', () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startEchoApp();
    web = await startTestServer({ workers: false, env: { PATCHBAY_DATABASE_URL: db.url, PATCHBAY_MASTER_KEY: MASTER_KEY } });
  });

  afterAll(async () => {
    await worker?.close();
    await web?.stop();
    await app?.close();
    await db?.drop();
  });

  async function jobStatus(id: string): Promise<JobView> {
    return (await web.api(`/api/v1/jobs/${id}`)).body as JobView;
  }

  it('the server accepts and queues the webhook; the worker process runs the job', async () => {
    const definition = { ...exampleRecipe(), trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'accepted' } } };
    const { id } = (await web.api('/api/v1/recipes', { method: 'POST', json: definition })).body as RecipeView;
    const source = await createHttpConnection(web, 'Primary', app.url);
    const target = await createHttpConnection(web, 'Secondary', app.url);
    await web.api(`/api/v1/recipes/${id}/connections`, { method: 'PUT', json: { source: source.id, target: target.id } });
    const started = await web.api(`/api/v1/recipes/${id}/start`, { method: 'POST' });
    expect(started.status, started.text).toBe(200);

    app.script('/accounts/a1', { status: 200, body: { name: 'Acme' } });
    const accepted = await web.api(new URL((started.body as RecipeView).webhookUrl ?? '').pathname, { method: 'POST', headers: { authorization: '' }, json: { accountId: 'a1' } });
    expect(accepted.status, accepted.text).toBe(202);
    const { jobId } = accepted.body as { jobId: string };
    // Nothing in the web process runs it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await jobStatus(jobId)).status).toBe('queued');

    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }) });
    const config = loadConfig({ PATCHBAY_DATABASE_URL: db.url, PATCHBAY_MASTER_KEY: MASTER_KEY, PATCHBAY_DATA_DIR: web.dataDir });
    worker = await startWorker(config, { logger, concurrency: 2 });
    expect(worker.store.dialect).toBe('postgres');

    let job = await jobStatus(jobId);
    for (let i = 0; i < 150 && !['succeeded', 'failed'].includes(job.status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = await jobStatus(jobId);
    }
    expect(job).toMatchObject({ status: 'succeeded', result: { status: 200, body: { body: { name: 'Acme', origin: 'a1' } } } });
    expect(job.steps.map((s) => s.id)).toEqual(['lookup', 'copy']);
    expect(lines.join('')).toContain('Patchbay worker is running');

    await worker.close();
    worker = undefined;
  });
});
