import { PatchbayError, type SerializedError, isRetryable, serializeError } from '@patchbay/core';
import { type RecipeDefinition, type Step, unhandledStepKind } from '../definition/schema.ts';
import type { ProgressEntry, Resume } from './progress.ts';
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
  /**
   * Runs one action through the connection bound to `slot`. `execution` names this execution of the
   * step within the job: its path with the index of every enclosing foreach iteration
   * (`steps[1]@3.steps[0]`), the same for every attempt, so that with the job id it makes the
   * step's idempotency key.
   */
  runAction(slot: string, action: string, input: unknown, execution: string): Promise<unknown>;
  /** Evaluates a mapping in a scope; throws an error naming `location` when it cannot. */
  evaluate(mapping: unknown, scope: Scope, location: string): Promise<unknown>;
  /** Sleeps between retries (tests pass a fast one). */
  sleep?(ms: number): Promise<void>;
  /** At most this many step records are kept (a foreach over thousands of items). Default 1000. */
  maxRecords?: number;
  /** An error that is not one of ours (a bug): recorded as internal_error, so it must be logged here, once. */
  onInternalError?(err: unknown, path: string): void;
  /** Told of every finished step, so that a crash does not lose them (progress.ts). Default: none. */
  progress?: StepProgress;
  /** What the job had done before a crash: finished steps are not run again. */
  resume?: Resume;
}

/**
 * Where a job reports what it has done (progress.ts). `execution` is the step's path with the index
 * of every enclosing foreach iteration, as in its idempotency key.
 */
export interface StepProgress {
  /** A step finished; `output` whole (later mappings read it); `action` when the step had an effect outside. */
  succeeded(execution: string, record: StepRecord, output: unknown, action: boolean): void;
  /** A step failed (its record only: a job resumed inside a try shows the failure in its history). */
  failed(execution: string, record: StepRecord): void;
  /** A try's block failed and its catch runs with `error`. */
  caught(execution: string, error: SerializedError): void;
  /** Resolves once what was reported is stored: awaited before every action. */
  beforeAction(): Promise<void>;
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

/** A resumed try whose block had failed before the crash: its catch runs with the error it had. */
class CaughtBefore {
  constructor(readonly error: SerializedError) {}
}

class StepFailed extends Error {
  constructor(readonly stepId: string, readonly original: unknown) {
    super(`step ${stepId} failed`);
  }
}

export async function runRecipe(definition: RecipeDefinition, trigger: unknown, deps: RunDeps): Promise<RunResult> {
  return new JobRun(deps).run(definition, trigger);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One run of a recipe's steps. A class rather than closures made per job: a synchronous webhook
 * job runs on the request's path, where each closure created per job (and its name, which tsx
 * sets at run time) showed in profiles.
 */
class JobRun {
  private readonly records: StepRecord[] = [];
  private dropped = 0;
  private last: unknown = null;
  private readonly maxRecords: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly progress: StepProgress | undefined;
  /** Of a resumed job: the steps it finished, the catches it entered, and every execution it recorded. */
  private readonly finished: Map<string, { id: string; output: unknown }> | undefined;
  private readonly caughtErrors: Map<string, SerializedError> | undefined;
  private readonly seen: Set<string> | undefined;

  constructor(private readonly deps: RunDeps) {
    this.maxRecords = deps.maxRecords ?? 1000;
    this.sleep = deps.sleep ?? defaultSleep;
    this.progress = deps.progress;
    if (deps.resume) {
      this.finished = new Map();
      this.caughtErrors = new Map();
      this.seen = new Set();
      for (const entry of deps.resume.entries) this.replay(entry);
    }
  }

  /** Takes back one entry of a resumed job: its record in history, in the order it was made. */
  private replay(entry: ProgressEntry): void {
    this.seen?.add(entry.execution);
    if (entry.kind === 'caught') {
      this.caughtErrors?.set(entry.execution, entry.error);
      return;
    }
    // A try that retried its block finished its steps again: the last run of an execution wins.
    if (entry.kind === 'succeeded') this.finished?.set(entry.execution, { id: entry.record.id, output: entry.output });
    if (this.records.length < this.maxRecords) this.records.push(entry.record);
    else this.dropped++;
  }

