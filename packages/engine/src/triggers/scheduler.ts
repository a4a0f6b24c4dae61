import { type Logger, PatchbayError, isoIn, isoNow, needsConnectionAttention } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import type { ConnectionService } from '@patchbay/vault';
import type { RecipeDefinition } from '../definition/schema.ts';
import { DEFAULT_RETENTION, type RetentionPolicy, pruneJobs } from '../jobs/retention.ts';
import { type JobRow, insertJob } from '../jobs/store.ts';
import { type RecipeRow, loadBindings, loadDefinition, updateRecipe } from '../recipes/repository.ts';
import { nextCronRun, parsePollState, planTrigger, pollIntervalSeconds } from './plan.ts';

export interface SchedulerDeps {
  store: Store;
  connections: ConnectionService;
  logger: Logger;
  enqueue(job: JobRow, definition: RecipeDefinition): Promise<void>;
  notify(event: { workspaceId: string; recipeId: string; connectionId: string | null; level: 'warning' | 'error'; kind: string; message: string }): Promise<void>;
  /** Consecutive authentication failures of a trigger before its recipe stops. Default 10. */
  maxAuthFailures?: number;
  /** Job history retention, applied in the background every `pruneEveryMs` (default 10 minutes). */
  retention?: RetentionPolicy;
  pruneEveryMs?: number;
}

/**
 * Runs due polling and schedule triggers. Every process may run it: a recipe's trigger is taken
 * under a store lock and re-read, so two schedulers never poll the same recipe at once.
 */
