/**
 * Glossary
 *
 * - **job**: one unit of work: a `name` (which handler runs it) and a small JSON `payload` (ids, not
 *   data: the engine keeps job history itself).
 * - **name**: the kind of job, e.g. `recipe-run`. A worker registers one handler per name.
 * - **group**: jobs of one recipe that share a concurrency limit (`groupConcurrency`). A group belongs
 *   to one name: the same group string under two names is two groups.
 * - **attempt**: one run of the handler for a job, counted from 1. A handler that throws fails the
 *   attempt; the job waits an exponential back-off and runs again, until `maxAttempts`.
 * - **dead**: a job whose last attempt failed. It stays visible to `counts()` and is never run again.
 * - **lease**: how long a claimed job belongs to its worker, renewed while its handler runs (both
 *   queues: `leaseMs`, `leaseSeconds`). A worker whose process dies stops renewing: when the lease
 *   ends the job is run again by another worker, as a new attempt. Delivery is therefore at least once;
 *   handlers must tolerate a second delivery of the same job.
 * - **worker**: the loop in a process that claims jobs of one name and runs up to `concurrency`
 *   handlers at once.
 */

/** What a payload may hold: it is stored as JSON. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface EnqueueOptions {
  /**
   * Jobs with the same group (under one name) share `groupConcurrency`. Default: no group.
   * @example { group: recipeId, groupConcurrency: 1 }
   */
  group?: string;
  /**
   * How many jobs of the group may run at once, across every worker process. 1 means strictly one at
   * a time, started in enqueue order (a job waiting out its retry back-off does not hold back later
   * jobs of its group). Default: unlimited. Ignored without `group`.
   */
  groupConcurrency?: number;
  /** Attempts before the job is dead. Default 5. */
  maxAttempts?: number;
  /** Do not start before this time. Default: now. */
  runAt?: Date;
}

export interface Job<P extends JsonValue = JsonValue> {
  id: string;
  name: string;
  /** As enqueued. Nothing validates it on the way: `P` is the caller's word for what it enqueues. */
  payload: P;
  /** 1 for the first run. */
  attempt: number;
  maxAttempts: number;
  group: string | null;
}

/** Resolves: the job succeeded. Throws: the attempt failed (retried after a back-off, or dead). */
export type JobHandler<P extends JsonValue = JsonValue> = (job: Job<P>) => Promise<void>;

export interface WorkOptions {
  /** Handlers of this name running at once in this process. */
  concurrency: number;
}

export interface StopOptions {
  /**
   * How long to wait for running handlers. Jobs still running then are failed ("worker stopped"),
   * which counts as an attempt, and their late results are ignored. Default 30 000 ms.
   */
  timeoutMs?: number;
}

export interface JobCounts {
  /** Waiting to start, including jobs waiting out a retry back-off. */
  queued: number;
  running: number;
  succeeded: number;
  dead: number;
}

export interface Queue {
  /** Stores a job and returns its id. Wakes this process's idle workers of that name at once. */
  enqueue(name: string, payload: JsonValue, options?: EnqueueOptions): Promise<string>;
  /**
   * Registers the handler for `name` (once per name and queue). Its worker takes jobs once the queue
   * is started; registering after `start()` starts it at once.
   */
  work<P extends JsonValue = JsonValue>(name: string, handler: JobHandler<P>, options: WorkOptions): Promise<void>;
  /** Opens what the queue needs and starts the registered workers. Call it before anything else. */
  start(): Promise<void>;
  /** Stops taking jobs, waits for running handlers (see `StopOptions`), then releases every timer and connection. */
  stop(options?: StopOptions): Promise<void>;
  /** Jobs by state, for one name or all: for tests and monitoring. */
  counts(name?: string): Promise<JobCounts>;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_STOP_TIMEOUT_MS = 30_000;

/** Names travel in SQL and NOTIFY payloads and appear in logs: letters, digits and a few marks only (no `/`, once pg-boss's group separator). */
const NAME = /^[A-Za-z0-9_.:-]{1,100}$/;

export function checkName(name: string): void {
  if (!NAME.test(name)) throw new TypeError(`Queue job name "${name}" must be 1–100 letters, digits, or _ . : -`);
}

export interface CheckedEnqueue {
  group: string | null;
  /** null: unlimited. */
  groupConcurrency: number | null;
  maxAttempts: number;
  runAt: Date | null;
}

export function checkEnqueue(name: string, options: EnqueueOptions = {}): CheckedEnqueue {
  checkName(name);
  const { group, groupConcurrency, maxAttempts = DEFAULT_MAX_ATTEMPTS, runAt } = options;
  if (group !== undefined && (typeof group !== 'string' || group.length === 0 || group.length > 200)) {
    throw new TypeError('Queue group must be a non-empty string of at most 200 characters');
  }
  const positive = (value: number | undefined, what: string) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) throw new RangeError(`Queue ${what} must be an integer >= 1, got ${value}`);
  };
  positive(groupConcurrency, 'groupConcurrency');
  positive(maxAttempts, 'maxAttempts');
  if (runAt !== undefined && Number.isNaN(runAt.getTime())) throw new RangeError('Queue runAt must be a valid Date');
  return {
    group: group ?? null,
    groupConcurrency: group !== undefined && groupConcurrency !== undefined ? groupConcurrency : null,
    maxAttempts,
    runAt: runAt ?? null,
  };
}

export function checkWork(name: string, options: WorkOptions): void {
  checkName(name);
  if (!(Number.isInteger(options.concurrency) && options.concurrency >= 1)) {
    throw new RangeError(`Queue worker concurrency must be an integer >= 1, got ${options.concurrency}`);
  }
}

/**
 * The wait before the attempt after `attempt` failed: `base · 2^(attempt-1) · (1 + random)` (pg-boss's
 * `retryBackoff` formula, kept when the PostgreSQL queue left pg-boss). Both implementations use it, so
 * they space retries alike; the random part keeps jobs that failed together from retrying together.
 */
export function backoffMs(baseMs: number, attempt: number, random = Math.random()): number {
  return baseMs * 2 ** Math.min(16, attempt - 1) * (1 + random);
}

/**
 * Adapts a handler typed for its payload to the stored JSON. The one unchecked step: payloads come
 * back as they were enqueued, and the queue has no schema to check them against.
 */
export function asJsonHandler<P extends JsonValue>(handler: JobHandler<P>): JobHandler {
  return (job) =>
    handler({ id: job.id, name: job.name, payload: job.payload as P, attempt: job.attempt, maxAttempts: job.maxAttempts, group: job.group });
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
