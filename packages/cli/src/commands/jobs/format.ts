import type { Job } from '@patchbay/client';
import { formatDuration } from '../../output.ts';

const dash = (value: string | null | undefined) => (value === null || value === undefined || value === '' ? '-' : value);

export const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

export function errorText(error: Record<string, unknown> | null): string {
  if (!error) return '-';
  const message = typeof error.message === 'string' ? error.message : JSON.stringify(error);
  return typeof error.step === 'string' ? `${error.step}: ${message}` : message;
}

const short = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
};

/** The job's summary, then one line per step record; --json shows inputs and outputs in full. */
export function formatJob(job: Job): string {
  const lines: [string, string][] = [
    ['id', job.id],
    ['recipe', `${job.recipeId} (version ${job.recipeVersion})`],
    ['status', job.status],
    ['error', errorText(job.error)],
    ['rerun of', dash(job.rerunOf)],
    ['created at', job.createdAt],
    ['started at', dash(job.startedAt)],
    ['finished at', dash(job.finishedAt)],
  ];
  const width = Math.max(...lines.map(([label]) => label.length));
  const head = lines.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`).join('\n');
  const steps = job.steps.map((s) => {
    const ms = typeof s.durationMs === 'number' ? ` ${formatDuration(s.durationMs)}` : '';
    const result = s.error !== undefined ? `error ${short(s.error)}` : `output ${short(s.output)}`;
    return `  ${String(s.path ?? s.id)} ${String(s.status)}${ms}: ${result}`;
  });
  const dropped = job.droppedStepRecords > 0 ? [`  (${job.droppedStepRecords} more step records were not kept)`] : [];
  const body = steps.length + dropped.length === 0 ? '  (none)' : [...steps, ...dropped].join('\n');
  return `${head}\nsteps:\n${body}\nresult: ${short(job.result)}\n`;
}
