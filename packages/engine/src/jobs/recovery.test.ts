import { isoIn } from '@patchbay/core';
import { Type, defineConnector } from '@patchbay/sdk';
import { type Store, createStore } from '@patchbay/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECIPE_JOB } from '../engine.ts';
import { type EngineHarness, startEngine } from '../testing/engine-harness.ts';
import { urlConnection } from '../testing/url-connection.ts';
import { recoverJobs } from './recovery.ts';
import { type JobRow, insertJob } from './store.ts';

// How many times each key's action ran: a job that runs twice shows up as 2.
const runs = new Map<string, number>();
const counter = defineConnector({
  key: 'counter',
  title: 'Counter',
  version: '1.0.0',
  connection: urlConnection,
  actions: {
    count: {
      title: 'Count',
      input: Type.Object({ key: Type.String(), ms: Type.Number() }),
      async run({ input }) {
        runs.set(input.key, (runs.get(input.key) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, input.ms));
        return { key: input.key };
      },
    },
  },
});

// Short enough for a quick test, long enough that a loaded machine still renews in time (every 333 ms).
const LEASE_MS = 1_000;
let h: EngineHarness;
let connectionId = '';

beforeAll(async () => {
  h = await startEngine({ connectors: [counter], jobLeaseMs: LEASE_MS });
  connectionId = (await h.vault.service.create(h.vault.actor, { connector: 'counter', name: 'counter', fields: { url: 'http://127.0.0.1:9' } })).id;
});
afterAll(() => h.close());

/** A running recipe whose one step counts runs of `key` (after `ms`); returns its id and webhook token. */
async function countingRecipe(key: string, ms = 0) {
  const { actor } = h.vault;
  const recipe = await h.engine.recipes.create(actor, {
    name: `count ${key}`,
    connections: { app: { connector: 'counter' } },
    trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'accepted' } },
    steps: [{ id: 'count', slot: 'app', action: 'count', input: { key, ms } }],
  });
  await h.engine.recipes.bind(actor, recipe.id, { app: connectionId });
  const started = await h.engine.recipes.start(actor, recipe.id, {});
  return { recipeId: recipe.id, token: (started.webhookUrl ?? '').split('/webhooks/')[1] ?? '' };
}

/** A job left `running` by a process that died: nobody renews its lease, which ends at `leaseUntil`. */
async function orphanedJob(recipeId: string, leaseUntil: string): Promise<JobRow> {
  const job = await insertJob(h.engine.store.db, { workspaceId: h.vault.actor.workspaceId, recipeId, version: 1, trigger: {}, status: 'running' });
  await h.vault.store.db.updateTable('jobs').set({ lease_until: leaseUntil }).where('id', '=', job.id).execute();
  return job;
}

describe('recovery of jobs whose process died', () => {
  let other: Store;
  beforeAll(() => {
    // A second connection to the same SQLite file, as another process would have.
    other = createStore(`sqlite:${h.vault.store.location}`);
  });
  afterAll(() => other.close());

  it('two sweeps racing hand a job whose lease ran out to the queue once, and it runs once', async () => {
    const { recipeId } = await countingRecipe('raced');
    const job = await orphanedJob(recipeId, isoIn(-1_000));
    const enqueuedByOther: string[] = [];
    const [mine, theirs] = await Promise.all([
      h.engine.recover(false),
      recoverJobs(other, async (row) => {
        enqueuedByOther.push(row.id);
        await h.queue.enqueue(RECIPE_JOB, { jobId: row.id }, { group: row.recipe_id, groupConcurrency: 10 });
      }, { includeQueued: false }),
    ]);
    expect(mine + theirs).toBe(1);
    expect(enqueuedByOther).toEqual(theirs === 1 ? [job.id] : []);
    expect(await h.waitForJob(job.id)).toMatchObject({ status: 'succeeded', result: { key: 'raced' } });
    expect(runs.get('raced')).toBe(1);
    // Nothing left to recover: a finished job is not swept again.
    expect(await h.engine.recover(false)).toBe(0);
  });

  it('the periodic sweep queues a job again about one lease after its process died, without a restart', async () => {
    h.engine.recovery.start();
    const { recipeId } = await countingRecipe('swept');
    const job = await orphanedJob(recipeId, isoIn(LEASE_MS));
    // The lease is still live: the job is left alone until it runs out.
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS / 2));
    expect((await h.engine.recipes.job(h.vault.actor, job.id)).status).toBe('running');
    expect(await h.waitForJob(job.id, 5_000)).toMatchObject({ status: 'succeeded', result: { key: 'swept' } });
    expect(runs.get('swept')).toBe(1);
  });

  it('a job that runs for several leases keeps its lease renewed: the sweep does not take it from its live process', async () => {
    h.engine.recovery.start();
    const { token } = await countingRecipe('long', 3 * LEASE_MS);
    const answer = await h.engine.webhook(token, { method: 'POST', headers: {}, query: {}, body: {} });
    const jobId = typeof answer.body === 'object' && answer.body !== null && 'jobId' in answer.body ? String(answer.body.jobId) : '';
    expect(answer.status).toBe(202);
    expect(await h.waitForJob(jobId, 10_000)).toMatchObject({ status: 'succeeded', result: { key: 'long' } });
    expect(runs.get('long')).toBe(1);
  });
});
