import { type EchoApp, startEchoApp } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleRecipe } from './definition/testing.ts';
import { type EngineHarness, startEngine } from './testing/engine-harness.ts';

// The example of issue 3, exactly.
const example = exampleRecipe();

let h: EngineHarness;
let primary: EchoApp;
let secondary: EchoApp;

beforeAll(async () => {
  h = await startEngine();
  primary = await startEchoApp();
  secondary = await startEchoApp();
});
afterAll(async () => {
  await h.close();
  await primary.close();
  await secondary.close();
});

const token = (url: string | null) => (url ?? '').split('/webhooks/')[1] ?? '';

describe('the example recipe on the embedded store', () => {
  it('imports as it is, refuses to start unbound, then runs from a webhook with both steps recorded', async () => {
    const { actor, service } = h.vault;
    const recipe = await h.engine.recipes.create(actor, example);
    expect(await h.engine.recipes.exportDefinition(actor, recipe.id)).toEqual(example);

    await expect(h.engine.recipes.start(actor, recipe.id, {})).rejects.toMatchObject({
      code: 'connections_required',
      status: 409,
      details: [expect.objectContaining({ slot: 'source', reason: 'is not bound to a connection' }), expect.objectContaining({ slot: 'target' })],
    });

    const source = await service.create(actor, { connector: 'http', name: 'primary', fields: { baseUrl: primary.url } });
    const target = await service.create(actor, { connector: 'http', name: 'secondary', fields: { baseUrl: secondary.url } });
    await h.engine.recipes.bind(actor, recipe.id, { source: source.id, target: target.id });
    await service.disconnect(actor, target.id);
    await expect(h.engine.recipes.start(actor, recipe.id, {})).rejects.toMatchObject({
      code: 'connections_required',
      details: [expect.objectContaining({ slot: 'target', reason: expect.stringContaining('disconnected') })],
    });
    await service.test(actor, target.id);

    const started = await h.engine.recipes.start(actor, recipe.id, {});
    expect(started.status).toBe('running');
    expect(started.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:8080\/webhooks\/wh_/);

    primary.script('/accounts/a1', { status: 200, body: { id: 'a1', name: 'Acme' } });
    const answer = await h.engine.webhook(token(started.webhookUrl), { method: 'POST', headers: { authorization: 'Bearer caller-secret' }, query: {}, body: { accountId: 'a1' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 200, body: { method: 'POST', path: '/accounts', body: { name: 'Acme', origin: 'a1' } } });
    expect(secondary.requests.at(-1)?.body).toBe(JSON.stringify({ name: 'Acme', origin: 'a1' }));

    const [summary] = (await h.engine.recipes.jobs(actor, recipe.id, { limit: 10 })).items;
    const job = await h.engine.recipes.job(actor, summary?.id ?? '');
    expect(job.status).toBe('succeeded');
    expect(job.steps.map((s) => [s.id, s.status])).toEqual([['lookup', 'succeeded'], ['copy', 'succeeded']]);
    expect(job.steps[0]?.input).toEqual({ method: 'GET', path: '/accounts/a1' });
    expect(job.steps[1]?.output).toMatchObject({ status: 200 });
    expect(JSON.stringify(job.trigger)).not.toContain('caller-secret');
  });

  it('a running recipe keeps its version until restarted; accepted webhooks answer 202 and run on the queue', async () => {
    const { actor, service } = h.vault;
    const conn = await service.create(actor, { connector: 'http', name: 'app', fields: { baseUrl: primary.url } });
    const v1 = {
      name: 'Accepted',
      connections: { app: { connector: 'http' } },
      trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'accepted' } },
      steps: [{ id: 'tag', type: 'set', values: { version: 1, id: '{{ trigger.body.id }}' } }],
    };
    const recipe = await h.engine.recipes.create(actor, v1);
    await h.engine.recipes.bind(actor, recipe.id, { app: conn.id });
    const started = await h.engine.recipes.start(actor, recipe.id, {});
    await h.engine.recipes.update(actor, recipe.id, { ...v1, steps: [{ id: 'tag', type: 'set', values: { version: 2, id: '{{ trigger.body.id }}' } }] });

    const answer = await h.engine.webhook(token(started.webhookUrl), { method: 'POST', headers: {}, query: {}, body: { id: 'x1' } });
    expect(answer.status).toBe(202);
    const jobId = typeof answer.body === 'object' && answer.body !== null && 'jobId' in answer.body ? String(answer.body.jobId) : '';
    const done = await h.waitForJob(jobId);
    expect(done).toMatchObject({ status: 'succeeded', recipeVersion: 1, result: { version: 1, id: 'x1' } });

    await h.engine.recipes.stop(actor, recipe.id);
    await expect(h.engine.webhook(token(started.webhookUrl), { method: 'POST', headers: {}, query: {}, body: {} })).rejects.toMatchObject({ status: 404 });
    const restarted = await h.engine.recipes.start(actor, recipe.id, {});
    const again = await h.engine.webhook(token(restarted.webhookUrl), { method: 'POST', headers: {}, query: {}, body: { id: 'x2' } });
    const jobId2 = typeof again.body === 'object' && again.body !== null && 'jobId' in again.body ? String(again.body.jobId) : '';
    expect(await h.waitForJob(jobId2)).toMatchObject({ status: 'succeeded', recipeVersion: 2, result: { version: 2 } });

    const rerun = await h.engine.recipes.rerun(actor, jobId);
    expect(await h.waitForJob(rerun.id)).toMatchObject({ status: 'succeeded', rerunOf: jobId, result: { version: 2, id: 'x1' } });
    expect((await h.engine.recipes.versions(actor, recipe.id, { limit: 10 })).items.map((v) => [v.version, v.running])).toEqual([[2, true], [1, false]]);
    const first = await h.engine.recipes.versions(actor, recipe.id, { limit: 1 });
    expect(first.items.map((v) => v.version)).toEqual([2]);
    const rest = await h.engine.recipes.versions(actor, recipe.id, { limit: 1, cursor: first.next ?? '' });
    expect([rest.items.map((v) => v.version), rest.next]).toEqual([[1], null]);
  });

  it('refuses a recipe that references an unknown or later step, with the location', async () => {
    const bad = { ...example, steps: [{ ...example.steps[0], input: { method: 'GET', path: '/x/{{ steps.copy.output.body.id }}' } }, example.steps[1]] };
    await expect(h.engine.recipes.create(h.vault.actor, bad)).rejects.toMatchObject({
      code: 'invalid_input',
      details: expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining('steps[0].input.path') })]),
    });
  });
});
