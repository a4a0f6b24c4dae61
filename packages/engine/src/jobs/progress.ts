import type { SerializedError } from '@patchbay/core';
import type { JobProgressTable, Store } from '@patchbay/store';
import { type JobPayloads, payloadsOf } from './payloads.ts';
import type { StepProgress, StepRecord } from './runner.ts';

/**
 * Durable steps. A job that runs on the queue (or a synchronous webhook job once it has outlasted its
 * timeout and been stored as running) records what it has done in `job_progress`: each step it
 * finished, with its record and its whole output (later mappings read it), each failure it recorded,
 * and each `try` that went to its `catch`. A process that takes the job over after a crash replays
 * those rows (`Resume`) and continues after the last finished step: a step that was in flight runs
 * again with the same idempotency key (`<job id>:<execution>`), nothing finished runs again.
 *
 * When rows are written, and what that costs:
 * - before every action, the entries made since the last write go in one insert, and the action
 *   waits for it: no app sees a step's request before the steps it follows are stored;
 * - after an action, one turn of the event loop later, unless the job has finished by then: the
 *   last action of a job (a one-step job: its only one) costs no write, since the job's outcome is
 *   written at once, and a job crashing between an action's answer and that write runs the action
 *   again with the same key, as it would one in flight.
 * So a job of n actions writes at most n progress inserts besides its own row, and a job of one
 * action none, except the select of a job that had started before (a taken-over one).
 *
 * The rows hold whole step outputs, like the trigger event the job row holds, sealed like it
 * (payloads.ts): they exist only while the job runs and are deleted when it finishes.
 */

/** One thing a running job did, in the order it did them. */
export type ProgressEntry =
  | { kind: 'succeeded'; execution: string; record: StepRecord; output: unknown }
  | { kind: 'failed'; execution: string; record: StepRecord }
  | { kind: 'caught'; execution: string; error: SerializedError };

/** What a job taken over after a crash had done: its progress rows, in order. */
export interface Resume {
  entries: readonly ProgressEntry[];
}

type Row = JobProgressTable;

function toRow(jobId: string, seq: number, entry: ProgressEntry): Row {
  let data: unknown;
  switch (entry.kind) {
    case 'succeeded':
      data = { record: entry.record, output: entry.output ?? null };
      break;
    case 'failed':
      data = { record: entry.record };
      break;
    case 'caught':
      data = { error: entry.error };
      break;
  }
  return { job_id: jobId, seq, execution: entry.execution, kind: entry.kind, data: JSON.stringify(data) };
}

function fromRow(row: Pick<Row, 'execution' | 'kind' | 'data'>): ProgressEntry | undefined {
  const data = JSON.parse(row.data) as { record?: StepRecord; output?: unknown; error?: SerializedError };
  switch (row.kind) {
    case 'succeeded':
      return data.record ? { kind: 'succeeded', execution: row.execution, record: data.record, output: data.output } : undefined;
    case 'failed':
      return data.record ? { kind: 'failed', execution: row.execution, record: data.record } : undefined;
    case 'caught':
      return data.error ? { kind: 'caught', execution: row.execution, error: data.error } : undefined;
    default:
      return undefined;
  }
}

/** The progress a job stored, or undefined when it stored none. A row that fails its integrity check throws. */
export async function loadProgress(store: Store, jobId: string): Promise<(Resume & { nextSeq: number }) | undefined> {
  const rows = await store.db.selectFrom('job_progress').select(['seq', 'execution', 'kind', 'data']).where('job_id', '=', jobId).orderBy('seq').execute();
  const payloads = payloadsOf(store.db);
  return rows.length === 0 ? undefined : resumeFrom(rows.map((row) => ({ ...row, data: payloads.openProgress(jobId, row.seq, row.data) })));
}

