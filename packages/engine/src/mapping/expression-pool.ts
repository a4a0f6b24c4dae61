import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import evaluateJsonata, { type ExpressionOutcome, type ExpressionTask } from './evaluate-jsonata.mjs';

/**
 * Isolated expressions: every mapping expression that the direct reader (direct.ts) does not
 * answer is evaluated in a small pool of child processes, each with a capped heap and a hard
 * deadline. A process past its deadline is killed and replaced; one that dies (out of memory, a
 * value too large for V8) is replaced too. The server's event loop only ever serializes a task,
 * waits for a message and deserializes the answer.
 *
 * Why processes and not worker threads: a thread's `resourceLimits` do not hold against one large
 * allocation. V8 lets a single allocation past the heap limit as a last resort (a 400 MB string in
 * a 64 MB thread succeeds), and at the next collection Node gives the dying thread only 16 MB more,
 * so V8 aborts the whole process: `$length($pad("", 500000000, "x"))` ends the server from a
 * thread exactly as it does inline. V8's fatal errors ("invalid size", heap limit) end a process,
 * never just a thread, so only a process boundary contains them. The cost is a message over a pipe
 * instead of between threads (bench/expression-pool.ts) and ~60 MB of memory per process.
 *
 * Processes are started by a relay thread (process-relay.mjs), because starting one blocks the
 * caller until the new process runs `node`; the thread also passes messages on, as bytes.
 *
 * Processes start lazily, at the first expression that needs one (most recipes map with plain
 * paths and never do), one more each time every process is busy, up to `workers`. They stay until
 * `close()`; while the pool is idle it does not keep the server process alive.
 */

export type { ExpressionOutcome, ExpressionTask } from './evaluate-jsonata.mjs';

/** How an evaluation ended: the expression's own outcome, or why the pool stopped it. */
export type PoolOutcome =
  | ExpressionOutcome
  /** Ran past its time limit; its process was killed. */
  | { limit: 'time' }
  /** Its process ran out of memory (or built a value too large for V8) and died. */
  | { limit: 'memory'; memoryMb: number }
  /** The scope holds a value that cannot be copied to another process (a function): not data. */
  | { unclonable: true };

/** Evaluates expressions: the pool, or `inlineRunner` for a baseline. */
export interface ExpressionRunner {
  run(task: ExpressionTask): Promise<PoolOutcome>;
}

export interface ExpressionPool extends ExpressionRunner {
  readonly workers: number;
  readonly memoryMb: number;
  /** Processes alive now (started or starting). */
  readonly processes: number;
  /** Kills every process and fails what is waiting. The pool cannot be used afterwards. */
  close(): Promise<void>;
}

export interface ExpressionPoolOptions {
  /** Processes evaluating at once (`PATCHBAY_EXPRESSION_WORKERS`). Default 2. */
  workers?: number;
  /** Heap of each process in MB, V8's old generation (`PATCHBAY_EXPRESSION_MEMORY_MB`). Default 64. */
  memoryMb?: number;
  /**
   * How long past an expression's own time limit its process is killed. JSONata checks the limit
   * between evaluation steps and stops cleanly, keeping the process; the kill is for what it cannot
   * see (one regular expression match, one huge string). Default 100 ms.
   */
  graceMs?: number;
  /** Told when a process is killed or dies. Default: nothing. */
  logger?: { warn(details: object, message: string): void };
}

export const DEFAULT_POOL = Object.freeze({ workers: 2, memoryMb: 64, graceMs: 100 });

/** Scheduling priority of expression processes: below the server's 0 (19 is the lowest). */
const NICENESS = 10;

/** In this thread, without isolation: the baseline of bench/expression-pool.ts, never for recipes. */
export const inlineRunner: ExpressionRunner = { run: evaluateJsonata };

const ENTRY = new URL('./expression-process.mjs', import.meta.url);
const RELAY = new URL('./process-relay.mjs', import.meta.url);

