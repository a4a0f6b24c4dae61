import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, type Store } from '@patchbay/store';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedJobs } from './embedded-jobs.ts';
import { createEmbeddedQueue } from './embedded-queue.ts';
import { checkEnqueue, type Job, type Queue } from './queue.ts';
import { startWorker, type WorkerChild } from './testing/child.ts';
import { sleep, waitFor } from '@patchbay/testkit';
import { queueContract } from './testing/contract.ts';

let dir: string;
let file: string;
let stores: Store[] = [];

async function openStore(): Promise<Store> {
  const store = createStore(`sqlite:${file}`);
  await store.migrate();
  stores.push(store);
  return store;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'patchbay-queue-'));
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('embedded queue: the Queue contract', () => {
  let n = 0;
  // A fresh file per test; reopening within a test (the "restart") sees the same file.
  beforeEach(() => {
    file = join(dir, `contract-${n++}.db`);
  });
  queueContract({
    retryBaseMs: 100,
    async create() {
      const queue = createEmbeddedQueue(await openStore(), { pollIntervalMs: 20, retryDelayMs: 100, leaseMs: 2_000 });
      await queue.start();
      return queue;
    },
  });
});

describe('embedded queue: leases and crashes', () => {
  let children: WorkerChild[] = [];
  let queues: Queue[] = [];
  afterEach(async () => {
    for (const child of children) child.proc.kill('SIGKILL');
    await Promise.all(queues.map((q) => q.stop({ timeoutMs: 1_000 })));
    children = [];
    queues = [];
  });

  it('runs jobs that were queued or running when their process was killed, after a restart', async () => {
    file = join(dir, 'crash.db');
    const producer = createEmbeddedQueue(await openStore());
    const hanging = await producer.enqueue('work', { hang: true });
    const child = startWorker({ QUEUE_KIND: 'embedded', QUEUE_URL: file, CONCURRENCY: '1', LEASE_MS: '1000' });
    children.push(child);
    expect(await child.line('started ')).toBe(`started ${hanging}`);
    // Queued behind the hanging job (the child runs one at a time): it must survive the crash too.
    const waiting = await producer.enqueue('work', { n: 2 });
    child.proc.kill('SIGKILL');
    expect(await child.exited).toBe('SIGKILL');
    expect(await producer.counts('work')).toEqual({ queued: 1, running: 1, succeeded: 0, dead: 0 });

    const restarted = createEmbeddedQueue(await openStore(), { pollIntervalMs: 20 });
    queues.push(restarted);
    const seen: Job[] = [];
    await restarted.work('work', async (job) => void seen.push(job), { concurrency: 2 });
    await restarted.start();
    await waitFor('both jobs to succeed', async () => (await restarted.counts('work')).succeeded === 2);
    expect(seen.map((j) => [j.id, j.attempt]).sort()).toEqual([[hanging, 2], [waiting, 1]].sort());
  });

  it('never takes a job whose lease is live, re-takes it after expiry, and kills it after its last attempt', async () => {
    file = join(dir, 'leases.db');
    const jobs = new EmbeddedJobs(await openStore());
    await jobs.insert('j1', 'lease', { a: 1 }, checkEnqueue('lease', { maxAttempts: 2 }));
    const [first] = await jobs.claim('lease', 5, 'process-a', 150);
    expect(first).toMatchObject({ id: 'j1', attempt: 1, owner: 'process-a' });
    expect(await jobs.claim('lease', 5, 'process-b', 150)).toEqual([]);
    await sleep(200);
    const [second] = await jobs.claim('lease', 5, 'process-b', 150);
    expect(second).toMatchObject({ id: 'j1', attempt: 2, owner: 'process-b' });
    // The first owner's late result must not settle the second run.
    await jobs.succeed(first!);
    expect(await jobs.counts('lease')).toMatchObject({ running: 1, succeeded: 0 });
    await sleep(200);
    expect(await jobs.claim('lease', 5, 'process-c', 150)).toEqual([]);
    expect(await jobs.counts('lease')).toEqual({ queued: 0, running: 0, succeeded: 0, dead: 1 });
  });

  it("claims each group's oldest due jobs up to the group's room, in enqueue order, whatever the backlog", async () => {
    file = join(dir, 'groups.db');
    const jobs = new EmbeddedJobs(await openStore());
    const queue = (id: string, group?: { group: string; groupConcurrency: number }) => jobs.insert(id, 'lanes', { id }, checkEnqueue('lanes', group));
    // A long backlog in a group of one, queued first: it must not crowd out the others.
    for (let i = 0; i < 300; i++) await queue(`a${i}`, { group: 'a', groupConcurrency: 1 });
    for (let i = 0; i < 4; i++) await queue(`b${i}`, { group: 'b', groupConcurrency: 2 });
    await queue('free0');
    await queue('free1');
    // A retry waiting for its back-off is passed over, and does not hold its group's place.
    await jobs.insert('c-later', 'lanes', {}, checkEnqueue('lanes', { group: 'c', groupConcurrency: 5, runAt: new Date(Date.now() + 60_000) }));
    await queue('c0', { group: 'c', groupConcurrency: 5 });

    const first = await jobs.claim('lanes', 10, 'p', 150);
    expect(first.map((j) => j.id)).toEqual(['a0', 'b0', 'b1', 'free0', 'free1', 'c0']);
    // Every group is full now; only b's room after a success is taken, in order.
    expect(await jobs.claim('lanes', 10, 'p', 150)).toEqual([]);
    await jobs.succeed(first.find((j) => j.id === 'b0')!);
    expect((await jobs.claim('lanes', 10, 'p', 150)).map((j) => j.id)).toEqual(['b2']);
    // The overall limit takes the oldest first.
    await jobs.succeed(first.find((j) => j.id === 'a0')!);
    await jobs.succeed(first.find((j) => j.id === 'b1')!);
    expect((await jobs.claim('lanes', 1, 'p', 150)).map((j) => j.id)).toEqual(['a1']);
  });

  it("takes back a group's expired jobs within the group's limit", async () => {
    file = join(dir, 'group-expiry.db');
    const jobs = new EmbeddedJobs(await openStore());
    for (let i = 0; i < 5; i++) await jobs.insert(`g${i}`, 'expiry', {}, checkEnqueue('expiry', { group: 'g', groupConcurrency: 2 }));
    expect((await jobs.claim('expiry', 10, 'dead-process', 100)).map((j) => j.id)).toEqual(['g0', 'g1']);
    await sleep(150);
    // Both leases ran out: those two are taken back, and nothing more of the group.
    const retaken = await jobs.claim('expiry', 10, 'p', 60_000);
    expect(retaken.map((j) => [j.id, j.attempt])).toEqual([['g0', 2], ['g1', 2]]);
    await jobs.succeed(retaken[0]!);
    expect((await jobs.claim('expiry', 10, 'p', 60_000)).map((j) => j.id)).toEqual(['g2']);
  });

  it('keeps groupConcurrency 1 across two queue instances on one file (as two processes would)', async () => {
    file = join(dir, 'two.db');
    const [a, b] = [createEmbeddedQueue(await openStore(), { pollIntervalMs: 10 }), createEmbeddedQueue(await openStore(), { pollIntervalMs: 10 })];
    queues.push(a, b);
    let running = 0;
    let overlap = 0;
    const order: number[] = [];
    const handler = async (job: Job<{ i: number }>) => {
      if (++running > 1) overlap++;
      order.push(job.payload.i);
      await sleep(15);
      running--;
    };
    await a.work('g', handler, { concurrency: 3 });
    await b.work('g', handler, { concurrency: 3 });
    await Promise.all([a.start(), b.start()]);
    for (let i = 0; i < 20; i++) await a.enqueue('g', { i }, { group: 'recipe-1', groupConcurrency: 1 });
    await waitFor('20 jobs', async () => (await a.counts('g')).succeeded === 20);
    expect(overlap).toBe(0);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
