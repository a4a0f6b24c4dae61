import { ConflictError, type Logger } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import type { ConnectionService } from '@patchbay/vault';
import type { RecipeDefinition } from '../definition/schema.ts';
import { loadBindings, loadDefinition } from '../recipes/repository.ts';
import { type RunResult, type Scope, runRecipe } from './runner.ts';
import type { LeaseRenewer } from './lease-renewer.ts';
import { type JobRow, claimJob, finishJob } from './store.ts';

export interface ExecutorDeps {
  store: Store;
  connections: ConnectionService;
  logger: Logger;
  /** Renews the leases of the jobs this process runs. */
  leases: LeaseRenewer;
  evaluate(mapping: unknown, scope: Scope, location: string): Promise<unknown>;
  /** Actions of connectors that need no connection (built-in utilities), by connector key. */
  connectionless?: Record<string, (action: string, input: unknown) => Promise<unknown>>;
}

export type JobExecutor = ReturnType<typeof createJobExecutor>;

export function createJobExecutor(deps: ExecutorDeps) {
  /** Runs a job and returns its outcome without recording it (the caller records it). */
  async function execute(job: JobRow, definition: RecipeDefinition): Promise<RunResult> {
    // A recipe without slots needs no bindings: skip the query on the hot webhook path.
    const bindings = Object.keys(definition.connections).length > 0 ? await loadBindings(deps.store, job.recipe_id) : {};
    const actor = { workspaceId: job.workspace_id, userId: 'system' };
    deps.leases.hold(job.id);
    try {
      return await runRecipe(definition, JSON.parse(job.trigger_event), {
        evaluate: deps.evaluate,
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
      deps.leases.release(job.id);
    }
  }

  /** Runs a job whose row exists and records the outcome on it. */
  async function run(job: JobRow, definition: RecipeDefinition): Promise<RunResult> {
    const outcome = await execute(job, definition);
    await finishJob(deps.store, job.id, outcome);
    return outcome;
  }

  return {
    run,
    execute,
    /** Queue handler: claims the job (once, even when delivered twice) and runs it. */
    async runQueued(jobId: string): Promise<RunResult | undefined> {
      if (!(await claimJob(deps.store, jobId, deps.leases.leaseMs))) return undefined;
      // Which process ran which job: `PATCHBAY_LOG_LEVEL=debug` shows it (the job row does not record it).
      deps.logger.debug({ jobId }, 'running queued job');
      const job = await deps.store.db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
      return run(job, await loadDefinition(deps.store, job.recipe_id, job.recipe_version));
    },
  };
}
