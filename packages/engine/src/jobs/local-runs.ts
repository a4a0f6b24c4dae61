import type { Logger } from '@patchbay/core';
import type { RecipeDefinition } from '../definition/schema.ts';
import type { JobExecutor } from './execute.ts';
import type { JobRow } from './store.ts';

/**
 * How many jobs of each recipe this process runs at once, whichever way they came (the queue or an
 * accepted webhook run here), so that a recipe's `concurrency` holds for both. A queued job waits
 * for a slot (in order: waiters are served first come, first served); a job that would run here
 * takes one only if it is free and no queued job is waiting for it.
 */
export class RecipeSlots {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  tryTake(recipeId: string, limit: number): boolean {
    const count = this.running.get(recipeId) ?? 0;
    if (count >= limit || (this.waiting.get(recipeId)?.length ?? 0) > 0) return false;
    this.running.set(recipeId, count + 1);
    return true;
  }

  async take(recipeId: string, limit: number): Promise<void> {
    if (this.tryTake(recipeId, limit)) return;
    await new Promise<void>((resolve) => this.waiting.set(recipeId, [...(this.waiting.get(recipeId) ?? []), resolve]));
  }

  /** Frees a slot: the first waiter, if any, gets it at once (the count stays). */
  give(recipeId: string): void {
    const waiters = this.waiting.get(recipeId);
    const next = waiters?.shift();
    if (waiters?.length === 0) this.waiting.delete(recipeId);
    if (next) return next();
    const count = (this.running.get(recipeId) ?? 1) - 1;
    if (count > 0) this.running.set(recipeId, count);
    else this.running.delete(recipeId);
  }
}

export interface LocalRunsDeps {
  executor: JobExecutor;
  slots: RecipeSlots;
  logger: Logger;
}

/**
 * Accepted webhook jobs run in the process that accepted them when it runs jobs at all and uses
 * the embedded store: the job row is stored as running, under a lease renewed while it runs, before
 * the 202; the job then runs from memory. Through the queue the same job cost a queue row, a claim,
 * a read and decryption of the row and a settle — five more writes and reads per event, several
 * times the work of the job itself (bench/webhook-accepted.ts). Nothing is lost: a crash leaves
 * the row running with a lease that runs out, and the recovery sweep queues it (recovery.ts), to
 * resume after its last recorded step like any job.
 *
 * Only where one process owns the queue (SQLite): with PostgreSQL the queue spreads a recipe's jobs
 * and its `concurrency` over every worker process, which a job run here would bypass. A recipe of
 * concurrency 1 keeps the queue too: its events run in the order they came.
 */
export function createLocalRuns(deps: LocalRunsDeps) {
  const inFlight = new Set<Promise<void>>();
  let enabled = false;

  return {
    /** From now on accepted jobs may run here (the engine calls it when this process runs jobs on SQLite). */
    enable(): void {
      enabled = true;
    },
    /** Takes one of the recipe's slots for a job to run here, or says no: the job goes to the queue. */
    tryTake(recipeId: string, limit: number): boolean {
      return enabled && limit > 1 && deps.slots.tryTake(recipeId, limit);
    },
    /** Gives back a slot taken by `tryTake` for a job that will not run here after all. */
    give: (recipeId: string): void => deps.slots.give(recipeId),
    /**
     * Runs a job whose row is stored as running, in a slot taken by `tryTake`. The slot is freed as
     * soon as its steps are done: `concurrency` bounds the work done for a recipe at once, and its
     * outcome waits a turn of the event loop to be written with others' (writer.ts).
     */
    start(row: JobRow, definition: RecipeDefinition): void {
      let slotHeld = true;
      const giveSlot = () => {
        if (slotHeld) deps.slots.give(row.recipe_id);
        slotHeld = false;
      };
      const run: Promise<void> = deps.executor
        .run(row, definition, undefined, giveSlot)
        .then(() => undefined)
        .catch((err: unknown) => deps.logger.error({ err, jobId: row.id }, 'an accepted job failed to run; the recovery sweep will queue it'))
        .finally(() => {
          giveSlot();
          inFlight.delete(run);
        });
      inFlight.add(run);
    },
    /** Waits for the jobs running here, at most `timeoutMs`: one still running is recovered after its lease, by this process after a restart or by another. */
    async drain(timeoutMs: number): Promise<void> {
      enabled = false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.all(inFlight), timeout]);
      clearTimeout(timer);
    },
  };
}

export type LocalRuns = ReturnType<typeof createLocalRuns>;
