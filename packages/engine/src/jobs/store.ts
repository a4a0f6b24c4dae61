import { NotFoundError, isoIn, isoNow, newSortableId } from '@patchbay/core';
import type { Kysely } from 'kysely';
import type { Database, JobsTable, Store } from '@patchbay/store';
import type { JobSummary, JobView } from '../recipes/views.ts';
import { payloadsOf } from './payloads.ts';
import { recordable } from './redact.ts';
import type { RunResult } from './runner.ts';

/**
 * How long a process may go without renewing the lease of a job it runs before others consider it
 * crashed and queue the job again (`PATCHBAY_JOB_LEASE_SECONDS`; see lease-renewer.ts).
 */
export const DEFAULT_JOB_LEASE_MS = 30_000;

export type JobRow = JobsTable;

export interface NewJob {
  workspaceId: string;
  recipeId: string;
  version: number;
  trigger: unknown;
  status: 'queued' | 'running';
  rerunOf?: string;
  /** A running job's first lease (the process's job lease); default DEFAULT_JOB_LEASE_MS. */
  leaseMs?: number;
}

/**
 * A job row not yet written: a synchronous webhook writes it once, when the job has finished. A
 * running row gets the default lease; the lease renewer allows for that (lease-renewer.ts). Its
 * payload columns are JSON text, sealed when the row is written (payloads.ts).
 */
export function newJobRow(job: NewJob): JobRow {
  const now = Date.now();
  const createdAt = isoNow(now);
  return {
    id: newSortableId('job'),
    workspace_id: job.workspaceId,
    recipe_id: job.recipeId,
    recipe_version: job.version,
    status: job.status,
    // Kept whole: queued jobs and re-runs execute from it. Redacted only when shown.
    trigger_event: JSON.stringify(job.trigger ?? null),
    steps: null,
    result: null,
    error: null,
    rerun_of: job.rerunOf ?? null,
    lease_until: job.status === 'running' ? isoIn(job.leaseMs ?? DEFAULT_JOB_LEASE_MS, now) : null,
    created_at: createdAt,
    started_at: job.status === 'running' ? createdAt : null,
    finished_at: null,
  };
}

/** Inserts a new job; `db` is the engine's store's handle or a transaction of it (payloads.ts). */
export async function insertJob(db: Kysely<Database>, job: NewJob): Promise<JobRow> {
  const row = newJobRow(job);
  await db.insertInto('jobs').values(payloadsOf(db).sealColumns(row.id, row)).execute();
  return row;
}

/** The row of a job with its outcome recorded. */
export function finishedRow(row: JobRow, outcome: RunResult): JobRow {
  return { ...row, ...outcomeColumns(outcome) };
}

export function outcomeColumns(outcome: RunResult) {
  return {
    status: outcome.status,
    steps: JSON.stringify({ records: outcome.steps, dropped: outcome.droppedRecords }),
    result: JSON.stringify(recordable(outcome.result)),
    error: outcome.error ? JSON.stringify(outcome.error) : null,
    lease_until: null,
    finished_at: isoNow(),
  };
}

export interface ClaimedJob {
  /** The row as stored (payload sealed). */
  stored: JobRow;
  /** It had started before (it may have steps to resume after). */
  startedBefore: boolean;
}

/**
 * queued → running, once: a job delivered twice (at-least-once queues) runs only once. A running
 * job whose lease ran out is taken too: its process died, and the queue delivered it again. One
 * statement for every id (a queue hands its workers jobs in batches; see createBatchedCall), each
 * answered with its claim, or undefined when it was not claimable. `started_at` keeps a job's
 * first start, so a claim that finds it set did not set it.
 */
export async function claimJobs(store: Store, ids: readonly string[], leaseMs = DEFAULT_JOB_LEASE_MS): Promise<(ClaimedJob | undefined)[]> {
  const now = Date.now();
  const startedAt = isoNow(now);
  const rows = await store.db
    .updateTable('jobs')
    .set((eb) => ({ status: 'running', started_at: eb.fn.coalesce('started_at', eb.val(startedAt)), lease_until: isoIn(leaseMs, now) }))
    .where('id', 'in', ids)
    .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('lease_until', '<', startedAt)])]))
    .returningAll()
    .execute();
  const byId = new Map(rows.map((stored) => [stored.id, { stored, startedBefore: stored.started_at !== startedAt }]));
  // A job delivered twice in one batch is claimed once: by its first delivery.
  return ids.map((id) => {
    const claim = byId.get(id);
    byId.delete(id);
    return claim;
  });
}

