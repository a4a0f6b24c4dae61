import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type ChartData } from 'chart.js';
import { useEffect, useRef } from 'react';
import { hourLabel, type HourCounts } from './chart-data.ts';

// Only the parts a stacked bar chart uses, so the bundle carries nothing else of chart.js.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** The same colours as the status words of the tables (styles.css: --ok, --bad, --off). */
export const SERIES = [
  { key: 'succeeded', label: 'Succeeded', colour: '#0f7a3d' },
  { key: 'failed', label: 'Failed', colour: '#b3261e' },
  { key: 'other', label: 'Other', colour: '#8a93a3' },
] as const;

function dataOf(hours: readonly HourCounts[]): ChartData<'bar', number[], string> {
  return {
    labels: hours.map((h) => hourLabel(h.start)),
    datasets: SERIES.map((series) => ({ label: series.label, data: hours.map((h) => h[series.key]), backgroundColor: series.colour, stack: 'jobs' })),
  };
}

/**
 * Stacked bars of jobs per hour, drawn on a canvas (`role="img"`, named by `summary`; the numbers are
 * in the table beside it). chart.js sizes the canvas through the CSSOM, which the page's strict
 * style-src allows; it injects no stylesheet. No animation: a live chart that moved at every poll
 * would distract, and people who ask for reduced motion get none either way.
 */
export function BarChart({ hours, summary }: { hours: readonly HourCounts[]; summary: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar', number[], string> | null>(null);

  useEffect(() => {
    if (!canvas.current) return undefined;
    chart.current = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkip: true, autoSkipPadding: 12, color: '#545b68' } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0, color: '#545b68' } },
        },
        plugins: { tooltip: { mode: 'index', intersect: false } },
      },
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (!chart.current) return;
    chart.current.data = dataOf(hours);
    chart.current.update();
  }, [hours]);

  return (
    <div className="jobs-chart-canvas">
      <canvas ref={canvas} role="img" aria-label={summary} />
    </div>
  );
}