export function createScheduler(deps: SchedulerDeps) {
  const maxAuthFailures = deps.maxAuthFailures ?? 10;

  async function poll(recipe: RecipeRow, definition: RecipeDefinition): Promise<JobRow[]> {
    const slot = definition.trigger.slot ?? '';
    const connectionId = (await loadBindings(deps.store, recipe.id))[slot];
    const actor = { workspaceId: recipe.workspace_id, userId: 'system' };
    const state = parsePollState(recipe.poll_cursor);
    try {
      if (!connectionId) throw new PatchbayError('connection_required', `Slot "${slot}" is not bound to a connection.`);
      const result = await deps.connections.poll(actor, connectionId, definition.trigger.trigger, definition.trigger.input ?? {}, {
        cursor: state.cursor ?? undefined,
        since: state.since ?? undefined,
      });
      // The new cursor is saved in the same transaction that stores the events: a crash either
      // keeps both or neither, so no event is lost and none is taken twice.
      return await deps.store.db.transaction().execute(async (tx) => {
        const jobs: JobRow[] = [];
        for (const event of result.events) {
          const inserted = await tx
            .insertInto('trigger_dedupe')
            .values({ recipe_id: recipe.id, dedupe_key: event.dedupeKey, created_at: isoNow() })
            .onConflict((oc) => oc.doNothing())
            .executeTakeFirst();
          if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) continue;
          jobs.push(await insertJob(tx, { workspaceId: recipe.workspace_id, recipeId: recipe.id, version: recipe.running_version ?? recipe.current_version, trigger: event.data, status: 'queued' }));
        }
        await tx
          .updateTable('recipes')
          .set({
            poll_cursor: JSON.stringify({ cursor: result.cursor, since: state.since }),
            next_trigger_at: result.hasMore ? isoNow() : isoIn(pollIntervalSeconds(definition) * 1000),
            trigger_failures: 0,
            updated_at: isoNow(),
          })
          .where('id', '=', recipe.id)
          .execute();
        return jobs;
      });
    } catch (err) {
      await onPollFailure(recipe, definition, connectionId ?? null, err);
      return [];
    }
  }

  async function onPollFailure(recipe: RecipeRow, definition: RecipeDefinition, connectionId: string | null, err: unknown): Promise<void> {
    const message = err instanceof PatchbayError ? err.message : 'The trigger failed unexpectedly.';
    const next = isoIn(pollIntervalSeconds(definition) * 1000);
    // Only failures that need a person count towards stopping the recipe: an outage passes by itself.
    if (!needsConnectionAttention(err)) {
      deps.logger.warn({ err, recipeId: recipe.id }, 'polling trigger failed');
      await updateRecipe(deps.store, recipe.id, { next_trigger_at: next });
      return;
    }
    const failures = recipe.trigger_failures + 1;
    const base = { workspaceId: recipe.workspace_id, recipeId: recipe.id, connectionId };
    if (failures < maxAuthFailures) {
      await updateRecipe(deps.store, recipe.id, { trigger_failures: failures, next_trigger_at: next });
      await deps.notify({ ...base, level: 'warning', kind: 'trigger_auth_failed', message: `Trigger authentication failed (${failures} of ${maxAuthFailures} before the recipe stops): ${message}` });
      return;
    }
    const reason = `Stopped after ${failures} consecutive authentication failures of its trigger: ${message}`;
    await updateRecipe(deps.store, recipe.id, { status: 'stopped', status_reason: reason, stopped_at: isoNow(), trigger_failures: failures, next_trigger_at: null });
    if (connectionId) await deps.connections.markFailing({ workspaceId: recipe.workspace_id, userId: 'system' }, connectionId, `A recipe trigger kept failing authentication: ${message}`);
    await deps.notify({ ...base, level: 'error', kind: 'recipe_stopped', message: reason });
  }

  async function fire(recipe: RecipeRow): Promise<JobRow[]> {
    if (recipe.running_version === null) return [];
    const definition = await loadDefinition(deps.store, recipe.id, recipe.running_version);
    const plan = planTrigger(definition);
    if (plan.kind === 'polling') return poll(recipe, definition);
    if (plan.kind !== 'schedule') return [];
    const scheduledAt = recipe.next_trigger_at ?? isoNow();
    return deps.store.db.transaction().execute(async (tx) => {
      const job = await insertJob(tx, { workspaceId: recipe.workspace_id, recipeId: recipe.id, version: recipe.running_version ?? 1, trigger: { scheduledAt }, status: 'queued' });
      await tx.updateTable('recipes').set({ next_trigger_at: nextCronRun(definition, new Date())?.toISOString() ?? null }).where('id', '=', recipe.id).execute();
      return [job];
    });
  }

  /** Fires every due trigger once; returns how many jobs were queued. */
  async function tick(): Promise<number> {
    const due = await deps.store.db.selectFrom('recipes').select('id').where('status', '=', 'running').where('next_trigger_at', '<=', isoNow()).limit(20).execute();
    let queued = 0;
    for (const { id } of due) {
      const jobs = await deps.store.withLock(`recipe-trigger:${id}`, async () => {
        const recipe = await deps.store.db.selectFrom('recipes').selectAll().where('id', '=', id).executeTakeFirst();
        if (!recipe || recipe.status !== 'running' || !recipe.next_trigger_at || recipe.next_trigger_at > isoNow()) return [];
        return fire(recipe);
      }, { waitMs: 1000 }).catch((err: unknown) => {
        deps.logger.warn({ err, recipeId: id }, 'trigger skipped this round');
        return [];
      });
      for (const job of jobs) {
        const definition = await loadDefinition(deps.store, job.recipe_id, job.recipe_version);
        await deps.enqueue(job, definition);
      }
      queued += jobs.length;
    }
    return queued;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let lastPrune = 0;
  const pruneEveryMs = deps.pruneEveryMs ?? 10 * 60_000;
  // Jobs of dead processes are not the scheduler's business: the engine's recovery loop takes them.
  async function background(): Promise<void> {
    await tick();
    if (Date.now() - lastPrune < pruneEveryMs) return;
    lastPrune = Date.now();
    const deleted = await pruneJobs(deps.store, deps.retention ?? DEFAULT_RETENTION);
    if (deleted > 0) deps.logger.info({ deleted }, 'pruned job history');
  }
  return {
    tick,
    start(intervalMs = 1000) {
      const loop = () => {
        running = background()
          .catch((err: unknown) => deps.logger.error({ err }, 'scheduler tick failed'))
          .finally(() => {
            if (timer) timer = setTimeout(loop, intervalMs);
          });
      };
      timer = setTimeout(loop, 0);
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

