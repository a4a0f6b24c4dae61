import { PatchbayError, type SerializedError, serializeError } from '@patchbay/core';
import type { RecipeDefinition, Step } from '../definition/schema.ts';
import { recordable } from './redact.ts';

/** What mappings see: the trigger event, earlier steps' outputs, and the loop/catch variables. */
export interface Scope {
  trigger: unknown;
  steps: Record<string, { output: unknown }>;
  item?: unknown;
  index?: number;
  error?: SerializedError;
}

export interface StepRecord {
  /** Where the step is in the definition, e.g. `steps[2].then[0]`. */
  path: string;
  id: string;
  type: string;
  status: 'succeeded' | 'failed';
  /** The foreach iteration this record belongs to. */
  iteration?: number;
  input?: unknown;
  output?: unknown;
  error?: SerializedError;
  attempts?: number;
  durationMs: number;
}

export interface RunDeps {
  /** Runs one action through the connection bound to `slot`. */
  runAction(slot: string, action: string, input: unknown): Promise<unknown>;
  /** Evaluates a mapping in a scope; throws an error naming `location` when it cannot. */
  evaluate(mapping: unknown, scope: Scope, location: string): Promise<unknown>;
  /** Sleeps between retries (tests pass a fast one). */
  sleep?(ms: number): Promise<void>;
  /** At most this many step records are kept (a foreach over thousands of items). Default 1000. */
  maxRecords?: number;
}

export interface RunResult {
  status: 'succeeded' | 'failed';
  result: unknown;
  error: (SerializedError & { step?: string }) | null;
  steps: StepRecord[];
  /** Records not kept because of `maxRecords`. */
  droppedRecords: number;
}

/** Ends the job early with a result: thrown by a `stop` step, caught by `runRecipe`. */
class StopSignal {
  constructor(readonly result: unknown, readonly failed: boolean, readonly reason: string | undefined) {}
}

class StepFailed extends Error {
  constructor(readonly stepId: string, readonly original: unknown) {
    super(`step ${stepId} failed`);
  }
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/**
 * Network failures, rate limits, 5xx from the app and connector-declared RetryableErrors are worth
 * retrying; bad input, auth, and unexpected exceptions in connector code (`action_failed`) are not.
 */
export function isRetryable(err: unknown): boolean {
  return err instanceof PatchbayError && RETRYABLE_STATUS.has(err.status) && err.code !== 'action_failed';
}

export async function runRecipe(definition: RecipeDefinition, trigger: unknown, deps: RunDeps): Promise<RunResult> {
  const records: StepRecord[] = [];
  let dropped = 0;
  const maxRecords = deps.maxRecords ?? 1000;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const record = (r: StepRecord) => (records.length < maxRecords ? records.push(r) : dropped++);
  let last: unknown = null;

  async function runStep(step: Step, scope: Scope, path: string, iteration: number | undefined): Promise<unknown> {
    const started = performance.now();
    const base = { path, id: step.id, type: step.type ?? 'action', ...(iteration === undefined ? {} : { iteration }) };
    let input: unknown;
    let attempts = 1;
    try {
      let output: unknown;
      switch (step.type) {
        case undefined:
        case 'action': {
          input = await deps.evaluate(step.input ?? {}, scope, `${path}.input`);
          const maxAttempts = step.retry?.maxAttempts ?? 3;
          for (;; attempts++) {
            try {
              output = await deps.runAction(step.slot ?? step.connector ?? '', step.action, input);
              break;
            } catch (err) {
              if (attempts >= maxAttempts || !isRetryable(err)) throw err;
              await sleep((step.retry?.delayMs ?? 1000) * 2 ** (attempts - 1));
            }
          }
          break;
        }
        case 'set': {
          output = await deps.evaluate(step.values, scope, `${path}.values`);
          break;
        }
        case 'if': {
          const branch = (await deps.evaluate(step.condition, scope, `${path}.condition`)) ? 'then' : 'else';
          await runSteps(branch === 'then' ? step.then : (step.else ?? []), scope, `${path}.${branch}`, iteration);
          output = { branch };
          break;
        }
        case 'foreach': {
          const items = await deps.evaluate(step.items, scope, `${path}.items`);
          const list = Array.isArray(items) ? items : items === null || items === undefined ? [] : [items];
          output = await forEachLimited(list, step.concurrency ?? 1, async (item, index) => {
            const inner: Scope = { ...scope, steps: { ...scope.steps }, item, index };
            await runSteps(step.steps, inner, `${path}.steps`, index);
            const produced: Record<string, unknown> = {};
            for (const s of step.steps) if (inner.steps[s.id]) produced[s.id] = inner.steps[s.id]?.output;
            return produced;
          });
          break;
        }
        case 'try': {
          const tries = 1 + (step.retries ?? 0);
          try {
            for (;; attempts++) {
              try {
                await runSteps(step.steps, scope, `${path}.steps`, iteration);
                break;
              } catch (err) {
                if (err instanceof StopSignal || attempts >= tries) throw err;
              }
            }
            output = { caught: false };
          } catch (err) {
            if (err instanceof StopSignal) throw err;
            const error = serializeError(err instanceof StepFailed ? err.original : err);
            await runSteps(step.catch, { ...scope, error }, `${path}.catch`, iteration);
            output = { caught: true, error };
          }
          break;
        }
        case 'stop': {
          const result = step.result === undefined ? last : await deps.evaluate(step.result, scope, `${path}.result`);
          record({ ...base, status: 'succeeded', output: recordable(result), durationMs: performance.now() - started });
          throw new StopSignal(result, step.failed ?? false, step.reason);
        }
      }
      scope.steps[step.id] = { output };
      last = output;
      record({ ...base, status: 'succeeded', ...(input === undefined ? {} : { input: recordable(input) }), output: recordable(output), ...(attempts > 1 ? { attempts } : {}), durationMs: performance.now() - started });
      return output;
    } catch (err) {
      if (err instanceof StopSignal || err instanceof StepFailed) throw err;
      record({ ...base, status: 'failed', ...(input === undefined ? {} : { input: recordable(input) }), error: serializeError(err), ...(attempts > 1 ? { attempts } : {}), durationMs: performance.now() - started });
      throw new StepFailed(step.id, err);
    }
  }

  async function runSteps(steps: readonly Step[], scope: Scope, path: string, iteration: number | undefined): Promise<void> {
    for (const [index, step] of steps.entries()) await runStep(step, scope, `${path}[${index}]`, iteration);
  }

  try {
    await runSteps(definition.steps, { trigger, steps: {} }, 'steps', undefined);
    return { status: 'succeeded', result: last, error: null, steps: records, droppedRecords: dropped };
  } catch (err) {
    if (err instanceof StopSignal) {
      return err.failed
        ? { status: 'failed', result: err.result, error: { code: 'stopped', message: err.reason ?? 'The recipe stopped the job as failed.' }, steps: records, droppedRecords: dropped }
        : { status: 'succeeded', result: err.result, error: null, steps: records, droppedRecords: dropped };
    }
    const step = err instanceof StepFailed ? err.stepId : undefined;
    const error = serializeError(err instanceof StepFailed ? err.original : err);
    return { status: 'failed', result: null, error: { ...error, ...(step ? { step } : {}) }, steps: records, droppedRecords: dropped };
  }
}

/** Maps with at most `limit` items in flight, keeping the results in order. */
async function forEachLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index] as T, index);
      }
    }),
  );
  return results;
}
