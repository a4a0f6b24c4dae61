import { isoIn } from '@patchbay/core';
import type { JobStatusValue, Store } from '@patchbay/store';

export interface RetentionPolicy {
  /** Finished jobs older than this are deleted. Default 30 days. */
  maxAgeDays: number;
  /** At most this many finished jobs are kept per recipe (the newest). Default 10 000. */
  maxPerRecipe: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxAgeDays: 30, maxPerRecipe: 10_000 };

const FINISHED: readonly JobStatusValue[] = ['succeeded', 'failed', 'cancelled'];

/**
 * Deletes finished jobs past their age or beyond the per-recipe count, so job history never grows
 * the database without bound. Queued and running jobs are never touched.
 */
export async function pruneJobs(store: Store, policy: RetentionPolicy = DEFAULT_RETENTION): Promise<number> {
  const byAge = await store.db
    .deleteFrom('jobs')
    .where('status', 'in', FINISHED)
    .where('created_at', '<', isoIn(-policy.maxAgeDays * 86_400_000))
    .executeTakeFirst();
  let deleted = Number(byAge.numDeletedRows);
  const crowded = await store.db
    .selectFrom('jobs')
    .select(['recipe_id', store.db.fn.countAll<number>().as('count')])
    .where('status', 'in', FINISHED)
    .groupBy('recipe_id')
    .having(store.db.fn.countAll(), '>', policy.maxPerRecipe)
    .execute();
  for (const { recipe_id } of crowded) {
    const cutoff = await store.db
      .selectFrom('jobs')
      .select(['created_at', 'id'])
      .where('recipe_id', '=', recipe_id)
      .where('status', 'in', FINISHED)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(policy.maxPerRecipe)
      .limit(1)
      .executeTakeFirst();
    if (!cutoff) continue;
    const result = await store.db
      .deleteFrom('jobs')
      .where('recipe_id', '=', recipe_id)
      .where('status', 'in', FINISHED)
      .where((eb) => eb.or([eb('created_at', '<', cutoff.created_at), eb.and([eb('created_at', '=', cutoff.created_at), eb('id', '<=', cutoff.id)])]))
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}
