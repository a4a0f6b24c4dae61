import { type Job, type JobHandler, type JsonValue, type WorkOptions, asJsonHandler, checkWork } from './queue.ts';
import { Runner, type RunnerBackend } from './runner.ts';

/**
 * The registered runners of one queue instance and its life cycle (new → started → stopped),
 * shared by the embedded and the PostgreSQL queue: only claiming and settling differ between them.
 */
export class Workers<T extends Job> {
  readonly #runners = new Map<string, Runner<T>>();
  #state: 'new' | 'started' | 'stopped' = 'new';

  constructor(private readonly options: { backend: RunnerBackend<T>; pollMs: number; onError: (error: unknown) => void }) {}

  get state(): 'new' | 'started' | 'stopped' {
    return this.#state;
  }

  register<P extends JsonValue>(name: string, handler: JobHandler<P>, work: WorkOptions): void {
    checkWork(name, work);
    if (this.#runners.has(name)) throw new Error(`A handler for "${name}" is already registered on this queue`);
    if (this.#state === 'stopped') throw new Error('The queue is stopped');
    const runner = new Runner({ name, handler: asJsonHandler(handler), concurrency: work.concurrency, ...this.options });
    this.#runners.set(name, runner);
    if (this.#state === 'started') runner.start();
  }

  wake(name: string): void {
    this.#runners.get(name)?.wake();
  }

  /** Jobs whose handlers run now, in every runner. */
  active(): T[] {
    return [...this.#runners.values()].flatMap((r) => r.active());
  }

  start(): void {
    this.#state = 'started';
    for (const runner of this.#runners.values()) runner.start();
  }

  /**
   * Stops every runner, waiting up to `timeoutMs` for running handlers. Returns the jobs still
   * running then (the caller fails them), or null when the queue was never started or is stopped.
   */
  async stop(timeoutMs: number): Promise<T[] | null> {
    const wasStarted = this.#state === 'started';
    this.#state = 'stopped';
    if (!wasStarted) return null;
    return (await Promise.all([...this.#runners.values()].map((r) => r.stop(timeoutMs)))).flat();
  }
}
