import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, type Store } from '@patchbay/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnqueueBatcher } from './embedded-enqueue.ts';
import { EmbeddedJobs, queuedRow, type QueuedRow } from './embedded-jobs.ts';
import { checkEnqueue } from './queue.ts';

let dir: string;
let store: Store;
let jobs: EmbeddedJobs;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchbay-enqueue-'));
  store = createStore(`sqlite:${join(dir, 'q.db')}`);
  await store.migrate();
  jobs = new EmbeddedJobs(store);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const row = (id: string, name = 'run') => queuedRow(id, name, JSON.stringify({ id }), checkEnqueue(name, { group: 'g', groupConcurrency: 1 }));

/** Counts the INSERT statements (each its own commit) the batcher makes. */
function countingInserts(): { statements: number[] } {
  const seen = { statements: [] as number[] };
  const insertMany = jobs.insertMany.bind(jobs);
  jobs.insertMany = async (rows: QueuedRow[]) => {
    seen.statements.push(rows.length);
    await insertMany(rows);
  };
  return seen;
}

describe('grouped enqueue', () => {
  it('commits rows enqueued together in one statement, each call resolving once its row is stored, and wakes once per name', async () => {
    const seen = countingInserts();
    const woken: string[][] = [];
    const batcher = createEnqueueBatcher(jobs, (names) => woken.push([...names].sort()));
    const ids = Array.from({ length: 50 }, (_, i) => `job-${i}`);
    await Promise.all(
      ids.map(async (id, i) => {
        await batcher.add(row(id, i % 2 === 0 ? 'even' : 'odd'));
        // Resolved: the row is committed and visible to any reader.
        const counts = await jobs.counts(i % 2 === 0 ? 'even' : 'odd');
        expect(counts.queued).toBeGreaterThan(0);
      }),
    );
    expect(seen.statements).toEqual([50]);
    expect(woken).toEqual([['even', 'odd']]);
    expect((await jobs.counts()).queued).toBe(50);
  });

  it('claims the grouped rows in enqueue order', async () => {
    const batcher = createEnqueueBatcher(jobs, () => {});
    await Promise.all(['a', 'b', 'c'].map((id) => batcher.add(row(id))));
    const claimed = await jobs.claim('run', 10, 'owner', 30_000);
    // groupConcurrency 1: only the first of group "g".
    expect(claimed.map((j) => j.id)).toEqual(['a']);
  });

  it('rejects every caller of a batch whose commit fails, stores none of it, and keeps working after', async () => {
    const batcher = createEnqueueBatcher(jobs, () => {});
    await batcher.add(row('taken'));
    // The same id twice in one batch: the unique index fails the statement, so none of its rows is stored.
    const results = await Promise.allSettled([batcher.add(row('fresh')), batcher.add(row('taken'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await jobs.counts()).queued).toBe(1);
    await batcher.add(row('later'));
    expect((await jobs.counts()).queued).toBe(2);
  });
});
