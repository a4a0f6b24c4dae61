import { getRouteApi, Link } from '@tanstack/react-router';
import { useId } from 'react';
import { PatchbayApiError } from '../../api/client.ts';
import { useJob, useRecipeNames, type Job } from '../../api/jobs.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { formatDateTime, formatDuration, jobDurationMs } from './format.ts';
import { JobActions } from './job-actions.tsx';
import { JsonBlock } from './json-block.tsx';
import { errorOf, stepsOf } from './records.ts';
import { JobStatusBadge } from './status-badge.tsx';
import { StepCard } from './step-card.tsx';
import { useNow } from './use-now.ts';
import './jobs.css';

const route = getRouteApi('/signed-in/jobs/$jobId');

/** One job. Keyed by id: after Re-run the new job's page starts afresh (its heading focused, no old messages). */
export function JobPage() {
  const { jobId } = route.useParams();
  return <JobScreen key={jobId} jobId={jobId} />;
}

function JobScreen({ jobId }: { jobId: string }) {
  const heading = usePageTitle(`Job ${jobId}`);
  const job = useJob(jobId);

  return (
    <div className="page job-page">
      <p className="job-back">
        <Link to="/jobs" search={{}}>
          ← All jobs
        </Link>
      </p>
      <div className="page-header job-header">
        <h1 ref={heading} tabIndex={-1}>
          Job <span className="job-heading-id">{jobId}</span>
        </h1>
        {job.data ? <JobStatusBadge status={job.data.status} /> : null}
      </div>
      {job.isPending ? (
        <p role="status">Loading the job…</p>
      ) : job.isError ? (
        <div role="alert" className="banner error">
          {job.error instanceof PatchbayApiError && job.error.status === 404 ? (
            <p>No job has this id in this workspace: it may be older than the 30 days that job history keeps.</p>
          ) : (
            <p>
              The job could not be loaded: {job.error.message}{' '}
              <button type="button" className="button secondary" onClick={() => void job.refetch()}>
                Try again
              </button>
            </p>
          )}
        </div>
      ) : (
        <JobDetails job={job.data} />
      )}
    </div>
  );
}

function JobDetails({ job }: { job: Job }) {
  const names = useRecipeNames();
  const now = useNow(job.status === 'running');
  const ids = { trigger: useId(), steps: useId(), result: useId() };
  const steps = stepsOf(job.steps);
  const error = errorOf(job.error);
  const duration = jobDurationMs(job, now);
  const active = job.status === 'queued' || job.status === 'running';

  return (
    <>
      <JobActions job={job} />
      {error ? (
        <div className="banner error job-failure">
          <p>
            <strong>{error.step ? `Failed at step “${error.step}”` : 'Failed'}:</strong> <code>{error.code}</code>
          </p>
          <p>{error.message}</p>
        </div>
      ) : null}
      {active ? <p className="job-live">{job.status === 'queued' ? 'Waiting for a worker…' : 'Running…'} This page updates by itself.</p> : null}

      <dl className="job-facts">
        <div>
          <dt>Recipe</dt>
          <dd>
            <Link to="/recipes/$recipeId" params={{ recipeId: job.recipeId }} search={{}}>
              {names.data?.get(job.recipeId) ?? job.recipeId}
            </Link>
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>{job.recipeVersion}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(job.createdAt)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{job.startedAt ? formatDateTime(job.startedAt) : 'Not yet'}</dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>{job.finishedAt ? formatDateTime(job.finishedAt) : 'Not yet'}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{duration === undefined ? '—' : formatDuration(duration)}</dd>
        </div>
        {job.rerunOf ? (
          <div>
            <dt>Re-run of</dt>
            <dd>
              <Link to="/jobs/$jobId" params={{ jobId: job.rerunOf }}>
                {job.rerunOf}
              </Link>
            </dd>
          </div>
        ) : null}
      </dl>

      <section aria-labelledby={ids.trigger} className="job-section">
        <h2 id={ids.trigger}>Trigger event</h2>
        <JsonBlock label="Show the event" value={job.trigger} />
      </section>

      <section aria-labelledby={ids.steps} className="job-section">
        <h2 id={ids.steps}>Steps</h2>
        {steps.length === 0 ? (
          <p className="jobs-muted">{active ? 'No step has finished yet.' : 'No step ran.'}</p>
        ) : (
          <ol className="job-steps">
            {steps.map((step, index) => (
              <li key={`${step.path}@${step.iteration ?? ''}#${index}`}>
                <StepCard step={step} />
              </li>
            ))}
          </ol>
        )}
        {job.droppedStepRecords > 0 ? (
          <p className="jobs-muted">{job.droppedStepRecords} more step records were not kept (a job keeps at most 1000).</p>
        ) : null}
      </section>

      {job.status === 'succeeded' ? (
        <section aria-labelledby={ids.result} className="job-section">
          <h2 id={ids.result}>Result</h2>
          <JsonBlock label="Show the result" value={job.result} />
        </section>
      ) : null}
    </>
  );
}