  /**
   * The steps inside a finished `if` or `try` wrote their outputs to the scope they share with the
   * steps after them (a foreach iteration's do not: they had a scope of their own).
   */
  private restoreInner(at: string, scope: Scope): void {
    const inside = `${at}.`;
    for (const [execution, { id, output }] of this.finished ?? []) {
      if (execution.startsWith(inside) && !execution.includes('@', inside.length)) scope.steps[id] = { output };
    }
  }

  /** The branch a resumed `if` had taken, from the executions recorded inside it; undefined when none was. */
  private resumedBranch(at: string): 'then' | 'else' | undefined {
    if (!this.seen) return undefined;
    const then = `${at}.then[`;
    const otherwise = `${at}.else[`;
    for (const execution of this.seen) {
      if (execution.startsWith(then)) return 'then';
      if (execution.startsWith(otherwise)) return 'else';
    }
    return undefined;
  }

  async run(definition: RecipeDefinition, trigger: unknown): Promise<RunResult> {
    const { records } = this;
    try {
      await this.runSteps(definition.steps, { trigger, steps: {} }, 'steps', undefined, 'steps');
      return { status: 'succeeded', result: this.last, error: null, steps: records, droppedRecords: this.dropped };
    } catch (err) {
      if (err instanceof StopSignal) {
        return err.failed
          ? { status: 'failed', result: err.result, error: { code: 'stopped', message: err.reason ?? 'The recipe stopped the job as failed.' }, steps: records, droppedRecords: this.dropped }
          : { status: 'succeeded', result: err.result, error: null, steps: records, droppedRecords: this.dropped };
      }
      const step = err instanceof StepFailed ? err.stepId : undefined;
      const error = serializeError(err instanceof StepFailed ? err.original : err);
      return { status: 'failed', result: null, error: { ...error, ...(step ? { step } : {}) }, steps: records, droppedRecords: this.dropped };
    }
  }

  /** Keeps a step's record, finishing it with attempts and duration. */
  private record(record: StepRecord, started: number, attempts: number): void {
    if (attempts > 1) record.attempts = attempts;
    record.durationMs = performance.now() - started;
    if (this.records.length < this.maxRecords) this.records.push(record);
    else this.dropped++;
  }

  /** A step's record, built field by field (object spreads were measurably slower here). */
  private stepRecord(step: Step, path: string, iteration: number | undefined, status: StepRecord['status']): StepRecord {
    const record: StepRecord = { path, id: step.id, type: step.type ?? 'action', status, durationMs: 0 };
    if (iteration !== undefined) record.iteration = iteration;
    return record;
  }

