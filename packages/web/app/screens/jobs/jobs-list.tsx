import { useJobs, useRecipeNames, type JobFilters } from '../../api/jobs.ts';
import { JobsTable } from './jobs-table.tsx';
import { LoadError } from '../../components/load-error.tsx';

interface Props {
  filters: JobFilters;
  showRecipe: boolean;
  /** What the table is, for its caption (read by screen readers). */
  caption: string;
}

/** A live list of jobs: loading and error states, the table, and "Load more" while the server has more. */
export function JobsList({ filters, showRecipe, caption }: Props) {
  const jobs = useJobs(filters);
  const names = useRecipeNames();

  if (jobs.isPending) return <p role="status">Loading jobs…</p>;
  if (jobs.isLoadingError) {
    return <LoadError what="jobs" error={jobs.error} retry={jobs.refetch} />;
  }

  const all = jobs.data.pages.flatMap((page) => page.jobs);
  const filtered = Boolean(filters.status || filters.recipe);
  return (
    <>
      <p role="status" className="count">
        {all.length === 0 ? 'No jobs' : `${all.length}${jobs.hasNextPage ? '+' : ''} ${all.length === 1 ? 'job' : 'jobs'}`}
        {jobs.isPlaceholderData ? ' (updating…)' : ''}
      </p>
      {jobs.isRefetchError ? (
        <p role="alert" className="banner error">
          Live updates paused: {jobs.error.message}. Retrying…
        </p>
      ) : null}
      {all.length === 0 ? (
        <div className="empty">
          <p>{filtered ? 'No job matches these filters.' : 'No jobs yet.'}</p>
          {filtered ? null : <p>A job starts each time a running recipe is triggered; it shows here as it runs.</p>}
        </div>
      ) : (
        <JobsTable jobs={all} recipeNames={names.data} showRecipe={showRecipe} caption={caption} />
      )}
      {jobs.hasNextPage ? (
        <div className="load-more">
          <button type="button" className="button secondary" onClick={() => void jobs.fetchNextPage()} disabled={jobs.isFetchingNextPage}>
            {jobs.isFetchingNextPage ? 'Loading more…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </>
  );
}
