import { createTestDatabase, describeWithPostgres, sleep, type TestDatabase, waitFor } from '@patchbay/testkit';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresQueue, type PostgresQueueOptions } from './postgres-queue.ts';
import type { Queue } from './queue.ts';
import { startWorker, type WorkerChild } from './testing/child.ts';
import { queueContract } from './testing/contract.ts';

describeWithPostgres('PostgreSQL queue', () => {
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

  describe('groups across processes', () => {
    const options = { pollIntervalMs: 50, leaseSeconds: 5 };
    let queues: Queue[] = [];
    const open = async (extra: Partial<PostgresQueueOptions> = {}) => {
      const queue = createPostgresQueue(database.url, { ...options, ...extra });
      queues.push(queue);
      await queue.start();
      return queue;
    };
    afterEach(async () => {
      await Promise.all(queues.map((q) => q.stop({ timeoutMs: 1_000 })));
      queues = [];
    });

    it('a burst into a new group from two queues at once: every job runs once, never more of the group than its limit', async () => {
      const [a, b] = [await open(), await open()];
      let running = 0;
      let most = 0;
      const ran: string[] = [];
      for (const queue of [a, b]) {
        // Both claim at once: only taking turns on the claim keeps the group within its limit.
        await queue.work('burst', async (job) => {
          most = Math.max(most, ++running);
          await sleep(20);
          running--;
          ran.push(job.id);
        }, { concurrency: 10 });
      }
      const ids = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).enqueue('burst', { i }, { group: 'new-recipe', groupConcurrency: 3 })));
      expect(new Set(ids).size).toBe(60);
      await waitFor('60 jobs', () => ran.length === 60, 20_000);
      expect(new Set(ran)).toEqual(new Set(ids));
      expect(most).toBe(3);
      expect(await a.counts('burst')).toEqual({ queued: 0, running: 0, succeeded: 60, dead: 0 });
    });

    it('a group with a long backlog at its limit does not hold back another group', async () => {
      const queue = await open();
      const ran: string[] = [];
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await queue.work('fair', async (job) => {
        ran.push(job.group ?? '');
        if (job.group === 'busy') await held;
      }, { concurrency: 4 });
      // The busy group's first job runs and holds its only slot; 300 more of it wait, older than the other group's job.
      await Promise.all(Array.from({ length: 300 }, (_, i) => queue.enqueue('fair', { i }, { group: 'busy', groupConcurrency: 1 })));
      await queue.enqueue('fair', {}, { group: 'other', groupConcurrency: 1 });
      await waitFor('the other group to run', () => ran.includes('other'), 5_000);
      expect(ran.filter((g) => g === 'busy')).toHaveLength(1);
      release();
    });

    it('an enqueue in another process wakes an idle worker at once (NOTIFY), not at its next poll', async () => {
      const worker = await open({ pollIntervalMs: 60_000 });
      const producer = await open({ pollIntervalMs: 60_000 });
      const started: number[] = [];
      await worker.work('wake', async () => void started.push(performance.now()), { concurrency: 1 });
      // Let the worker's first claim find nothing and go to sleep for a minute.
      await sleep(300);
      const at = performance.now();
      await producer.enqueue('wake', {});
      await waitFor('the job', () => started.length === 1, 5_000);
      expect(started[0]! - at).toBeLessThan(1_000);
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
      // The dead worker's lease (3 s) runs out unrenewed; within a third of a lease a sweep queues the job again.
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

    it('a worker killed while it runs every slot of a group: the group runs its next jobs one lease later', async () => {
      const producer = await open();
      const victim = startWorker({ QUEUE_KIND: 'postgres', QUEUE_URL: database.url, WORKER_ID: 'victim', CONCURRENCY: '2', LEASE_SECONDS: String(LEASE_SECONDS), MAINTENANCE_SECONDS: '60' });
      children.push(victim);
      await victim.line('ready', 30_000);
      const group = { group: 'crashed-recipe', groupConcurrency: 2 };
      // Both slots of the group, each hanging in the victim.
      const hung = [await producer.enqueue('work', { hang: true }, group), await producer.enqueue('work', { hang: true }, group)];
      await Promise.all(hung.map((id) => victim.line(`started ${id}`)));
      victim.proc.kill('SIGKILL');
      expect(await victim.exited).toBe('SIGKILL');
      const killedAt = performance.now();

      const ran: { id: string; attempt: number; afterKillMs: number }[] = [];
      const survivor = await open();
      await survivor.work('work', async (job) => void ran.push({ id: job.id, attempt: job.attempt, afterKillMs: performance.now() - killedAt }), { concurrency: 2 });
      // Both slots are held by the dead worker's jobs, so these wait. (With pg-boss 10, before leases
      // of its own, they waited for its 15-minute expiry.)
      const next = [await survivor.enqueue('work', { n: 1 }, group), await survivor.enqueue('work', { n: 2 }, group)];
      await waitFor('the next jobs of the group to run', () => next.every((id) => ran.some((r) => r.id === id)), 20_000);
      const lastNext = Math.max(...ran.filter((r) => next.includes(r.id)).map((r) => r.afterKillMs));
      // The lease (2 s) runs out, within a third of a lease a process's sweep queues the jobs again, the slots are free.
      expect(lastNext).toBeLessThan(10_000);
      // And the dead worker's jobs are not lost: each runs again, as its second attempt.
      await waitFor('the dead worker\'s jobs to run again', () => hung.every((id) => ran.some((r) => r.id === id)), 20_000);
      expect(ran.filter((r) => hung.includes(r.id)).map((r) => r.attempt)).toEqual([2, 2]);
      await waitFor('four successes', async () => (await survivor.counts('work')).succeeded >= 4);
      console.log(`a group whose slots a worker killed with SIGKILL held ran its next jobs ${(lastNext / 1000).toFixed(2)} s after the kill (lease ${LEASE_SECONDS} s)`);
    });

    it('a handler that runs for several leases keeps its job: no other worker is given it meanwhile', async () => {
      // Both sweep every third of a second here: without renewal the job would be taken back after one lease.
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
