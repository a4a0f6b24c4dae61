import { createBatchedCall, createStore, type Store } from '@patchbay/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimJobs, newJobRow } from './store.ts';

let store: Store;
beforeEach(async () => {
  store = createStore('sqlite::memory:');
  await store.migrate();
});
afterEach(async () => {
  await store.close();
});

const job = (status: 'queued' | 'running') => newJobRow({ workspaceId: 'default', recipeId: 'rcp_claims', version: 1, trigger: { n: 1 }, status });

describe('claimJobs', () => {
  it('claims each job once, even when a batch holds it twice, and says whether it had started before', async () => {
    const fresh = job('queued');
    const crashed = { ...job('running'), started_at: '2026-01-01T00:00:00.000Z', lease_until: '2026-01-01T00:00:30.000Z' };
    const live = job('running');
    await store.append('jobs', [fresh, crashed, live]);

    const claims = await claimJobs(store, [fresh.id, fresh.id, crashed.id, live.id, 'job_unknown'], 30_000);
    expect(claims.map((c) => c?.stored.id)).toEqual([fresh.id, undefined, crashed.id, undefined, undefined]);
    expect(claims[0]?.startedBefore).toBe(false);
    // A job taken over after a crash keeps its first start, and may have steps to resume after.
    expect(claims[2]).toMatchObject({ startedBefore: true, stored: { status: 'running', started_at: '2026-01-01T00:00:00.000Z' } });
    expect(claims[0]?.stored.lease_until && claims[0].stored.lease_until > new Date().toISOString()).toBe(true);
    // Claimed now: a second delivery gets nothing.
    expect(await claimJobs(store, [fresh.id, crashed.id], 30_000)).toEqual([undefined, undefined]);
  });
});

describe('createBatchedCall', () => {
  it('calls once for the items of one turn, answers each with its own result, and rejects a failed batch whole', async () => {
    const calls: number[][] = [];
    const double = createBatchedCall<number, number>(3, async (items) => {
      calls.push(items);
      if (items.includes(13)) throw new Error('unlucky batch');
      return items.map((n) => n * 2);
    });
    expect(await Promise.all([1, 2, 3, 4].map((n) => double.add(n)))).toEqual([2, 4, 6, 8]);
    expect(calls).toEqual([[1, 2, 3], [4]]);
    const failed = await Promise.allSettled([double.add(12), double.add(13)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await double.add(5)).toBe(10);
  });
});
