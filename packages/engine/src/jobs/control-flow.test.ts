import http from '@patchbay/connector-http';
import { RetryableError, Type, defineConnector } from '@patchbay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startEngine } from '../testing/engine-harness.ts';
import { urlConnection } from '../testing/url-connection.ts';
import { pruneJobs } from './retention.ts';
import { insertJob } from './store.ts';

// A connector whose action fails with a retryable error a given number of times per key.
const failures = new Map<string, number>();
const flaky = defineConnector({
  key: 'flaky',
  title: 'Flaky',
  version: '1.0.0',
  connection: urlConnection,
  actions: {
    slow: {
      title: 'Slow',
      input: Type.Object({ ms: Type.Number() }),
      async run({ input }) {
        await new Promise((resolve) => setTimeout(resolve, input.ms));
        return { sleptMs: input.ms };
      },
    },
    call: {
      title: 'Call',
      input: Type.Object({ key: Type.String(), failTimes: Type.Number(), fatal: Type.Optional(Type.Boolean()) }),
      async run({ input }) {
        const seen = failures.get(input.key) ?? 0;
        failures.set(input.key, seen + 1);
        if (input.fatal) throw new Error(`fatal failure for ${input.key}`);
        if (seen < input.failTimes) throw new RetryableError(`busy (${seen + 1})`);
        return { key: input.key, calls: seen + 1 };
      },
    },
  },
});

let h: EngineHarness;
let connectionId = '';
beforeAll(async () => {
  h = await startEngine({ connectors: [http, flaky] });
  connectionId = (await h.vault.service.create(h.vault.actor, { connector: 'flaky', name: 'flaky', fields: { url: 'http://127.0.0.1:9' } })).id;
});
afterAll(() => h.close());

async function run(steps: unknown[], body: unknown = {}) {
  const { actor } = h.vault;
  const recipe = await h.engine.recipes.create(actor, {
    name: 'flow',
    connections: { app: { connector: 'flaky' } },
    trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step' } },
    steps,
  });
  await h.engine.recipes.bind(actor, recipe.id, { app: connectionId });
  const started = await h.engine.recipes.start(actor, recipe.id, {});
  const answer = await h.engine.webhook((started.webhookUrl ?? '').split('/webhooks/')[1] ?? '', { method: 'POST', headers: {}, query: {}, body });
  const [summary] = (await h.engine.recipes.jobs(actor, recipe.id, { limit: 1 })).items;
  return { answer, job: await h.engine.recipes.job(actor, summary?.id ?? ''), recipeId: recipe.id };
}

