import { NotFoundError, isoIn, isoNow, newSortableId } from '@patchbay/core';
import type { Kysely } from 'kysely';
import type { Database, JobsTable, Store } from '@patchbay/store';
import type { JobSummary, JobView } from '../recipes/views.ts';
import { recordable } from './redact.ts';
import type { RunResult } from './runner.ts';

/** How long a process may run a job before others consider it crashed (renewed while running). */
export const JOB_LEASE_MS = 5 * 60_000;

export type JobRow = JobsTable;

export interface NewJob {
  workspaceId: string;
  recipeId: string;
  version: number;
  trigger: unknown;
  status: 'queued' | 'running';
  rerunOf?: string;
}

/** A job row not yet written: a synchronous webhook writes it once, when the job has finished. */
export function newJobRow(job: NewJob): JobRow {
  const now = Date.now();
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
    lease_until: job.status === 'running' ? isoIn(JOB_LEASE_MS, now) : null,
    created_at: isoNow(now),
    started_at: job.status === 'running' ? isoNow(now) : null,
    finished_at: null,
  };
}

export async function insertJob(db: Kysely<Database>, job: NewJob): Promise<JobRow> {
  const row = newJobRow(job);
  await db.insertInto('jobs').values(row).execute();
  return row;
}

/** The row of a job with its outcome recorded. */
export function finishedRow(row: JobRow, outcome: RunResult): JobRow {
  return { ...row, ...outcomeColumns(outcome) };
}

function outcomeColumns(outcome: RunResult) {
  return {
    status: outcome.status,
    steps: JSON.stringify({ records: outcome.steps, dropped: outcome.droppedRecords }),
    result: JSON.stringify(recordable(outcome.result)),
    error: outcome.error ? JSON.stringify(outcome.error) : null,
    lease_until: null,
    finished_at: isoNow(),
  };
}

/** queued → running, once: a job delivered twice (at-least-once queues) runs only once. */
export async function claimJob(store: Store, id: string): Promise<boolean> {
  const now = Date.now();
  const result = await store.db
    .updateTable('jobs')
    .set({ status: 'running', started_at: isoNow(now), lease_until: isoIn(JOB_LEASE_MS, now) })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('lease_until', '<', isoNow(now))])]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function renewLease(store: Store, id: string): Promise<void> {
  await store.db.updateTable('jobs').set({ lease_until: isoIn(JOB_LEASE_MS) }).where('id', '=', id).where('status', '=', 'running').execute();
}

export async function finishJob(store: Store, id: string, outcome: RunResult): Promise<void> {
  await store.db.updateTable('jobs').set(outcomeColumns(outcome)).where('id', '=', id).execute();
}

export async function findJob(store: Store, workspaceId: string, id: string): Promise<JobRow> {
  const row = await store.db.selectFrom('jobs').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) throw new NotFoundError('job', id);
  return row;
}

function parse(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

function objectOrNull(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : null;
}

export function jobSummary(row: JobRow): JobSummary {
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