/** Extends the leases of running jobs; ids of jobs not (yet) stored or already finished are passed over. */
export async function renewLeases(store: Store, ids: readonly string[], leaseMs: number): Promise<void> {
  if (ids.length === 0) return;
  await store.db.updateTable('jobs').set({ lease_until: isoIn(leaseMs) }).where('id', 'in', ids).where('status', '=', 'running').execute();
}

/** What enqueueing a job needs of its row: no payload, so a sweep neither decrypts nor stops at an unreadable one. */
export const QUEUED_JOB_COLUMNS = ['id', 'recipe_id', 'recipe_version', 'created_at'] as const;
export type QueuedJob = Pick<JobRow, (typeof QUEUED_JOB_COLUMNS)[number]>;

/**
 * running → queued for every job whose lease ran out, in one statement that returns the rows it
 * moved. Two processes sweeping at once cannot both get a job: PostgreSQL re-checks the WHERE on a
 * row another transaction just updated (and finds it queued), and SQLite runs one writer at a time.
 */
export async function requeueExpiredJobs(store: Store): Promise<QueuedJob[]> {
  return store.db
    .updateTable('jobs')
    .set({ status: 'queued', lease_until: null })
    .where('status', '=', 'running')
    .where('lease_until', '<', isoNow())
    .returning(QUEUED_JOB_COLUMNS)
    .execute();
}

/**
 * queued → running with a lease that has already run out: a job this process moved to queued but
 * could not hand to the queue is left for the next sweep to try again, unless it was claimed meanwhile.
 */
export async function leaveForNextSweep(store: Store, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await store.db.updateTable('jobs').set({ status: 'running', lease_until: isoNow() }).where('id', 'in', ids).where('status', '=', 'queued').execute();
}

/** A job with its payload opened; a value that fails its integrity check throws (payloads.ts). */
export async function findJob(store: Store, workspaceId: string, id: string): Promise<JobRow> {
  const row = await store.db.selectFrom('jobs').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) throw new NotFoundError('job', id);
  return payloadsOf(store.db).openColumns(row);
}

/** A job row by id with its payload opened, of any workspace (the queue's handler). */
export async function loadJob(store: Store, id: string): Promise<JobRow | undefined> {
  const row = await store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && payloadsOf(store.db).openColumns(row);
}

/** The trigger event of a job row the engine holds (opened: findJob, loadJob, newJobRow). */
export function jobTrigger(row: Pick<JobRow, 'trigger_event'>): unknown {
  return JSON.parse(row.trigger_event);
}

function parse(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

function objectOrNull(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : null;
}

/** The columns a summary reads: lists select only these, never the (large) trigger event and step history. `error` is stored sealed. */
export const JOB_SUMMARY_COLUMNS = ['id', 'recipe_id', 'recipe_version', 'status', 'error', 'rerun_of', 'created_at', 'started_at', 'finished_at'] as const;

export function jobSummary(row: Pick<JobRow, (typeof JOB_SUMMARY_COLUMNS)[number]>): JobSummary {
  return {
    id: row.id,
    recipeId: row.recipe_id,
    recipeVersion: row.recipe_version,
    status: row.status,
    error: objectOrNull(parse(row.error)),
    rerunOf: row.rerun_of,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export function jobView(row: JobRow): JobView {
  const steps = objectOrNull(parse(row.steps));
  const records = Array.isArray(steps?.records) ? steps.records.map((r: unknown) => objectOrNull(r) ?? {}) : [];
  return {
    ...jobSummary(row),
    trigger: recordable(parse(row.trigger_event)),
    steps: records,
    droppedStepRecords: typeof steps?.dropped === 'number' ? steps.dropped : 0,
    result: parse(row.result),
  };
}
