import { useNavigate } from '@tanstack/react-router';
import { useCancelJob, useRerunJob, type Job } from '../../api/jobs.ts';

/** Re-run (any job that has finished) and Cancel (a queued one), with what came of them in words. */
export function JobActions({ job }: { job: Job }) {
  const rerun = useRerunJob();
  const cancel = useCancelJob();
  const navigate = useNavigate();
  const finished = job.status !== 'queued' && job.status !== 'running';

  return (
    <div className="job-actions">
      <div className="job-action-buttons">
        {finished ? (
          <button
            type="button"
            className="button primary"
            disabled={rerun.isPending}
            onClick={() => rerun.mutate(job.id, { onSuccess: (created) => void navigate({ to: '/jobs/$jobId', params: { jobId: created.id } }) })}
          >
            {rerun.isPending ? 'Re-running…' : 'Re-run'}
          </button>
        ) : null}
        {job.status === 'queued' ? (
          <button type="button" className="button secondary danger-text" disabled={cancel.isPending} onClick={() => cancel.mutate(job.id)}>
            Cancel
          </button>
        ) : null}
      </div>
      <div role="status" className="job-action-messages">
        {rerun.isError ? <p className="failed">Re-running failed: {rerun.error.message}</p> : null}
        {cancel.isError ? <p className="failed">Cancelling failed: {cancel.error.message}</p> : null}
        {cancel.isSuccess ? <p>The job was cancelled: it will not run.</p> : null}
      </div>
    </div>
  );
}
