import { createTestDatabase, describeWithPostgres, sleep, type TestDatabase, waitFor } from '@patchbay/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
        const queue = createPostgresQueue(database.url, { pollIntervalMs: 50, retryDelaySeconds: 1, maintenanceIntervalSeconds: 1, expireInSeconds: 5 });
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
      // expireInSeconds is stored on each job when it is enqueued: the producer's value is the one that counts.
      producer = createPostgresQueue(database.url, { maintenanceIntervalSeconds: 1, expireInSeconds: 3 });
      await producer.start();
      workers = ['w1', 'w2'].map((id) =>
        startWorker({ QUEUE_KIND: 'postgres', QUEUE_URL: database.url, WORKER_ID: id, CONCURRENCY: '10' }),
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
      // pg-boss expires the job after expireInSeconds (3 s), then retries it after retryDelay (1–2 s).
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
});
