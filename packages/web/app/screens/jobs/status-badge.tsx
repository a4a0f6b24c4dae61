import type { JobStatus } from '../../api/jobs.ts';

/** The status in words; the icon and colour repeat it for a quick scan, never replace it. */
export const JOB_STATUS_LABELS: Record<JobStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const ICONS: Record<JobStatus, string> = {
  queued: '◷',
  running: '▶',
  succeeded: '✓',
  failed: '✕',
  cancelled: '⊘',
};

export function JobStatusBadge({ status }: { status: JobStatus }) {
  return (
    <span className={`job-status job-status-${status}`}>
      <span className="job-status-icon" aria-hidden="true">
        {ICONS[status]}
      </span>
      {JOB_STATUS_LABELS[status]}
    </span>
  );
}
