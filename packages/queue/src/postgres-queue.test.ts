import { createTestDatabase, describeWithPostgres, sleep, type TestDatabase, waitFor } from '@patchbay/testkit';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresQueue } from './postgres-queue.ts';
import type { Queue } from './queue.ts';
import { startWorker, type WorkerChild } from './testing/child.ts';
import { queueContract } from './testing/contract.ts';

describeWithPostgres('PostgreSQL queue (pg-boss)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  describe('the Queue contract', () => {
    queueContract({
      retryBaseMs: 1_000,
      async create() {
        const queue = createPostgresQueue(database.url, { pollIntervalMs: 50, retryDelaySeconds: 1, maintenanceIntervalSeconds: 1, leaseSeconds: 5 });
        await queue.start();
        return queue;
      },
    });
  });

  describe('a new group', () => {
    it('its first jobs enqueued all at once, from two processes, create its lanes without failing', async () => {
      const options = { pollIntervalMs: 50, maintenanceIntervalSeconds: 1 };
      const [a, b] = [createPostgresQueue(database.url, options), createPostgresQueue(database.url, options)];
      await Promise.all([a.start(), b.start()]);
      try {
        // Concurrent pg-boss queue creations deadlocked (40P01) and the enqueue failed.
        const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).enqueue('burst', { i }, { group: 'new-recipe', groupConcurrency: 10 })));
        expect(new Set(ids).size).toBe(40);
        expect((await a.counts('burst')).queued).toBe(40);
        // Spread over the lanes: every enqueue of the burst read the sizes before the others stored
        // their jobs, and all of them took the first least-loaded lane (a fraction of the lanes used).
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        const lanes = (await client.query<{ n: number }>("SELECT count(DISTINCT name)::int AS n FROM pgboss.job WHERE starts_with(name, 'burst/new-recipe/')")).rows[0]?.n;
        await client.end();
        expect(lanes).toBeGreaterThanOrEqual(8);
      } finally {
        await a.stop({ timeoutMs: 1_000 });
        await b.stop({ timeoutMs: 1_000 });
      }
    });
  });

  describe('two worker processes sharing one database', () => {
    let runs: pg.Pool;
    let producer: Queue;
    let workers: WorkerChild[] = [];
    const runRows = async (where = 'true', values: string[] = []) =>
      (await runs.query<{ job_id: string; worker: string; attempt: number }>(`SELECT job_id, worker, attempt FROM runs WHERE ${where} ORDER BY attempt`, values)).rows;

    beforeAll(async () => {
      runs = new pg.Pool({ connectionString: database.url, max: 2 });
      // No unique constraint on purpose: a job run twice must show up as two rows, not as a failed insert.
      await runs.query('CREATE TABLE runs (job_id text NOT NULL, worker text NOT NULL, attempt int NOT NULL)');
      // The first lease is stored on each job when it is enqueued, then renewed by its worker: the same value everywhere.
      producer = createPostgresQueue(database.url, { maintenanceIntervalSeconds: 1, leaseSeconds: 3 });
      await producer.start();
      workers = ['w1', 'w2'].map((id) =>
        startWorker({ QUEUE_KIND: 'postgres', QUEUE_URL: database.url, WORKER_ID: id, CONCURRENCY: '10', LEASE_SECONDS: '3' }),
      );
      await Promise.all(workers.map((w) => w.line('ready', 30_000)));
    });
    afterAll(async () => {
      for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
      await producer?.stop({ timeoutMs: 1_000 });
      await runs?.end();
    });

    it('process 1,000 jobs, each exactly once', async () => {
      const started = performance.now();
      const ids: string[] = [];
      for (let i = 0; i < 1_000; i += 50) {
        ids.push(...(await Promise.all(Array.from({ length: 50 }, (_, k) => producer.enqueue('work', { i: i + k })))));
      }
      const enqueued = performance.now();
      await waitFor('1,000 successes', async () => (await producer.counts('work')).succeeded === 1_000, 90_000);
      const done = performance.now();
      const rows = await runRows();
      expect(rows).toHaveLength(1_000);
      expect(new Set(rows.map((r) => r.job_id))).toEqual(new Set(ids));
      const perWorker = { w1: rows.filter((r) => r.worker === 'w1').length, w2: rows.filter((r) => r.worker === 'w2').length };
      expect(perWorker.w1).toBeGreaterThan(0);
      expect(perWorker.w2).toBeGreaterThan(0);
      console.log(
        `1,000 jobs, 2 worker processes × concurrency 10: enqueued in ${((enqueued - started) / 1000).toFixed(2)} s, ` +
          `all done ${((done - started) / 1000).toFixed(2)} s after the first enqueue (w1 ${perWorker.w1}, w2 ${perWorker.w2})`,
      );
    });

    it('a worker killed with SIGKILL mid-job: the other worker retries the job and completes it', async () => {
      const id = await producer.enqueue('work', { hang: true }, { maxAttempts: 3 });
      await waitFor('the first attempt to start', async () => (await runRows('job_id = $1', [id])).length === 1);
      const [first] = await runRows('job_id = $1', [id]);
      const victim = workers[first!.worker === 'w1' ? 0 : 1]!;
      await victim.line(`started ${id}`);
      victim.proc.kill('SIGKILL');
      expect(await victim.exited).toBe('SIGKILL');
      const killedAt = performance.now();
      // The dead worker's lease (3 s) runs out unrenewed, then the job is retried after retryDelay (1–2 s).
      await waitFor('the retried job to succeed', async () => (await producer.counts('work')).succeeded === 1_001, 30_000);
      const survivor = first!.worker === 'w1' ? 'w2' : 'w1';
      expect((await runRows('job_id = $1', [id])).map((r) => [r.worker, r.attempt])).toEqual([[first!.worker, 1], [survivor, 2]]);
      console.log(`job of the killed worker completed by the other ${((performance.now() - killedAt) / 1000).toFixed(2)} s after the kill`);
    });

    it('a worker stopped with SIGTERM finishes gracefully and its process exits by itself', async () => {
      const survivor = workers.find((w) => w.proc.exitCode === null && w.proc.signalCode === null)!;
      survivor.proc.kill('SIGTERM');
      await survivor.line('stopped', 10_000);
      const code = await Promise.race([survivor.exited, sleep(5_000).then(() => 'still running after stop()')]);
      expect(code).toBe(0);
    });
  });
  describe('leases', () => {
    const LEASE_SECONDS = 2;
    // pg-boss's own maintenance (which also fails expired jobs) only once a minute: what frees the
    // lanes of a dead worker within seconds must be the queue's leases.
    const options = { leaseSeconds: LEASE_SECONDS, maintenanceIntervalSeconds: 60, pollIntervalMs: 50, retryDelaySeconds: 1 };
    let queues: Queue[] = [];
    let children: WorkerChild[] = [];
    const open = async (extra: Partial<typeof options> = {}) => {
      const queue = createPostgresQueue(database.url, { ...options, ...extra });
      queues.push(queue);
      await queue.start();
      return queue;
    };
    beforeAll(async () => {
      // The worker process records its runs there (see testing/worker-process.ts).
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query('CREATE TABLE IF NOT EXISTS runs (job_id text NOT NULL, worker text NOT NULL, attempt int NOT NULL)');
      await client.end();
    });
    afterEach(async () => {
      for (const w of children) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
      await Promise.all(queues.map((q) => q.stop({ timeoutMs: 1_000 })));
      queues = [];
      children = [];
    });

    it('a worker killed while it runs every lane of a group: the lanes take the next jobs one lease later', async () => {
      const producer = await open();
      const victim = startWorker({ QUEUE_KIND: 'postgres', QUEUE_URL: database.url, WORKER_ID: 'victim', CONCURRENCY: '2', LEASE_SECONDS: String(LEASE_SECONDS), MAINTENANCE_SECONDS: '60' });
      children.push(victim);
      await victim.line('ready', 30_000);
      const group = { group: 'crashed-recipe', groupConcurrency: 2 };
      // One per lane (the second goes to the lane the first left empty), each hanging in the victim.
      const hung = [await producer.enqueue('work', { hang: true }, group), await producer.enqueue('work', { hang: true }, group)];
      await Promise.all(hung.map((id) => victim.line(`started ${id}`)));
      victim.proc.kill('SIGKILL');
      expect(await victim.exited).toBe('SIGKILL');
      const killedAt = performance.now();

      const ran: { id: string; attempt: number; afterKillMs: number }[] = [];
      const survivor = await open();
      await survivor.work('work', async (job) => void ran.push({ id: job.id, attempt: job.attempt, afterKillMs: performance.now() - killedAt }), { concurrency: 2 });
      // Both lanes are held by the dead worker's jobs, so these wait in them. They waited 15 minutes
      // (pg-boss's expiry, with no renewal) before leases.
      const next = [await survivor.enqueue('work', { n: 1 }, group), await survivor.enqueue('work', { n: 2 }, group)];
      await waitFor('the next jobs of the group to run', () => next.every((id) => ran.some((r) => r.id === id)), 20_000);
      const lastNext = Math.max(...ran.filter((r) => next.includes(r.id)).map((r) => r.afterKillMs));
      // The lease (2 s) runs out, a third of a lease later a process fails the job, the lane is free.
      expect(lastNext).toBeLessThan(10_000);
      // And the dead worker's jobs are not lost: each runs again, as its second attempt.
      await waitFor('the dead worker\'s jobs to run again', () => hung.every((id) => ran.some((r) => r.id === id)), 20_000);
      expect(ran.filter((r) => hung.includes(r.id)).map((r) => r.attempt)).toEqual([2, 2]);
      await waitFor('four successes', async () => (await survivor.counts('work')).succeeded >= 4);
      console.log(`lanes of a worker killed with SIGKILL ran the next jobs ${(lastNext / 1000).toFixed(2)} s after the kill (lease ${LEASE_SECONDS} s)`);
    });

    it('a handler that runs for several leases keeps its job: no other worker is given it meanwhile', async () => {
      // pg-boss's maintenance every second here: without renewal it would fail the job after one lease.
      const [a, b] = [await open({ leaseSeconds: 1, maintenanceIntervalSeconds: 1 }), await open({ leaseSeconds: 1, maintenanceIntervalSeconds: 1 })];
      const runs: { worker: string; attempt: number }[] = [];
      for (const [worker, queue] of [['a', a], ['b', b]] as const) {
        await queue.work('long-handler', async (job) => {
          runs.push({ worker, attempt: job.attempt });
          await sleep(4_000);
        }, { concurrency: 1 });
      }
      await a.enqueue('long-handler', { n: 1 });
      await waitFor('the job to succeed', async () => (await a.counts('long-handler')).succeeded === 1, 15_000);
      expect(runs).toHaveLength(1);
      expect(runs[0]?.attempt).toBe(1);
      expect(await a.counts('long-handler')).toEqual({ queued: 0, running: 0, succeeded: 1, dead: 0 });
    });
  });
});
