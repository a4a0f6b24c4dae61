import { lazy, Suspense } from 'react';

// chart.js is the largest part of these screens: it loads when a chart is first shown, not with the list.
const JobsChart = lazy(() => import('./jobs-chart.tsx').then((module) => ({ default: module.JobsChart })));

export function LazyJobsChart(props: { recipeId: string; recipeName?: string | undefined }) {
  return (
    <Suspense fallback={<p role="status">Loading the chart…</p>}>
      <JobsChart {...props} />
    </Suspense>
  );
}
