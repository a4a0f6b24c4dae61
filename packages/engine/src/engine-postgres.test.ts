import { type TestDatabase, createTestDatabase, describeWithPostgres } from '@patchbay/testkit';
import { type EchoApp, startEchoApp } from '@patchbay/vault/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exampleRecipe } from './definition/testing.ts';
import { type EngineHarness, startEngine } from './testing/engine-harness.ts';

const example = exampleRecipe();

describeWithPostgres('the example recipe on PostgreSQL with the PostgreSQL queue', () => {
  let db: TestDatabase;
  let h: EngineHarness;
  let primary: EchoApp;
  let secondary: EchoApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    h = await startEngine({ databaseUrl: db.url });
    primary = await startEchoApp();
    secondary = await startEchoApp();
  });
  afterAll(async () => {
    await h?.close();
    await primary?.close();
    await secondary?.close();
    await db?.drop();
  });

  it('runs synchronously from a webhook, and through the queue when accepted', async () => {
    const { actor, service } = h.vault;
    const source = await service.create(actor, { connector: 'http', name: 'primary', fields: { baseUrl: primary.url } });
    const target = await service.create(actor, { connector: 'http', name: 'secondary', fields: { baseUrl: secondary.url } });
    const recipe = await h.engine.recipes.create(actor, example);
    await h.engine.recipes.bind(actor, recipe.id, { source: source.id, target: target.id });
    const started = await h.engine.recipes.start(actor, recipe.id, {});
    const token = (started.webhookUrl ?? '').split('/webhooks/')[1] ?? '';
    primary.script('/accounts/a1', { status: 200, body: { id: 'a1', name: 'Acme' } });
    const answer = await h.engine.webhook(token, { method: 'POST', headers: {}, query: {}, body: { accountId: 'a1' } });
    expect(answer).toMatchObject({ status: 200, body: { status: 200, body: { body: { name: 'Acme', origin: 'a1' } } } });

    const accepted = { ...example, trigger: { ...example.trigger, input: { response: 'accepted' } } };
    await h.engine.recipes.update(actor, recipe.id, accepted);
    await h.engine.recipes.stop(actor, recipe.id);
    const restarted = await h.engine.recipes.start(actor, recipe.id, {});
    primary.script('/accounts/a2', { status: 200, body: { id: 'a2', name: 'Beta' } });
    const queued = await h.engine.webhook((restarted.webhookUrl ?? '').split('/webhooks/')[1] ?? '', { method: 'POST', headers: {}, query: {}, body: { accountId: 'a2' } });
    expect(queued.status).toBe(202);
    const jobId = typeof queued.body === 'object' && queued.body !== null && 'jobId' in queued.body ? String(queued.body.jobId) : '';
    const job = await h.waitForJob(jobId, 20_000);
    expect(job.status).toBe('succeeded');
    expect(job.steps.map((s) => s.id)).toEqual(['lookup', 'copy']);
    expect(job.steps[1]?.input).toMatchObject({ body: { name: 'Beta', origin: 'a2' } });
  }, 40_000);
});