interface Pending {
  task: ExpressionTask;
  resolve(outcome: PoolOutcome): void;
  reject(err: Error): void;
}

interface Member {
  id: number;
  state: 'starting' | 'idle' | 'busy' | 'gone';
  job: Pending | undefined;
  deadline: NodeJS.Timeout | undefined;
}

type RelayMessage = { op: 'message'; id: number; data: unknown } | { op: 'exit'; id: number; reason: string; fatal: boolean };

export function createExpressionPool(options: ExpressionPoolOptions = {}): ExpressionPool {
  return new ProcessPool(options);
}

let shared: ExpressionPool | undefined;

/** One pool with the default settings, for mappings compiled without one (tests, scripts). */
export function sharedExpressionPool(): ExpressionPool {
  shared ??= createExpressionPool();
  return shared;
}

class ProcessPool implements ExpressionPool {
  readonly workers: number;
  readonly memoryMb: number;
  private readonly graceMs: number;
  private readonly logger: ExpressionPoolOptions['logger'];
  private readonly members = new Map<number, Member>();
  private readonly waiting: Pending[] = [];
  private relay: Worker | undefined;
  private nextId = 1;
  private closed = false;

  constructor(options: ExpressionPoolOptions) {
    this.workers = options.workers ?? DEFAULT_POOL.workers;
    this.memoryMb = options.memoryMb ?? DEFAULT_POOL.memoryMb;
    this.graceMs = options.graceMs ?? DEFAULT_POOL.graceMs;
    this.logger = options.logger;
  }

  get processes(): number {
    return this.members.size;
  }

