import type { JobSummary } from '@patchbay/client';

/**
 * A duration rounded as people say it: "120 ms", "3.4 s", "42 s", "2 min", "1 h 5 min". Exact
 * milliseconds matter to nobody reading a list; the order of magnitude does.
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  const tenths = Math.round(seconds * 10) / 10;
  if (tenths < 10) return `${tenths.toFixed(1)} s`;
  if (seconds < 59.5) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** How long the job ran (so far, when it still runs); undefined before it started. */
export function jobDurationMs(job: Pick<JobSummary, 'startedAt' | 'finishedAt'>, now = Date.now()): number | undefined {
  if (!job.startedAt) return undefined;
  const end = job.finishedAt ? Date.parse(job.finishedAt) : now;
  return Math.max(0, end - Date.parse(job.startedAt));
}

const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** JSON as people read it; a value JSON cannot show (undefined) as a word. */
export function prettyJson(value: unknown): string {
  return value === undefined ? '(nothing)' : JSON.stringify(value, null, 2);
}
