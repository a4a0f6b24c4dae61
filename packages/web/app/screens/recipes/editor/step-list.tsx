import { useId, useState } from 'react';
import { appendStep, freshStepId, newStep, STEP_TYPE_LABELS, type ListPath, type Step, type StepType } from '../definition.ts';
import type { EditorEnv } from './editor-env.ts';
import { StepCard } from './step-card.tsx';

/** One list of steps (the recipe's, or a `then`/`else`/loop/try body, indented), with Add step at its end. */
export function StepList({ env, path, steps, label }: { env: EditorEnv; path: ListPath; steps: readonly Step[]; label: string }) {
  return (
    <div className="step-list-block">
      {steps.length === 0 ? <p className="hint">No steps {path.length === 0 ? 'yet' : 'here'}.</p> : null}
      <ol className="step-list" aria-label={label}>
        {steps.map((step, index) => (
          // By place, not id: typing in the id field must not remount the card.
          <li key={index}>
            <StepCard env={env} path={path} index={index} step={step} count={steps.length} />
          </li>
        ))}
      </ol>
      <AddStep env={env} path={path} label={label} />
    </div>
  );
}

const TYPES: readonly StepType[] = ['action', 'if', 'foreach', 'try', 'set', 'stop'];

function AddStep({ env, path, label }: { env: EditorEnv; path: ListPath; label: string }) {
  const [type, setType] = useState<StepType>('action');
  const id = useId();
  const nested = path.length > 0;
  const add = () => {
    const firstSlot = Object.entries(env.definition.connections)[0];
    const slot = firstSlot ? { name: firstSlot[0], action: '' } : null;
    const stepId = freshStepId(env.definition, type === 'action' ? 'step' : type);
    env.setDefinition(appendStep(env.definition, path, newStep(type, stepId, slot)));
  };
  return (
    <div className="add-step">
      <label htmlFor={id} className={nested ? 'visually-hidden' : undefined}>
        {nested ? `Type of the new step in ${label}` : 'Type of the new step'}
      </label>
      <select id={id} value={type} onChange={(e) => setType(TYPES.find((t) => t === e.target.value) ?? 'action')}>
        {TYPES.map((t) => (
          <option key={t} value={t}>
            {STEP_TYPE_LABELS[t]}
          </option>
        ))}
      </select>
      <button type="button" className="button secondary" onClick={add}>
        {nested ? `Add step to ${label}` : 'Add step'}
      </button>
    </div>
  );
}
