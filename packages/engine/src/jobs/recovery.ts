import { isoNow } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import type { RecipeDefinition } from '../definition/schema.ts';
import { loadDefinition } from '../recipes/repository.ts';
import type { JobRow } from './store.ts';

/**
 * Hands every job that should run but may not be in the queue back to it: jobs whose runner died
 * (lease expired) and, at start-up, jobs stored as queued (a crash may have come between storing a
 * job and enqueueing it). A job delivered twice runs once: `claimJob` takes it only from `queued`.
 */
export async function recoverJobs(store: Store, enqueue: (job: JobRow, definition: RecipeDefinition) => Promise<void>, options: { includeQueued: boolean }): Promise<number> {
  const now = isoNow();
  await store.db.updateTable('jobs').set({ status: 'queued', lease_until: null }).where('status', '=', 'running').where('lease_until', '<', now).execute();
  let query = store.db.selectFrom('jobs').selectAll().where('status', '=', 'queued');
  if (!options.includeQueued) query = query.where('started_at', 'is not', null);
  const jobs = await query.orderBy('created_at').limit(10_000).execute();
  const definitions = new Map<string, RecipeDefinition>();
  for (const job of jobs) {
    const key = `${job.recipe_id}@${job.recipe_version}`;
    const definition = definitions.get(key) ?? (await loadDefinition(store, job.recipe_id, job.recipe_version));
    definitions.set(key, definition);
    await enqueue(job, definition);
  }
  return jobs.length;
}
