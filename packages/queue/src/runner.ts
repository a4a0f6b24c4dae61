import type { Job, JobHandler } from './queue.ts';

/** What a storage backend does for the worker loop; `T` carries whatever it needs to settle a job. */
export interface RunnerBackend<T extends Job> {
  /** Atomically takes up to `limit` due jobs of `name` for this worker. */
  claim(name: string, limit: number): Promise<T[]>;
  succeed(job: T): Promise<void>;
  fail(job: T, error: unknown): Promise<void>;
}

export interface RunnerOptions<T extends Job> {
  name: string;
  handler: JobHandler;
  concurrency: number;
  /** An idle worker looks for jobs this often; `wake()` and finished handlers make it look at once. */
  pollMs: number;
  backend: RunnerBackend<T>;
  onError: (error: unknown) => void;
}

/**
 * The worker loop both queues share: claim as many jobs as there are free slots, run each handler,
 * settle it, and claim again as soon as a slot frees up.
 */
export class Runner<T extends Job> {
  readonly name: string;
  // A Set, not a Map by id: a job re-delivered after its lease ended may run here twice.
  private readonly running = new Set<{ job: T; done: Promise<void> }>();
  private stopping = false;
  private abandoned = false;
  private loopDone: Promise<void> | null = null;
  private woken = false;
  private wakeUp: (() => void) | null = null;

  constructor(private readonly options: RunnerOptions<T>) {
    this.name = options.name;
  }

  start(): void {
    this.loopDone ??= this.loop();
  }

  /** Makes an idle loop look for jobs now (a local enqueue); never lost if the loop is busy. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Jobs whose handlers are running now. */
  active(): T[] {
    return [...this.running.values()].map((r) => r.job);
  }

  /**
   * Stops claiming, waits up to `timeoutMs` for running handlers, and returns the jobs still running
   * then; their results are ignored from now on, so the caller can hand them back.
   */
  async stop(timeoutMs: number): Promise<T[]> {
    this.stopping = true;
    this.wake();
    await this.loopDone;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all([...this.running.values()].map((r) => r.done)), timeout]);
    clearTimeout(timer);
    this.abandoned = true;
    return this.active();
  }

  private async loop(): Promise<void> {
    const { name, concurrency, pollMs, backend, onError } = this.options;
    // Under load every finished handler frees one slot; claiming for each alone made claims (one
    // statement each, and on PostgreSQL one at a time per name across processes) the limit. So a busy
    // worker waits until a quarter of its slots are free, or a poll interval has passed since its last
    // claim (slots held by long handlers must not keep a few free ones idle for long).
    const minBatch = Math.max(1, Math.floor(concurrency / 4));
    let lastClaim = 0;
    while (!this.stopping) {
      this.woken = false;
      const free = concurrency - this.running.size;
      const sinceClaim = performance.now() - lastClaim;
      let claimed = 0;
      if (free > 0 && (free >= minBatch || this.running.size === 0 || sinceClaim >= pollMs)) {
        lastClaim = performance.now();
        try {
          const jobs = await backend.claim(name, free);
          claimed = jobs.length;
          for (const job of jobs) this.run(job);
        } catch (err) {
          onError(err);
        }
      } else if (free > 0) {
        // Slots are free but too few to claim for yet: look again when more free up, or at the poll.
        await this.sleep(pollMs - sinceClaim);
        continue;
      }
      // A full batch suggests more are waiting: look again at once instead of sleeping.
      if (this.stopping || (claimed > 0 && claimed === free)) continue;
      await this.sleep(pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  private run(job: T): void {
    const { handler, backend, onError } = this.options;
    const entry: { job: T; done: Promise<void> } = { job, done: Promise.resolve() };
    entry.done = (async () => {
      let failure: { error: unknown } | null = null;
      try {
        await handler(job);
      } catch (error) {
        failure = { error };
      }
      // After stop() gave up on this handler its job was handed back: settling it now could
      // overwrite another worker's run of the same job.
      if (this.abandoned) return;
      try {
        if (failure) await backend.fail(job, failure.error);
        else await backend.succeed(job);
      } catch (err) {
        onError(err);
      }
    })().finally(() => {
      this.running.delete(entry);
      this.wake();
    });
    this.running.add(entry);
  }
}
