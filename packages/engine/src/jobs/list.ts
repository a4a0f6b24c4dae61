import { InvalidInputError, type Page, type PageRequest, decodeCursor, pageFrom, serializeError } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import type { JobStatus, JobSummary } from '../recipes/views.ts';
import { payloadsOf } from './payloads.ts';
import { JOB_SUMMARY_COLUMNS, jobSummary } from './store.ts';

/** Filters of a job list; each one left out matches every job. */
export interface JobFilter {
  /** Jobs of this recipe (a deleted recipe's jobs too, until their history expires). */
  recipe?: string | undefined;
  status?: JobStatus | undefined;
  /** Jobs created at or after this time (ISO 8601, with a time zone). */
  since?: string | undefined;
}

export type JobQuery = JobFilter & PageRequest;

/** The `list` name inside job cursors: a cursor of another list is refused. */
const LIST = 'jobs';

/**
 * A workspace's jobs, newest first, by (created_at, id) descending: the indexes jobs_workspace,
 * jobs_workspace_status and jobs_recipe (migration 0004) serve each filter as a range scan.
 */
export async function listJobs(store: Store, workspaceId: string, query: JobQuery): Promise<Page<JobSummary>> {
  const rows = await jobListQuery(store, workspaceId, query).execute();
  const payloads = payloadsOf(store.db);
  return pageFrom(rows, query, LIST, (row) => ({ at: row.created_at, id: row.id }), (row) => {
    // One row whose error fails its check shows that in its place, rather than failing the whole list.
    try {
      return jobSummary(payloads.openColumns(row));
    } catch (err) {
      return { ...jobSummary({ ...row, error: null }), error: { ...serializeError(err) } };
    }
  });
}

/** The query of one page (and one row more, to know whether another page follows). */
export function jobListQuery(store: Store, workspaceId: string, query: JobQuery) {
  let select = store.db.selectFrom('jobs').select(JOB_SUMMARY_COLUMNS).where('workspace_id', '=', workspaceId);
  if (query.recipe !== undefined) select = select.where('recipe_id', '=', query.recipe);
  if (query.status !== undefined) select = select.where('status', '=', query.status);
  if (query.since !== undefined) select = select.where('created_at', '>=', isoTimeOf(query.since));
  if (query.cursor !== undefined) {
    const after = decodeCursor(LIST, query.cursor);
    select = select.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.at, after.id)));
  }
  return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1);
}

/** Stored times are `toISOString()` text, so a time given with an offset is compared in that form. */
function isoTimeOf(since: string): string {
  const time = Date.parse(since);
  if (Number.isNaN(time)) {
    throw new InvalidInputError('query.since must be an ISO 8601 time such as 2025-01-31T09:00:00Z.', [{ path: 'query.since', message: 'must be an ISO 8601 time' }]);
  }
  return new Date(time).toISOString();
}
