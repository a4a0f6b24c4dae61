import { ConflictError, type Logger, serializeError } from '@patchbay/core';
import { type Store, createBatchedCall } from '@patchbay/store';
import type { ConnectionService } from '@patchbay/vault';
import type { RecipeDefinition } from '../definition/schema.ts';
import { cachedBindings, loadDefinition } from '../recipes/repository.ts';
import { type RunResult, type Scope, runRecipe } from './runner.ts';
import type { LeaseRenewer } from './lease-renewer.ts';
import { type JobProgress, type Resume, createJobProgress, deleteProgress, loadProgress } from './progress.ts';
import { payloadsOf } from './payloads.ts';
import type { RecipeSlots } from './local-runs.ts';
import type { JobWriter } from './writer.ts';
import { concurrencyOf } from '../triggers/plan.ts';
import { type ClaimedJob, type JobRow, claimJobs, jobTrigger } from './store.ts';

export interface ExecutorDeps {
  /** The engine's store: its handle carries the payload cipher (payloads.ts). */
  store: Store;
  connections: ConnectionService;
  logger: Logger;
  /** Renews the leases of the jobs this process runs. */
  leases: LeaseRenewer;
  evaluate(mapping: unknown, scope: Scope, location: string): Promise<unknown>;
  /** Actions of connectors that need no connection (built-in utilities), by connector key. */
  connectionless?: Record<string, (action: string, input: unknown) => Promise<unknown>>;
  /** Each recipe's jobs at once in this process, queued ones and those run where they were accepted (local-runs.ts). */
  slots: RecipeSlots;
  /** Records outcomes, grouped with other jobs' into one transaction (writer.ts). */
  writer: JobWriter;
}

export type JobExecutor = ReturnType<typeof createJobExecutor>;

export function createJobExecutor(deps: ExecutorDeps) {
  // The queue starts a batch of jobs at once: their claims go as one statement.
  const claims = createBatchedCall<string, ClaimedJob | undefined>(100, (ids) => claimJobs(deps.store, ids, deps.leases.leaseMs));
  /**
   * Runs a job and returns its outcome without recording it (the caller records it with `finish`).
   * `progress` records its steps as they finish (progress.ts); `resume` is what it had done before a crash.
   */
  async function execute(job: JobRow, definition: RecipeDefinition, progress?: JobProgress, resume?: Resume): Promise<RunResult> {
    // A recipe without slots needs no bindings: skip the query on the hot webhook path.
    const bindings = Object.keys(definition.connections).length > 0 ? await cachedBindings(deps.store, job.recipe_id) : {};
    const actor = { workspaceId: job.workspace_id, userId: 'system' };
    deps.leases.hold(job.id);
    try {
      return await runRecipe(definition, jobTrigger(job), {
        evaluate: deps.evaluate,
        ...(progress ? { progress } : {}),
        ...(resume ? { resume } : {}),
        onInternalError: (err, path) => deps.logger.error({ err, jobId: job.id, recipeId: job.recipe_id, step: path }, 'a step failed inside Patchbay'),
        runAction: async (slotOrConnector, action, input, execution) => {
          const builtin = deps.connectionless?.[slotOrConnector];
          if (builtin && definition.connections[slotOrConnector] === undefined) return builtin(action, input);
          const connectionId = bindings[slotOrConnector];
          if (!connectionId) throw new ConflictError('slot_unbound', `Slot "${slotOrConnector}" is not bound to a connection: bind it and run the job again.`);
          // The same for every attempt of this step in this job, a recovered run included: an app that
          // deduplicates on it applies the step once. A re-run is a new job, with new keys.
          return deps.connections.runAction(actor, connectionId, action, input, { idempotencyKey: `${job.id}:${execution}` });
        },
      });
    } finally {
      // The last action's progress is not written: the outcome, written next, says it all.
      await progress?.close();
      deps.leases.release(job.id);
    }
  }

  /** Records a job's outcome, then forgets its progress (after: a crash in between leaves rows that resume nothing). */
  async function finish(jobId: string, outcome: RunResult, progress?: JobProgress): Promise<void> {
    await deps.writer.finish(jobId, outcome);
    if (progress?.stored) await deleteProgress(deps.store, jobId);
  }

  /** Runs a job whose row is stored as running, recording its steps as they finish, and records the outcome on it. */
  /** `executed` is called once the steps are done, before the outcome is recorded. */
  async function run(job: JobRow, definition: RecipeDefinition, resumed?: Resume & { nextSeq: number }, executed?: () => void): Promise<RunResult> {
    const progress = createJobProgress(deps.store, job.id, { durable: true, ...(resumed ? { resumed } : {}) });
    const outcome = await execute(job, definition, progress, resumed);
    executed?.();
    await finish(job.id, outcome, progress);
    return outcome;
  }

  return {
    run,
    execute,
    finish,
    /** The progress of a job whose row is not stored yet (a synchronous webhook job): kept in memory until `makeDurable`. */
    progress: (jobId: string) => createJobProgress(deps.store, jobId, { durable: false }),
    /**
     * Queue handler: claims the job (once, even when delivered twice) and runs it, after its last
     * finished step if it ran before. A job whose stored data or recipe version cannot be read is
     * recorded as failed, once, instead of going back to the queue for ever.
     */
    async runQueued(jobId: string): Promise<RunResult | undefined> {
      const claimed = await claims.add(jobId);
      if (!claimed) return undefined;
      const { stored, startedBefore } = claimed;
      // Renewed from the claim on: the job may wait below for a slot of its recipe.
      deps.leases.hold(jobId);
      let job: JobRow;
      let definition: RecipeDefinition;
      let resumed: (Resume & { nextSeq: number }) | undefined;
      try {
        job = payloadsOf(deps.store.db).openColumns(stored);
        definition = await loadDefinition(deps.store, job.recipe_id, job.recipe_version);
        resumed = startedBefore ? await loadProgress(deps.store, jobId) : undefined;
      } catch (err) {
        deps.leases.release(jobId);
        deps.logger.error({ err, jobId }, 'could not read the stored data of a queued job');
        const outcome: RunResult = { status: 'failed', result: null, error: serializeError(err), steps: [], droppedRecords: 0 };
        await deps.writer.finish(jobId, outcome);
        return outcome;
      }
      await deps.slots.take(job.recipe_id, concurrencyOf(definition));
      try {
        // Which process ran which job: `PATCHBAY_LOG_LEVEL=debug` shows it (the job row does not record it).
        deps.logger.debug({ jobId, ...(resumed ? { resumedAfter: resumed.entries.length } : {}) }, 'running queued job');
        return await run(job, definition, resumed);
      } finally {
        deps.slots.give(job.recipe_id);
      }
    },
  };
}
