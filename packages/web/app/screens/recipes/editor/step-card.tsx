import { useId, useState } from 'react';
import { isActionStep, moveStep, removeStep, replaceStep, stepPathText, STEP_TYPE_LABELS, type ListPath, type Step } from '../definition.ts';
import { ProblemList } from '../problems.tsx';
import { ActionStepFields } from './action-step.tsx';
import { datapillsFor } from './datapills.ts';
import { ownProblems, type EditorEnv } from './editor-env.ts';
import { ExpressionField } from './expression-field.tsx';
import { slotState } from './slot-connection.ts';
import { StepList } from './step-list.tsx';

function stepTitle(step: Step, env: EditorEnv): string {
  if (!isActionStep(step)) return STEP_TYPE_LABELS[step.type];
  const connectorKey = step.connector ?? (step.slot ? env.definition.connections[step.slot]?.connector : undefined);
  const connector = env.connectors?.get(connectorKey ?? '');
  const action = connector?.actions.find((a) => a.name === step.action);
  return action ? `${connector?.title}: ${action.title}` : 'Action (not chosen yet)';
}

/** One step: its id, what it does, Move up/down and Remove; nested steps of if/foreach/try indented below. */
export function StepCard({ env, path, index, step, count }: { env: EditorEnv; path: ListPath; index: number; step: Step; count: number }) {
  const headingId = useId();
  const idField = useId();
  const stepPath = stepPathText(path, index);
  const order = env.orderOf.get(stepPath) ?? Infinity;
  const pills = datapillsFor(env.definition, order, env.connectors);
  const change = (next: Step) => env.setDefinition(replaceStep(env.definition, path, index, next));
  const problems = ownProblems(env.problems, stepPath);
  const slots = Object.entries(env.definition.connections).map(([name, s]) => ({ name, connector: s.connector }));

  return (
    <section className={`step-card step-${step.type ?? 'action'}`} aria-labelledby={headingId}>
      <div className="step-head">
        <h3 id={headingId}>
          <span className="step-number">{order === Infinity ? '' : `${order + 1}.`}</span> {stepTitle(step, env)} <span className="step-id">({step.id})</span>
        </h3>
        <div className="step-buttons">
          <button type="button" className="button secondary" aria-label={`Move step ${step.id} up`} disabled={index === 0} onClick={() => env.setDefinition(moveStep(env.definition, path, index, -1))}>
            ↑
          </button>
          <button type="button" className="button secondary" aria-label={`Move step ${step.id} down`} disabled={index === count - 1} onClick={() => env.setDefinition(moveStep(env.definition, path, index, 1))}>
            ↓
          </button>
          <button type="button" className="button secondary danger-text" aria-label={`Remove step ${step.id}`} onClick={() => env.setDefinition(removeStep(env.definition, path, index))}>
            Remove
          </button>
        </div>
      </div>
      {problems.length > 0 ? (
        <div className="step-problems" role="alert">
          <ProblemList problems={problems} />
        </div>
      ) : null}
      <div className="field step-id-field">
        <label htmlFor={idField}>Step id</label>
        <input id={idField} value={step.id} spellCheck={false} onChange={(e) => change({ ...step, id: e.target.value })} />
      </div>
      <StepBody env={env} step={step} stepPath={stepPath} path={path} index={index} pills={pills} slots={slots} change={change} />
    </section>
  );
}

function StepBody({
  env,
  step,
  stepPath,
  path,
  index,
  pills,
  slots,
  change,
}: {
  env: EditorEnv;
  step: Step;
  stepPath: string;
  path: ListPath;
  index: number;
  pills: ReturnType<typeof datapillsFor>;
  slots: { name: string; connector: string }[];
  change: (step: Step) => void;
}) {
  const here: ListPath = [...path, index];
  if (isActionStep(step)) {
    const slot = step.slot ? slotState(step.slot, env.definition, env.recipe, env.connections, env.connectors) : null;
    return (
      <ActionStepFields
        step={step}
        stepPath={stepPath}
        slots={slots}
        slot={slot}
        connectors={env.connectors}
        pills={pills}
        problems={env.problems}
        onChange={change}
        openConnectionsTab={env.openConnectionsTab}
      />
    );
  }
  switch (step.type) {
    case 'if':
      return (
        <>
          <ExpressionField label="Condition" value={step.condition} pills={pills} onChange={(condition) => change({ ...step, condition })} hint='One expression, e.g. "{{ trigger.body.amount > 100 }}".' />
          <div className="step-children">
            <h4>Then</h4>
            <StepList env={env} path={[...here, 'then']} steps={step.then} label={`Then of ${step.id}`} />
            <h4>Else</h4>
            <StepList env={env} path={[...here, 'else']} steps={step.else ?? []} label={`Else of ${step.id}`} />
          </div>
        </>
      );
    case 'foreach':
      return (
        <>
          <ExpressionField label="Items" value={step.items} pills={pills} onChange={(items) => change({ ...step, items })} hint='A list, e.g. "{{ trigger.body.items }}".' />
          <div className="step-children">
            <h4>For each item</h4>
            <StepList env={env} path={[...here, 'steps']} steps={step.steps} label={`Loop of ${step.id}`} />
          </div>
        </>
      );
    case 'try':
      return (
        <div className="step-children">
          <h4>Try</h4>
          <StepList env={env} path={[...here, 'steps']} steps={step.steps} label={`Try of ${step.id}`} />
          <h4>If a step fails</h4>
          <StepList env={env} path={[...here, 'catch']} steps={step.catch} label={`Catch of ${step.id}`} />
        </div>
      );
    case 'set':
      return <SetValues values={step.values} onChange={(values) => change({ ...step, values })} />;
    case 'stop':
      return <ExpressionField label="Reason" value={step.reason ?? ''} pills={pills} onChange={(reason) => change({ ...step, reason })} />;
  }
}

/** A set step's values as JSON: names → values or `{{ }}` mappings. Applied when the JSON parses. */
function SetValues({ values, onChange }: { values: Record<string, unknown>; onChange: (values: Record<string, unknown>) => void }) {
  const id = useId();
  const errorId = useId();
  const [text, setText] = useState(() => JSON.stringify(values, null, 2));
  const [error, setError] = useState<string | null>(null);
  // Values changed elsewhere (a step moved into this place, Edit as JSON): show them.
  const [shown, setShown] = useState(values);
  if (shown !== values) {
    setShown(values);
    setText(JSON.stringify(values, null, 2));
    setError(null);
  }
  const apply = (next: string) => {
    setText(next);
    try {
      const parsed: unknown = JSON.parse(next);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('must be an object of names and values');
      setError(null);
      const applied = { ...parsed };
      setShown(applied);
      onChange(applied);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>Values (JSON)</label>
      <textarea id={id} className="code-area" rows={4} value={text} spellCheck={false} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} onChange={(e) => apply(e.target.value)} />
      {error ? (
        <p id={errorId} className="field-error">
          Not applied: {error}
        </p>
      ) : null}
    </div>
  );
}
