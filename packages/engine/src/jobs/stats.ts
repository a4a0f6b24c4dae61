import { sql } from 'kysely';
import type { JobStatusValue, Store } from '@patchbay/store';
import type { JobStats, JobStatsBucket } from '../recipes/views.ts';

const HOUR_MS = 3_600_000;

/** The default and the bounds of `hours` (one week at most: a chart of hourly bars, not an archive). */
export const JOB_STATS_HOURS = { default: 24, min: 1, max: 168 } as const;

export interface JobStatsQuery {
  /** Only this recipe's jobs; every recipe of the workspace when left out. */
  recipe?: string | undefined;
  /** How many hours, the current one included. */
  hours: number;
  /** The current time: its hour is the last bucket. */
  now: Date;
}

/**
 * Stored times are `toISOString()` text (`2025-01-31T09:12:34.567Z`), so a job's hour is the first 13
 * characters of `created_at` on SQLite and PostgreSQL alike: no date functions, which differ between
 * the two. Written without parameters so that the GROUP BY expression is the SELECT's exactly
 * (PostgreSQL compares them as text before running the query).
 */
const HOUR_OF_CREATION = sql<string>`substr(created_at, 1, 13)`;

/** The range of the chart: `hours` whole UTC hours ending with the current one. */
function hoursOf(query: JobStatsQuery): { from: number; to: number } {
  const currentHour = Math.floor(query.now.getTime() / HOUR_MS) * HOUR_MS;
  return { from: currentHour - (query.hours - 1) * HOUR_MS, to: currentHour + HOUR_MS };
}

/** One grouped query: a row per (hour, status) that has jobs, read from the jobs_workspace or jobs_recipe index. */
export function jobStatsQuery(store: Store, workspaceId: string, query: JobStatsQuery) {
  const { from, to } = hoursOf(query);
  let select = store.db
    .selectFrom('jobs')
    .select((eb) => [HOUR_OF_CREATION.as('hour'), 'status', eb.fn.countAll().as('count')])
    .where('workspace_id', '=', workspaceId)
    .where('created_at', '>=', new Date(from).toISOString())
    .where('created_at', '<', new Date(to).toISOString());
  if (query.recipe !== undefined) select = select.where('recipe_id', '=', query.recipe);
  return select.groupBy([HOUR_OF_CREATION, 'status']);
}

const emptyBucket = (start: number): JobStatsBucket => ({ start: new Date(start).toISOString(), queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 });

const STATUSES: ReadonlySet<string> = new Set<JobStatusValue>(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
const isStatus = (value: string): value is JobStatusValue => STATUSES.has(value);

/** Jobs per hour by status: exactly `hours` buckets, oldest first, hours without jobs at zero. */
export async function jobStats(store: Store, workspaceId: string, query: JobStatsQuery): Promise<JobStats> {
  const { from, to } = hoursOf(query);
  const buckets: JobStatsBucket[] = [];
  const byHour = new Map<string, JobStatsBucket>();
  for (let start = from; start < to; start += HOUR_MS) {
    const bucket = emptyBucket(start);
    buckets.push(bucket);
    byHour.set(bucket.start.slice(0, 13), bucket);
  }
  for (const row of await jobStatsQuery(store, workspaceId, query).execute()) {
    const bucket = byHour.get(row.hour);
    // PostgreSQL's count is a bigint, which pg returns as text.
    if (bucket && isStatus(row.status)) bucket[row.status] += Number(row.count);
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), buckets };
}