  run(task: ExpressionTask): Promise<PoolOutcome> {
    if (this.closed) return Promise.reject(new Error('The expression pool is closed.'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const closed = new Error('The expression pool is closed.');
    this.failWaiting(closed);
    for (const member of [...this.members.values()]) {
      member.job?.reject(closed);
      this.remove(member);
    }
    const relay = this.relay;
    this.relay = undefined;
    if (relay) {
      // The thread kills every process (one stuck in a regular expression would never see its
      // channel close) and ends.
      const ended = new Promise<void>((resolve) => relay.once('exit', () => resolve()));
      relay.ref();
      relay.postMessage({ op: 'close' });
      await ended;
    }
  }

  /** Hands waiting tasks to idle processes, starting processes (up to `workers`) for the rest. */
  private dispatch(): void {
    while (this.waiting.length > 0) {
      const idle = this.find('idle');
      if (idle) {
        this.start(idle, this.waiting.shift() as Pending);
      } else if (this.members.size < this.workers && this.count('starting') < this.waiting.length) {
        this.spawn();
      } else {
        break;
      }
    }
    this.holdEventLoop();
  }

  private spawn(): void {
    const member: Member = { id: this.nextId++, state: 'starting', job: undefined, deadline: undefined };
    this.members.set(member.id, member);
    this.relayThread().postMessage({ op: 'spawn', id: member.id });
  }

  private start(member: Member, job: Pending): void {
    let bytes: Buffer;
    try {
      bytes = serialize(job.task);
    } catch {
      // The scope holds something the v8 serializer cannot copy (a function).
      job.resolve({ unclonable: true });
      return;
    }
    member.state = 'busy';
    member.job = job;
    this.relayThread().postMessage({ op: 'send', id: member.id, bytes });
    member.deadline = setTimeout(() => this.expire(member), job.task.timeoutMs + this.graceMs);
  }

  private received(message: RelayMessage): void {
    const member = this.members.get(message.id);
    if (member === undefined) return; // killed or closed: whatever it still said is moot
    if (message.op === 'exit') {
      this.ended(member, message.reason, message.fatal);
    } else if (member.state === 'starting' && message.data === 'ready') {
      this.idle(member);
    } else if (member.state === 'busy' && member.job && message.data instanceof Uint8Array) {
      const { job } = member;
      this.idle(member);
      job.resolve(deserialize(message.data) as ExpressionOutcome);
    }
  }

  private idle(member: Member): void {
    clearTimeout(member.deadline);
    member.deadline = undefined;
    member.job = undefined;
    member.state = 'idle';
    this.dispatch();
  }

  /** Past the deadline: the process is killed (the only way to stop a synchronous regex match) and replaced. */
  private expire(member: Member): void {
    const { job } = member;
    this.remove(member);
    this.relay?.postMessage({ op: 'kill', id: member.id });
    this.logger?.warn({ timeoutMs: job?.task.timeoutMs }, 'an expression ran past its time limit: its process was killed and is replaced');
    job?.resolve({ limit: 'time' });
    this.replace();
  }

  private ended(member: Member, reason: string, fatal: boolean): void {
    const { job } = member;
    const wasStarting = member.state === 'starting';
    this.remove(member);
    if (job) {
      this.logger?.warn({ reason, memoryMb: this.memoryMb }, fatal ? 'an expression ran out of memory: its process died and is replaced' : 'an expression process ended unexpectedly and is replaced');
      if (fatal) job.resolve({ limit: 'memory', memoryMb: this.memoryMb });
      else job.reject(new Error(`The expression process ended unexpectedly (${reason}).`));
      this.replace();
    } else if (wasStarting) {
      // It could not start. Rather than start processes in a loop, what waits goes to the
      // processes there are, or fails when there are none; the next expression tries again.
      if (this.members.size === 0) this.failWaiting(new Error(`An expression process could not start (${reason}).`));
      this.holdEventLoop();
    }
  }

  private failWaiting(err: Error): void {
    for (const waiting of this.waiting.splice(0)) waiting.reject(err);
  }

  /** Keeps the pool at its size: a killed process is replaced at once, so the next expression does not wait for a start. */
  private replace(): void {
    if (this.closed) return;
    if (this.members.size < this.workers) this.spawn();
    this.dispatch();
  }

  private remove(member: Member): void {
    clearTimeout(member.deadline);
    member.deadline = undefined;
    member.state = 'gone';
    this.members.delete(member.id);
  }

  private relayThread(): Worker {
    if (this.relay) return this.relay;
    const relay = new Worker(RELAY, {
      workerData: {
        entry: fileURLToPath(ENTRY),
        // --disallow-code-generation-from-strings: JSONata never needs eval; nothing else should.
        execArgv: [`--max-old-space-size=${this.memoryMb}`, '--disallow-code-generation-from-strings'],
        niceness: NICENESS,
      },
    });
    relay.on('message', (message: RelayMessage) => this.received(message));
    relay.on('error', (err) => this.relayFailed(relay, err));
    relay.on('exit', (code) => this.relayFailed(relay, new Error(`exit code ${code}`)));
    this.relay = relay;
    return relay;
  }

  /** The relay thread failed (a bug): its processes are gone with it, so is everything they ran. */
  private relayFailed(relay: Worker, err: Error): void {
    if (this.relay !== relay) return; // closed, or already handled
    this.relay = undefined;
    this.logger?.warn({ err }, 'the expression relay thread ended: expression processes are started again as needed');
    const lost = new Error(`The expression processes were lost (${err.message}).`);
    for (const member of [...this.members.values()]) {
      member.job?.reject(lost);
      this.remove(member);
    }
    // Not started again here, in case it fails again at once: the next expression starts a new thread.
    this.failWaiting(lost);
  }

  /**
   * While a task runs or waits, the relay thread keeps the event loop alive (someone awaits the
   * answer); an idle pool does not keep the process alive.
   */
  private holdEventLoop(): void {
    const busy = this.waiting.length > 0 || this.find('busy') !== undefined;
    if (busy) this.relay?.ref();
    else this.relay?.unref();
  }

  private find(state: Member['state']): Member | undefined {
    for (const member of this.members.values()) if (member.state === state) return member;
    return undefined;
  }

  private count(state: Member['state']): number {
    let n = 0;
    for (const member of this.members.values()) if (member.state === state) n++;
    return n;
  }
}
