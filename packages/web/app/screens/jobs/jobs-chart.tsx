import { useId, useMemo } from 'react';
import { useJobStats } from '../../api/jobs.ts';
import { BarChart, SERIES } from './bar-chart.tsx';
import { dayHourLabel, hourCounts, summaryText, totals } from './chart-data.ts';
import { LoadError } from '../../components/load-error.tsx';

const HOURS = 24;

/**
 * A recipe's jobs per hour over the last 24 hours, by status: the chart for a glance, and the same
 * numbers as a table (behind "Show as table") for people who cannot see it or want the figures.
 */
export function JobsChart({ recipeId, recipeName }: { recipeId: string; recipeName?: string | undefined }) {
  const stats = useJobStats(recipeId, HOURS);
  const headingId = useId();
  const hours = useMemo(() => hourCounts(stats.data?.buckets ?? []), [stats.data]);
  const sum = totals(hours);

  return (
    <section className="jobs-chart" aria-labelledby={headingId}>
      <h2 id={headingId}>Last 24 hours{recipeName ? <span className="jobs-sr-only"> of {recipeName}</span> : null}</h2>
      {stats.isPending ? (
        <p role="status">Loading the chart…</p>
      ) : stats.isError ? (
        <LoadError what="chart" error={stats.error} retry={stats.refetch} />
      ) : (
        <>
          <ul className="jobs-chart-legend" aria-label="Totals">
            {SERIES.map((series) => (
              <li key={series.key}>
                <span className={`jobs-swatch jobs-swatch-${series.key}`} aria-hidden="true" />
                {series.label}: <strong>{sum[series.key]}</strong>
              </li>
            ))}
          </ul>
          <BarChart hours={hours} summary={summaryText(hours, HOURS)} />
          <details className="jobs-chart-table">
            <summary>Show as table</summary>
            <table>
              <caption>Jobs per hour, oldest first (hours in your time zone)</caption>
              <thead>
                <tr>
                  <th scope="col">Hour</th>
                  {SERIES.map((series) => (
                    <th scope="col" key={series.key}>
                      {series.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {hours.map((hour, index) => (
                  <tr key={hour.start}>
                    <th scope="row">
                      <time dateTime={hour.start}>{dayHourLabel(hour.start)}</time>
                      {index === hours.length - 1 ? ' (this hour)' : ''}
                    </th>
                    {SERIES.map((series) => (
                      <td key={series.key}>{hour[series.key]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  {SERIES.map((series) => (
                    <td key={series.key}>{sum[series.key]}</td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
