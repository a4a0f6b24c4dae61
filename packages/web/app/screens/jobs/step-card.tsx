import { useId } from 'react';
import { formatDuration } from './format.ts';
import { JsonBlock } from './json-block.tsx';
import type { StepView } from './records.ts';
import { JobStatusBadge } from './status-badge.tsx';

/** One step's record: what it was given, what it gave, how long and how many tries it took, and why it failed. */
export function StepCard({ step }: { step: StepView }) {
  const nameId = useId();
  const failed = step.status === 'failed';
  return (
    <article className={`job-step job-step-${step.status}`} aria-labelledby={nameId}>
      <div className="job-step-header">
        <h3 id={nameId}>
          {step.id}
          {step.iteration !== undefined ? <span className="job-step-iteration"> (item {step.iteration + 1})</span> : null}
        </h3>
        <span className="job-step-type">{step.type}</span>
        <JobStatusBadge status={step.status} />
      </div>
      <dl className="job-step-facts">
        <div>
          <dt>Attempts</dt>
          <dd>{step.attempts}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(step.durationMs)}</dd>
        </div>
        <div>
          <dt>Place</dt>
          <dd>
            <code>{step.path}</code>
          </dd>
        </div>
      </dl>
      {step.error ? (
        <div className="job-step-error">
          <p>
            <strong>Error</strong> <code>{step.error.code}</code>
          </p>
          <p className="job-step-error-message">{step.error.message}</p>
        </div>
      ) : null}
      {step.input ? <JsonBlock label="Input" value={step.input.value} open={failed} /> : null}
      {step.output ? <JsonBlock label="Output" value={step.output.value} /> : null}
    </article>
  );
}
