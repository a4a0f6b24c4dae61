import type { Logger } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import type { RecipeDefinition } from '../definition/schema.ts';
import { loadDefinition } from '../recipes/repository.ts';
import { type Repeating, repeatEvery } from './repeat.ts';
import { QUEUED_JOB_COLUMNS, type QueuedJob, leaveForNextSweep, requeueExpiredJobs } from './store.ts';

export type Enqueue = (job: QueuedJob, definition: RecipeDefinition) => Promise<void>;

/**
 * Hands every job that should run but may not be in the queue back to it: jobs whose runner died
 * (their lease ran out: the sweep moves them `running → queued` and enqueues only the rows it moved
 * itself, so two processes sweeping at once enqueue each job once) and, with `includeQueued` (at
 * start-up), every job stored as queued, since a crash may have come between storing a job and
 * enqueueing it. Those may be in the queue already: a job delivered twice still runs once, because
 * `claimJobs` takes it from `queued` once. Returns how many jobs were enqueued.
 */
export async function recoverJobs(store: Store, enqueue: Enqueue, options: { includeQueued: boolean }): Promise<number> {
  const requeued = await requeueExpiredJobs(store);
  const jobs = options.includeQueued
    ? await store.db.selectFrom('jobs').select(QUEUED_JOB_COLUMNS).where('status', '=', 'queued').orderBy('created_at').limit(10_000).execute()
    : requeued.sort((a, b) => a.created_at.localeCompare(b.created_at));
  const definitions = new Map<string, RecipeDefinition>();
  const enqueued = new Set<string>();
  try {
    for (const job of jobs) {
      const key = `${job.recipe_id}@${job.recipe_version}`;
      const definition = definitions.get(key) ?? (await loadDefinition(store, job.recipe_id, job.recipe_version));
      definitions.set(key, definition);
      await enqueue(job, definition);
      enqueued.add(job.id);
    }
  } catch (err) {
    // Moved to queued by this sweep but not in the queue: without this they would wait for the next
    // start of a process. Best effort: the enqueue error is the one worth reporting.
    await leaveForNextSweep(store, requeued.filter((job) => !enqueued.has(job.id)).map((job) => job.id)).catch(() => {});
    throw err;
  }
  return jobs.length;
}

/**
 * The recovery sweep of a process that runs workers, every `everyMs` (a third of the job lease), so
 * that a job of a crashed process runs again about one lease after the crash, without a restart.
 */
export function createRecoveryLoop(deps: { store: Store; logger: Logger; enqueue: Enqueue; everyMs: number }) {
  let loop: Repeating | undefined;
  async function sweep(): Promise<void> {
    const recovered = await recoverJobs(deps.store, deps.enqueue, { includeQueued: false });
    if (recovered > 0) deps.logger.warn({ jobs: recovered }, 'queued jobs again whose process had died (lease expired)');
  }
  return {
    start() {
      loop ??= repeatEvery(deps.everyMs, sweep, (err) => deps.logger.error({ err }, 'job recovery sweep failed'));
    },
    async stop() {
      await loop?.stop();
      loop = undefined;
    },
  };
}