describe('control flow', () => {
  it('if chooses a branch from a condition', async () => {
    const steps = [
      { id: 'check', type: 'if', condition: '{{ trigger.body.amount > 100 }}', then: [{ id: 'big', type: 'set', values: { size: 'big' } }], else: [{ id: 'small', type: 'set', values: { size: 'small' } }] },
      { id: 'out', type: 'set', values: { size: '{{ steps.big.output.size ? steps.big.output.size : steps.small.output.size }}' } },
    ];
    expect((await run(steps, { amount: 500 })).answer.body).toEqual({ size: 'big' });
    const small = await run(steps, { amount: 5 });
    expect(small.answer.body).toEqual({ size: 'small' });
    expect(small.job.steps.map((s) => s.path)).toEqual(['steps[0].else[0]', 'steps[0]', 'steps[1]']);
  });

  it('foreach runs its steps per item with a concurrency limit and collects the outputs in order', async () => {
    const { answer, job } = await run(
      [
        { id: 'each', type: 'foreach', items: '{{ trigger.body.items }}', concurrency: 3, steps: [{ id: 'double', type: 'set', values: { n: '{{ item * 2 }}', at: '{{ index }}' } }] },
        { id: 'out', type: 'set', values: { all: '{{ steps.each.output.double.n }}' } },
      ],
      { items: [1, 2, 3, 4, 5] },
    );
    expect(answer.body).toEqual({ all: [2, 4, 6, 8, 10] });
    expect(job.steps.filter((s) => s.id === 'double').map((s) => s.iteration).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('retries a retryable action error with back-off, and records the attempts', async () => {
    const { answer, job } = await run([{ id: 'call', slot: 'app', action: 'call', input: { key: 'retry-1', failTimes: 2 }, retry: { maxAttempts: 3, delayMs: 10 } }]);
    expect(answer.body).toEqual({ key: 'retry-1', calls: 3 });
    expect(job.steps[0]).toMatchObject({ status: 'succeeded', attempts: 3 });
  });

  it('try retries its block, then runs catch with the error in scope', async () => {
    const { answer, job } = await run([
      {
        id: 'guard',
        type: 'try',
        retries: 1,
        steps: [{ id: 'call', slot: 'app', action: 'call', input: { key: 'fatal-1', failTimes: 0, fatal: true } }],
        catch: [{ id: 'fallback', type: 'set', values: { recovered: true, why: '{{ error.message }}' } }],
      },
      { id: 'out', type: 'set', values: { why: '{{ steps.fallback.output.why }}' } },
    ]);
    expect(answer.body).toEqual({ why: expect.stringContaining('fatal failure for fatal-1') });
    expect(job.status).toBe('succeeded');
    expect(job.steps.filter((s) => s.id === 'call')).toHaveLength(2);
  });

  it('stop ends the job early with a result, or as failed with a reason', async () => {
    const ok = await run([{ id: 'end', type: 'stop', result: { done: '{{ trigger.body.n }}' } }, { id: 'never', type: 'set', values: { x: 1 } }], { n: 7 });
    expect(ok.answer.body).toEqual({ done: 7 });
    expect(ok.job.steps.map((s) => s.id)).toEqual(['end']);
    const failed = await run([{ id: 'end', type: 'stop', failed: true, reason: 'Nothing to do for this account.' }]);
    expect(failed.answer.status).toBe(502);
    expect(failed.job).toMatchObject({ status: 'failed', error: { code: 'stopped', message: 'Nothing to do for this account.' } });
  });

  it('a failing step fails the job with the step named, and later steps do not run', async () => {
    const { answer, job } = await run([
      { id: 'call', slot: 'app', action: 'call', input: { key: 'fatal-2', failTimes: 0, fatal: true } },
      { id: 'after', type: 'set', values: { x: 1 } },
    ]);
    expect(answer.status).toBe(502);
    expect(job).toMatchObject({ status: 'failed', error: { code: 'action_failed', step: 'call' } });
    expect(job.steps.map((s) => [s.id, s.status])).toEqual([['call', 'failed']]);
  });

  it('caps a large step output in history, marking the truncation', async () => {
    const big = 'x'.repeat(100_000);
    const { answer, job } = await run([{ id: 'big', type: 'set', values: { blob: '{{ trigger.body.blob }}', password: 'p4ss' } }], { blob: big });
    expect(answer.body).toMatchObject({ blob: big });
    expect(job.steps[0]?.output).toMatchObject({ truncated: true, bytes: expect.any(Number) });
    expect(JSON.stringify(job.steps[0]?.output).length).toBeLessThan(5000);
    const small = await run([{ id: 'secretive', type: 'set', values: { password: 'p4ss-canary', apiKey: 'k-canary', ok: 1 } }]);
    expect(small.job.steps[0]?.output).toEqual({ password: '[redacted]', apiKey: '[redacted]', ok: 1 });
  });
});

describe('job history retention', () => {
  it('keeps at most N finished jobs per recipe and none older than the age limit', async () => {
    const { recipeId } = await run([{ id: 'a', type: 'set', values: { x: 1 } }]);
    const { actor } = h.vault;
    const recipe = await h.engine.recipes.get(actor, recipeId);
    const hook = (recipe.webhookUrl ?? '').split('/webhooks/')[1] ?? '';
    for (let i = 0; i < 5; i++) await h.engine.webhook(hook, { method: 'POST', headers: {}, query: {}, body: {} });
    expect((await h.engine.recipes.jobs(actor, recipeId, { limit: 100 })).items).toHaveLength(6);
    await pruneJobs(h.vault.store, { maxAgeDays: 30, maxPerRecipe: 4 });
    expect((await h.engine.recipes.jobs(actor, recipeId, { limit: 100 })).items).toHaveLength(4);
    await h.vault.store.db.updateTable('jobs').set({ created_at: '2000-01-01T00:00:00.000Z' }).where('recipe_id', '=', recipeId).execute();
    await pruneJobs(h.vault.store, { maxAgeDays: 30, maxPerRecipe: 4 });
    expect((await h.engine.recipes.jobs(actor, recipeId, { limit: 100 })).items).toHaveLength(0);
  });
});

describe('cancelling a job', () => {
  it('a queued job can be cancelled and then never runs; a finished one cannot', async () => {
    const { recipeId } = await run([{ id: 'a', type: 'set', values: { x: 1 } }]);
    const { actor } = h.vault;
    const [finished] = (await h.engine.recipes.jobs(actor, recipeId, { limit: 1 })).items;
    await expect(h.engine.recipes.cancel(actor, finished?.id ?? '')).rejects.toMatchObject({ code: 'job_not_queued', status: 409 });
    // A job stored but not yet handed to a worker, as after a crash before enqueueing.
    const queued = await insertJob(h.engine.store.db, { workspaceId: actor.workspaceId, recipeId, version: 1, trigger: {}, status: 'queued' });
    expect(await h.engine.recipes.cancel(actor, queued.id)).toMatchObject({ id: queued.id, status: 'cancelled' });
    expect(await h.engine.executor.runQueued(queued.id)).toBeUndefined();
    expect((await h.engine.recipes.job(actor, queued.id)).status).toBe('cancelled');
  });
});

describe('synchronous webhooks that take too long', () => {
  it('answer 202 at the timeout and let the job finish', async () => {
    const { actor } = h.vault;
    const recipe = await h.engine.recipes.create(actor, {
      name: 'slow',
      connections: { app: { connector: 'flaky' } },
      trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step', timeoutMs: 100 } },
      steps: [{ id: 'wait', slot: 'app', action: 'slow', input: { ms: 400 } }],
    });
    await h.engine.recipes.bind(actor, recipe.id, { app: connectionId });
    const started = await h.engine.recipes.start(actor, recipe.id, {});
    const answer = await h.engine.webhook((started.webhookUrl ?? '').split('/webhooks/')[1] ?? '', { method: 'POST', headers: {}, query: {}, body: {} });
    expect(answer).toMatchObject({ status: 202, body: { status: 'running' } });
    const jobId = typeof answer.body === 'object' && answer.body !== null && 'jobId' in answer.body ? String(answer.body.jobId) : '';
    expect((await h.engine.recipes.job(actor, jobId)).status).toBe('running');
    expect(await h.waitForJob(jobId)).toMatchObject({ status: 'succeeded', result: { sleptMs: 400 } });
  });
});

describe('recovery of accepted events', () => {
  it('runs jobs that were stored but never queued, and jobs whose runner died', async () => {
    const { recipeId } = await run([{ id: 'a', type: 'set', values: { seen: '{{ trigger.n }}' } }]);
    const { actor } = h.vault;
    const orphan = await insertJob(h.engine.store.db, { workspaceId: actor.workspaceId, recipeId, version: 1, trigger: { n: 1 }, status: 'queued' });
    const crashed = await insertJob(h.engine.store.db, { workspaceId: actor.workspaceId, recipeId, version: 1, trigger: { n: 2 }, status: 'running' });
    await h.vault.store.db.updateTable('jobs').set({ lease_until: new Date(Date.now() - 1000).toISOString() }).where('id', '=', crashed.id).execute();
    expect(await h.engine.recover(true)).toBeGreaterThanOrEqual(2);
    expect(await h.waitForJob(orphan.id)).toMatchObject({ status: 'succeeded', result: { seen: 1 } });
    expect(await h.waitForJob(crashed.id)).toMatchObject({ status: 'succeeded', result: { seen: 2 } });
  });
});
