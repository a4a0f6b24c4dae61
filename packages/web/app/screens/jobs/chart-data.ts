import type { HourBucket } from '../../api/jobs.ts';

/** The chart's three stacks; queued, running and cancelled jobs are few and read together as "other". */
export interface HourCounts {
  start: string;
  succeeded: number;
  failed: number;
  other: number;
}

export function hourCounts(buckets: readonly HourBucket[]): HourCounts[] {
  return buckets.map((b) => ({ start: b.start, succeeded: b.succeeded, failed: b.failed, other: b.queued + b.running + b.cancelled }));
}

export function totals(hours: readonly HourCounts[]): Omit<HourCounts, 'start'> {
  return hours.reduce((sum, h) => ({ succeeded: sum.succeeded + h.succeeded, failed: sum.failed + h.failed, other: sum.other + h.other }), {
    succeeded: 0,
    failed: 0,
    other: 0,
  });
}

const hourFormat = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dayHourFormat = new Intl.DateTimeFormat('en', { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "14:00", the hour's start in the browser's time zone. */
export const hourLabel = (iso: string) => hourFormat.format(new Date(iso));
/** "Tue 14:00", for the table, where yesterday's 14:00 and today's must differ. */
export const dayHourLabel = (iso: string) => dayHourFormat.format(new Date(iso));

export function summaryText(hours: readonly HourCounts[], span: number): string {
  const sum = totals(hours);
  return `Jobs per hour over the last ${span} hours: ${sum.succeeded} succeeded, ${sum.failed} failed, ${sum.other} other (queued, running or cancelled).`;
}