/** A resume from progress rows (their `data` opened) in `seq` order. */
export function resumeFrom(rows: readonly Pick<Row, 'seq' | 'execution' | 'kind' | 'data'>[]): Resume & { nextSeq: number } {
  const entries: ProgressEntry[] = [];
  for (const row of rows) {
    const entry = fromRow(row);
    if (entry) entries.push(entry);
  }
  return { entries, nextSeq: (rows.at(-1)?.seq ?? -1) + 1 };
}

/** Removes a finished job's progress. */
export async function deleteProgress(store: Store, jobId: string): Promise<void> {
  await store.db.deleteFrom('job_progress').where('job_id', '=', jobId).execute();
}

const settled = Promise.resolve();

/**
 * A job's progress as it runs. Entries are kept in memory until written; with `durable: false` (a
 * synchronous webhook job, whose row is not stored yet) nothing is written until `makeDurable`.
 */
export class JobProgress implements StepProgress {
  private pending: ProgressEntry[] = [];
  private writing: Promise<void> = settled;
  private scheduled: NodeJS.Immediate | undefined;
  private nextSeq: number;
  private durable: boolean;
  private closed = false;
  /** Whether the job has rows in `job_progress` (written here or before a crash): delete them when it finishes. */
  stored: boolean;

  constructor(
    private readonly write: (rows: Row[]) => Promise<void>,
    private readonly jobId: string,
    options: { durable: boolean; resumed?: { nextSeq: number } },
  ) {
    this.durable = options.durable;
    this.nextSeq = options.resumed?.nextSeq ?? 0;
    this.stored = options.resumed !== undefined;
  }

  succeeded(execution: string, record: StepRecord, output: unknown, action: boolean): void {
    this.pending.push({ kind: 'succeeded', execution, record, output });
    if (action && this.durable && !this.closed) this.scheduled ??= setImmediate(() => this.flushLater());
  }

  failed(execution: string, record: StepRecord): void {
    this.pending.push({ kind: 'failed', execution, record });
  }

  caught(execution: string, error: SerializedError): void {
    this.pending.push({ kind: 'caught', execution, error });
  }

  /** Resolves once every entry made so far is stored; rejects if a write failed (the action then fails). */
  beforeAction(): Promise<void> {
    if (!this.durable) return settled;
    this.flush();
    return this.writing;
  }

  /** The job's row is stored now (a synchronous job that outlasted its timeout): write what it did, and go on writing. */
  makeDurable(): Promise<void> {
    this.durable = true;
    if (this.closed) return settled;
    this.flush();
    return this.writing;
  }

  /** The job has finished: nothing more is written (its outcome says it all). Resolves once a write under way has ended. */
  close(): Promise<void> {
    this.closed = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.pending = [];
    return this.writing.catch(() => {});
  }

  /** Not a bound field: a closure per job showed in the synchronous webhook's profiles (runner.ts). */
  private flushLater(): void {
    this.scheduled = undefined;
    this.flush();
    // A failed write is reported by the next beforeAction; this one must not be unhandled.
    this.writing.catch(() => {});
  }

  private flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.pending.length === 0 || this.closed) return;
    const rows = this.pending.map((entry) => toRow(this.jobId, this.nextSeq++, entry));
    this.pending = [];
    this.stored = true;
    // In order: a write starts after the one before it, and one that failed fails those after it.
    this.writing = this.writing.then(() => this.write(rows));
  }
}

/** A job's progress, written sealed to the store's `job_progress` table. */
export function createJobProgress(store: Store, jobId: string, options: { durable: boolean; resumed?: { nextSeq: number } }): JobProgress {
  const payloads = payloadsOf(store.db);
  return new JobProgress((rows) => store.append('job_progress', sealProgressRows(payloads, rows)), jobId, options);
}

function sealProgressRows(payloads: JobPayloads, rows: Row[]): Row[] {
  return rows.map((row) => ({ ...row, data: payloads.sealProgress(row.job_id, row.seq, row.data) }));
}
