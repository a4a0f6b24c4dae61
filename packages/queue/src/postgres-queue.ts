import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Batcher } from './postgres/batcher.ts';
import { type NewJob, PostgresJobs, type PostgresJob } from './postgres/jobs.ts';
import { createListener } from './postgres/listener.ts';
import { ensureSchema } from './postgres/schema.ts';
import { checkEnqueue, DEFAULT_STOP_TIMEOUT_MS, type Queue } from './queue.ts';
import { Workers } from './workers.ts';

export interface PostgresQueueOptions {
  /**
   * A running job's lease, in seconds: the process running it renews it every third of this, and
   * once a lease has run out unrenewed (the process died) the job is queued again (a new attempt, or
   * dead after the last one). A handler may run longer than this: only a dead process loses its jobs.
   * Default 30, as the engine's job lease.
   */
  leaseSeconds?: number;
  /** The wait before the second attempt, in seconds; doubled for each further attempt, plus jitter. Default 1. */
  retryDelaySeconds?: number;
  /**
   * How often an idle worker looks for due jobs, in ms. An enqueue in any process wakes it at once
   * (LISTEN/NOTIFY); polling finds the jobs whose `runAt` or retry back-off has come. Default 1 000.
   */
  pollIntervalMs?: number;
  /** How often finished jobs older than `retentionSeconds` are deleted, in seconds. Default 60. */
  maintenanceIntervalSeconds?: number;
  /** How long succeeded and dead jobs stay visible to `counts()`, in seconds. Default 3 600 (the engine keeps job history itself). */
  retentionSeconds?: number;
  /** Connections in this process's pool, besides the one that listens. Default 10. */
  poolSize?: number;
  /** Receives errors of the background work (claiming, settling, renewing, listening). Default: console.error. */
  onError?: (error: unknown) => void;
}

/**
 * The queue of PostgreSQL deployments: jobs in the table `patchbay_queue.jobs` of the Patchbay
 * database, claimed with one function call per batch (postgres/schema.ts), leases renewed by the
 * process that runs them, enqueues announced with NOTIFY. Any number of `patchbay serve` and
 * `patchbay worker` processes share it.
 *
 * @example
 * const queue = createPostgresQueue(process.env.PATCHBAY_DATABASE_URL, { leaseSeconds: 60 });
 * await queue.start();
 * await queue.work('recipe-run', async (job) => runJob(job.payload), { concurrency: 8 });
 */
export function createPostgresQueue(databaseUrl: string, options: PostgresQueueOptions = {}): Queue {
  const leaseMs = (options.leaseSeconds ?? 30) * 1000;
  const retryDelayMs = (options.retryDelaySeconds ?? 1) * 1000;
  const pollMs = options.pollIntervalMs ?? 1_000;
  const pruneEveryMs = (options.maintenanceIntervalSeconds ?? 60) * 1000;
  const retentionMs = (options.retentionSeconds ?? 3_600) * 1000;
  const onError = options.onError ?? ((error: unknown) => console.error('patchbay queue:', error));
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10, application_name: 'patchbay-queue' });
  // An idle client's error (the database restarted) must not crash the process; the next query reconnects.
  pool.on('error', onError);
  // One owner per queue instance: a restarted process is a new owner and cannot settle the old runs.
  const jobs = new PostgresJobs(pool, randomUUID());

  const inserts = new Batcher<NewJob, void>(async (batch) => {
    await jobs.insert(batch);
    return batch.map(() => undefined);
  });
  const successes = new Batcher<PostgresJob, void>(async (batch) => {
    await jobs.succeed(batch);
    return batch.map(() => undefined);
  });
  const failures = new Batcher<{ job: PostgresJob; error: unknown }, void>(async (batch) => {
    await jobs.fail(batch, retryDelayMs);
    return batch.map(() => undefined);
  });

  const backend = {
    claim: (name: string, limit: number) => jobs.claim(name, limit, leaseMs),
    succeed: (job: PostgresJob) => successes.add(job),
    fail: (job: PostgresJob, error: unknown) => failures.add({ job, error }),
  };
  const workers = new Workers<PostgresJob>({ backend, pollMs, onError });
  const listener = createListener(databaseUrl, (name) => workers.wake(name), onError);

  let timer: NodeJS.Timeout | undefined;
  let housekeeping: Promise<void> = Promise.resolve();
  let lastPrune = Date.now();

  /** Every third of a lease: renew ours, take back the jobs of dead processes, now and then prune. */
  async function houseKeep(): Promise<void> {
    try {
      await jobs.renew(workers.active(), leaseMs);
      for (const name of await jobs.sweep()) workers.wake(name);
      if (Date.now() - lastPrune >= pruneEveryMs) {
        lastPrune = Date.now();
        await jobs.prune(retentionMs);
      }
    } catch (err) {
      onError(err);
    }
  }

  function assertStarted(): void {
    const { state } = workers;
    if (state !== 'started') throw new Error(`The PostgreSQL queue is ${state === 'new' ? 'not started: call start() first' : 'stopped'}`);
  }

  return {
    async enqueue(name, payload, enqueueOptions) {
      const checked = checkEnqueue(name, enqueueOptions);
      assertStarted();
      const id = randomUUID();
      await inserts.add({ id, name, payload, options: checked });
      // The notification wakes every process's workers, this one's included; waking here saves the round trip.
      workers.wake(name);
      return id;
    },

    async work(name, handler, workOptions) {
      workers.register(name, handler, workOptions);
    },

    async start() {
      if (workers.state !== 'new') return;
      await ensureSchema(pool);
      await listener.start();
      timer = setInterval(() => {
        housekeeping = housekeeping.then(houseKeep);
      }, Math.max(100, Math.floor(leaseMs / 3)));
      timer.unref();
      workers.start();
    },

    async stop(stopOptions = {}) {
      const timeoutMs = stopOptions.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
      // Leases are renewed while we wait, so a slow but live handler is not taken over meanwhile.
      const leftovers = await workers.stop(timeoutMs);
      if (!leftovers) return;
      clearInterval(timer);
      await housekeeping;
      await Promise.all(leftovers.map((job) => backend.fail(job, new Error(`The worker stopped before the handler finished (waited ${timeoutMs} ms)`)).catch(onError)));
      await Promise.all([inserts.idle(), successes.idle(), failures.idle()]);
      await listener.stop();
      await pool.end();
    },

    async counts(name) {
      assertStarted();
      return jobs.counts(name);
    },
  };
}