  /** `at` is `path` with the index of every enclosing foreach iteration (`steps[1]@3.steps`). */
  private async runSteps(steps: readonly Step[], scope: Scope, path: string, iteration: number | undefined, at: string): Promise<void> {
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index];
      if (step) await this.runStep(step, scope, `${path}[${index}]`, iteration, `${at}[${index}]`);
    }
  }

  private async runStep(step: Step, scope: Scope, path: string, iteration: number | undefined, at: string): Promise<unknown> {
    const { deps } = this;
    const finished = this.finished?.get(at);
    if (finished) {
      // Finished before the crash: its output is back in scope, its record in history.
      if (step.type === 'if' || step.type === 'try') this.restoreInner(at, scope);
      scope.steps[step.id] = { output: finished.output };
      this.last = finished.output;
      return finished.output;
    }
    const started = performance.now();
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
              // Every step before this one is stored before the app sees anything of this one.
              if (this.progress) await this.progress.beforeAction();
              output = await deps.runAction(step.slot ?? step.connector ?? '', step.action, input, at);
              break;
            } catch (err) {
              // The registry decides (error-codes.ts): outages and rate limits are retried, and
              // never a write that may already have reached the app (`unsafeToRepeat`).
              if (attempts >= maxAttempts || !isRetryable(err)) throw err;
              await this.sleep((step.retry?.delayMs ?? 1000) * 2 ** (attempts - 1));
            }
          }
          break;
        }
        case 'set': {
          output = await deps.evaluate(step.values, scope, `${path}.values`);
          break;
        }
        case 'if': {
          const branch = this.resumedBranch(at) ?? ((await deps.evaluate(step.condition, scope, `${path}.condition`)) ? 'then' : 'else');
          await this.runSteps(branch === 'then' ? step.then : (step.else ?? []), scope, `${path}.${branch}`, iteration, `${at}.${branch}`);
          output = { branch };
          break;
        }
        case 'foreach': {
          const items = await deps.evaluate(step.items, scope, `${path}.items`);
          const list = Array.isArray(items) ? items : items === null || items === undefined ? [] : [items];
          output = await forEachLimited(list, step.concurrency ?? 1, async (item, index) => {
            const inner: Scope = { ...scope, steps: { ...scope.steps }, item, index };
            await this.runSteps(step.steps, inner, `${path}.steps`, index, `${at}@${index}.steps`);
            const produced: Record<string, unknown> = {};
            for (const s of step.steps) if (inner.steps[s.id]) produced[s.id] = inner.steps[s.id]?.output;
            return produced;
          });
          break;
        }
        case 'try': {
          const tries = 1 + (step.retries ?? 0);
          try {
            // A resumed job whose block had already failed goes on with its catch.
            const caught = this.caughtErrors?.get(at);
            if (caught) {
              this.restoreInner(at, scope);
              throw new CaughtBefore(caught);
            }
            for (;; attempts++) {
              try {
                await this.runSteps(step.steps, scope, `${path}.steps`, iteration, `${at}.steps`);
                break;
              } catch (err) {
                // The recipe asked for retries, but not of a write that may already have taken effect.
                if (err instanceof StopSignal || attempts >= tries || unsafeToRepeat(err)) throw err;
              }
            }
            output = { caught: false };
          } catch (err) {
            if (err instanceof StopSignal) throw err;
            const error = err instanceof CaughtBefore ? err.error : serializeError(err instanceof StepFailed ? err.original : err);
            if (!(err instanceof CaughtBefore)) this.progress?.caught(at, error);
            await this.runSteps(step.catch, { ...scope, error }, `${path}.catch`, iteration, `${at}.catch`);
            output = { caught: true, error };
          }
          break;
        }
        case 'stop': {
          const result = step.result === undefined ? this.last : await deps.evaluate(step.result, scope, `${path}.result`);
          const record = this.stepRecord(step, path, iteration, 'succeeded');
          record.output = recordable(result);
          this.record(record, started, 1);
          throw new StopSignal(result, step.failed ?? false, step.reason);
        }
        default:
          unhandledStepKind(step);
      }
      scope.steps[step.id] = { output };
      this.last = output;
      const record = this.stepRecord(step, path, iteration, 'succeeded');
      if (input !== undefined) record.input = recordable(input);
      record.output = recordable(output);
      this.record(record, started, attempts);
      this.progress?.succeeded(at, record, output, step.type === undefined || step.type === 'action');
      return output;
    } catch (err) {
      if (err instanceof StopSignal || err instanceof StepFailed) throw err;
      const record = this.stepRecord(step, path, iteration, 'failed');
      if (input !== undefined) record.input = recordable(input);
      if (!(err instanceof PatchbayError)) this.deps.onInternalError?.(err, path);
      record.error = serializeError(err);
      this.record(record, started, attempts);
      this.progress?.failed(at, record);
      throw new StepFailed(step.id, err);
    }
  }
}

function unsafeToRepeat(err: unknown): boolean {
  const original = err instanceof StepFailed ? err.original : err;
  return original instanceof PatchbayError && original.unsafeToRepeat;
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
