import { randomUUID } from 'node:crypto';
import type { Store } from '@patchbay/store';
import { createEnqueueBatcher } from './embedded-enqueue.ts';
import { EmbeddedJobs, queuedRow, type EmbeddedJob } from './embedded-jobs.ts';
import { checkEnqueue, DEFAULT_STOP_TIMEOUT_MS, type Queue } from './queue.ts';
import { Workers } from './workers.ts';

export interface EmbeddedQueueOptions {
  /** How often an idle worker looks for due jobs, in ms. A local `enqueue` wakes it at once. Default 200. */
  pollIntervalMs?: number;
  /**
   * How long a claimed job belongs to this process, in ms; renewed every third of it while the handler
   * runs. After a crash the job runs again this long after the last renewal. Default 30 000.
   */
  leaseMs?: number;
  /** The wait before the second attempt, in ms; doubled for each further attempt, plus jitter. Default 1 000. */
  retryDelayMs?: number;
  /** How long succeeded and dead jobs stay visible to `counts()`, in ms. Default one day. */
  retentionMs?: number;
  /** Receives errors of the background work (claiming, settling, renewing). Default: console.error. */
  onError?: (error: unknown) => void;
}

const PRUNE_EVERY_MS = 60_000;

/**
 * The queue of the embedded mode: jobs live in the store's SQLite file (table `queue_jobs`), workers
 * run in this process. Jobs queued or running when the process dies run after the next start.
 *
 * @example
 * const queue = createEmbeddedQueue(store);
 * await queue.work('recipe-run', async (job) => runJob(job.payload), { concurrency: 4 });
 * await queue.start();
 * await queue.enqueue('recipe-run', { jobId }, { group: recipeId, groupConcurrency: 1 });
 */
export function createEmbeddedQueue(store: Store, options: EmbeddedQueueOptions = {}): Queue {
  const pollMs = options.pollIntervalMs ?? 200;
  const leaseMs = options.leaseMs ?? 30_000;
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const retentionMs = options.retentionMs ?? 24 * 60 * 60 * 1000;
  const onError = options.onError ?? ((error: unknown) => console.error('patchbay queue:', error));
  const jobs = new EmbeddedJobs(store);
  // One owner per queue instance: a restarted process is a new owner and cannot settle the old runs.
  const owner = randomUUID();
  const backend = {
    claim: (name: string, limit: number) => jobs.claim(name, limit, owner, leaseMs),
    // Not grouped like enqueues: a job holds its group's slot until settled, and waiting a turn
    // behind the webhook traffic made the workers fall behind it (a growing backlog, measured).
    succeed: (job: EmbeddedJob) => jobs.succeed(job),
    fail: (job: EmbeddedJob, error: unknown) => jobs.fail(job, error, retryDelayMs),
  };
  const workers = new Workers<EmbeddedJob>({ backend, pollMs, onError });
  const batcher = createEnqueueBatcher(jobs, (names) => {
    for (const name of names) workers.wake(name);
  });
  let timer: NodeJS.Timeout | undefined;
  let lastPrune = 0;
  let housekeeping = false;

  async function houseKeep(): Promise<void> {
    if (housekeeping) return;
    housekeeping = true;
    try {
      await jobs.renew(workers.active(), leaseMs);
      if (Date.now() - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = Date.now();
        await jobs.prune(retentionMs);
      }
    } catch (err) {
      onError(err);
    } finally {
      housekeeping = false;
    }
  }

  return {
    async enqueue(name, payload, enqueueOptions) {
      const checked = checkEnqueue(name, enqueueOptions);
      const id = randomUUID();
      // Serialised here, so that a payload that cannot be fails its own call only.
      await batcher.add(queuedRow(id, name, JSON.stringify(payload), checked));
      return id;
    },

    async work(name, handler, workOptions) {
      workers.register(name, handler, workOptions);
    },

    async start() {
      if (workers.state !== 'new') return;
      timer = setInterval(() => void houseKeep(), Math.max(10, Math.floor(leaseMs / 3)));
      workers.start();
    },

    async stop(stopOptions = {}) {
      const timeoutMs = stopOptions.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
      // Leases are renewed while we wait, so a slow but live handler is not taken over meanwhile.
      const leftovers = await workers.stop(timeoutMs);
      if (!leftovers) return;
      clearInterval(timer);
      for (const job of leftovers) {
        await jobs.fail(job, new Error(`The worker stopped before the handler finished (waited ${timeoutMs} ms)`), retryDelayMs).catch(onError);
      }
      while (housekeeping) await new Promise((resolve) => setTimeout(resolve, 5));
    },

    counts: (name) => jobs.counts(name),
  };
}
