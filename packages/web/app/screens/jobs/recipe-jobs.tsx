import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import type { JobStatus } from '../../api/jobs.ts';
import { JobsList } from './jobs-list.tsx';
import { LazyJobsChart } from './lazy-chart.tsx';
import { JOB_STATUSES } from './search.ts';
import { JOB_STATUS_LABELS } from './status-badge.tsx';
import './jobs.css';

/**
 * The recipe page's Jobs tab: the recipe's jobs per hour over the last 24 hours, then its recent jobs
 * (live, filtered by status). The filter stays in the tab: the recipe page's URL holds only the tab.
 */
export function RecipeJobs({ recipeId }: { recipeId: string }) {
  const [status, setStatus] = useState<JobStatus | undefined>();
  const statusId = useId();
  const headingId = useId();

  return (
    <div className="recipe-jobs">
      <LazyJobsChart recipeId={recipeId} />
      <section aria-labelledby={headingId}>
        <div className="recipe-jobs-header">
          <h2 id={headingId}>Recent jobs</h2>
          <search className="recipe-jobs-filter" aria-label="Filter this recipe's jobs">
            <label htmlFor={statusId}>Status</label>
            <select id={statusId} value={status ?? ''} onChange={(e) => setStatus(JOB_STATUSES.find((s) => s === e.target.value))}>
              <option value="">All statuses</option>
              {JOB_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {JOB_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </search>
          <Link to="/jobs" search={{ recipe: recipeId, ...(status ? { status } : {}) }}>
            Open in Jobs
          </Link>
        </div>
        <JobsList filters={{ recipe: recipeId, status }} showRecipe={false} caption="This recipe's jobs" />
      </section>
    </div>
  );
}
