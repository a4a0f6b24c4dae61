import { Link } from '@tanstack/react-router';
import type { JobSummary } from '../../api/jobs.ts';
import { RelativeTime } from '../../components/relative-time.tsx';
import { formatDuration, jobDurationMs } from './format.ts';
import { errorOf } from './records.ts';
import { JobStatusBadge } from './status-badge.tsx';
import { useNow } from './use-now.ts';

interface Props {
  jobs: readonly JobSummary[];
  /** Names of recipes by id; a job of a deleted recipe shows its id. */
  recipeNames: ReadonlyMap<string, string> | undefined;
  /** False in one recipe's own list, where the column would repeat the same name. */
  showRecipe: boolean;
  caption: string;
}

/**
 * Jobs as a table (one row per job, each linking to the job), the same across recipes and for one
 * recipe. On a phone each row becomes a small card (jobs.css), every cell labelled by its column.
 */
export function JobsTable({ jobs, recipeNames, showRecipe, caption }: Props) {
  const now = useNow(jobs.some((job) => job.status === 'running'));
  return (
    <div className="jobs-table-wrap">
      <table className="jobs-table">
        <caption className="jobs-sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Status</th>
            {showRecipe ? <th scope="col">Recipe</th> : null}
            <th scope="col">Started</th>
            <th scope="col">Duration</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => {
            const duration = jobDurationMs(job, now);
            const error = errorOf(job.error);
            return (
              <tr key={job.id}>
                <td data-label="Job" className="job-id">
                  <div>
                    <Link to="/jobs/$jobId" params={{ jobId: job.id }}>
                      {job.id}
                    </Link>
                    {job.rerunOf ? <span className="rerun-mark">re-run</span> : null}
                  </div>
                </td>
                <td data-label="Status">
                  <JobStatusBadge status={job.status} />
                </td>
                {showRecipe ? <td data-label="Recipe">{recipeNames?.get(job.recipeId) ?? job.recipeId}</td> : null}
                <td data-label="Started">{job.startedAt ? <RelativeTime iso={job.startedAt} /> : <span className="jobs-muted">Not yet</span>}</td>
                <td data-label="Duration">{duration === undefined ? <span className="jobs-muted">—</span> : formatDuration(duration)}</td>
                <td data-label="Error" className={error ? 'job-error-cell' : 'job-error-cell job-no-error'}>
                  {error ? (
                    <div>
                      <code>{error.code}</code> <span className="job-error-message">{error.message}</span>
                    </div>
                  ) : (
                    <span className="jobs-muted">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
