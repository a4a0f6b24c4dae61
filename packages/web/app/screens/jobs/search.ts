export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** The Jobs page's filters, kept in the URL: `/jobs?status=failed&recipe=<id>`. */
export interface JobsSearch {
  status?: JobStatus;
  recipe?: string;
}

export function jobsSearch(search: Record<string, unknown>): JobsSearch {
  const status = JOB_STATUSES.find((s) => s === search.status);
  return { ...(status ? { status } : {}), ...(typeof search.recipe === 'string' && search.recipe ? { recipe: search.recipe } : {}) };
}
