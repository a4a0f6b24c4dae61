import { getRouteApi } from '@tanstack/react-router';
import { useId } from 'react';
import { useRecipeNames } from '../../api/jobs.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { LazyJobsChart } from './lazy-chart.tsx';
import { JobsList } from './jobs-list.tsx';
import { JOB_STATUSES, type JobsSearch } from './search.ts';
import { JOB_STATUS_LABELS } from './status-badge.tsx';
import './jobs.css';

const route = getRouteApi('/signed-in/jobs');

/** Every recipe's jobs, newest first and live, filtered by status and recipe (kept in the URL). */
export function JobsPage() {
  const heading = usePageTitle('Jobs');
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const names = useRecipeNames();
  const ids = { status: useId(), recipe: useId() };

  const setFilter = (change: Partial<JobsSearch>) => void navigate({ search: (previous) => ({ ...previous, ...change }), replace: true });
  const recipes = [...(names.data ?? new Map<string, string>())].sort((a, b) => a[1].localeCompare(b[1]));
  const recipeName = search.recipe ? (names.data?.get(search.recipe) ?? search.recipe) : undefined;

  return (
    <div className="page">
      <div className="page-header">
        <h1 ref={heading} tabIndex={-1}>
          Jobs
        </h1>
        <p className="page-intro">Each run of a recipe is a job. This list updates by itself while jobs run.</p>
      </div>

      <search className="filters jobs-filters" aria-label="Filter jobs">
        <div className="field">
          <label htmlFor={ids.status}>Status</label>
          <select id={ids.status} value={search.status ?? ''} onChange={(e) => setFilter({ status: JOB_STATUSES.find((s) => s === e.target.value) })}>
            <option value="">All statuses</option>
            {JOB_STATUSES.map((status) => (
              <option key={status} value={status}>
                {JOB_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.recipe}>Recipe</label>
          <select id={ids.recipe} value={search.recipe ?? ''} onChange={(e) => setFilter({ recipe: e.target.value || undefined })}>
            <option value="">All recipes</option>
            {/* A recipe in the URL that the list does not hold (deleted) still shows as chosen. */}
            {search.recipe && !names.data?.has(search.recipe) ? <option value={search.recipe}>{search.recipe}</option> : null}
            {recipes.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </search>

      {search.recipe ? <LazyJobsChart recipeId={search.recipe} recipeName={recipeName} /> : null}

      <JobsList filters={search} showRecipe={!search.recipe} caption={recipeName ? `Jobs of ${recipeName}` : 'Jobs of every recipe'} />
    </div>
  );
}
