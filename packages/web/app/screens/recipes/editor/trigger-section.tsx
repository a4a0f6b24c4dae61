import { useId } from 'react';
import type { RecipeDefinition } from '../../../api/recipes.ts';
import { SchemaForm } from '../../../components/schema-form/index.ts';
import { ProblemList } from '../problems.tsx';
import type { EditorEnv } from './editor-env.ts';
import { PicklistWidget } from './picklist-widget.tsx';
import { slotState } from './slot-connection.ts';
import { StepFormProvider } from './step-context.tsx';

const WIDGETS = { picklist: PicklistWidget };

interface TriggerChoice {
  value: string;
  label: string;
  trigger: RecipeDefinition['trigger'];
}

/** The built-in triggers (webhook, schedule), then each slot's app triggers ("primary: New records"). */
function choicesOf(env: EditorEnv): TriggerChoice[] {
  const choices: TriggerChoice[] = [];
  for (const connector of env.connectors?.values() ?? []) {
    if (connector.needsConnection) continue;
    for (const t of connector.triggers) choices.push({ value: `builtin:${connector.key}:${t.name}`, label: `${connector.title}: ${t.title}`, trigger: { connector: connector.key, trigger: t.name, input: {} } });
  }
  for (const [slot, declared] of Object.entries(env.definition.connections)) {
    const connector = env.connectors?.get(declared.connector);
    for (const t of connector?.triggers ?? []) choices.push({ value: `slot:${slot}:${t.name}`, label: `${connector?.title} (${slot}): ${t.title}`, trigger: { slot, trigger: t.name, input: {} } });
  }
  return choices;
}

const valueOf = (trigger: RecipeDefinition['trigger']) => (trigger.slot ? `slot:${trigger.slot}:${trigger.trigger}` : `builtin:${trigger.connector}:${trigger.trigger}`);

/** What starts the recipe, and that trigger's settings from its input schema. */
export function TriggerSection({ env }: { env: EditorEnv }) {
  const ids = { heading: useId(), select: useId(), form: useId() };
  const { trigger } = env.definition;
  const choices = choicesOf(env);
  const connectorKey = trigger.connector ?? (trigger.slot ? env.definition.connections[trigger.slot]?.connector : undefined);
  const definition = env.connectors?.get(connectorKey ?? '')?.triggers.find((t) => t.name === trigger.trigger);
  const slot = trigger.slot ? slotState(trigger.slot, env.definition, env.recipe, env.connections, env.connectors) : null;
  const setTrigger = (next: RecipeDefinition['trigger']) => env.setDefinition({ ...env.definition, trigger: next });
  const problems = env.problems.filter((p) => p.path === 'trigger' || p.path.startsWith('trigger.'));
  const ui = Object.fromEntries((definition?.picklists ?? []).map((p) => [p.input, { 'ui:widget': 'picklist', 'ui:options': { list: p.list, params: p.params } }]));

  return (
    <section className="editor-section" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>Trigger</h2>
      <div className="field">
        <label htmlFor={ids.select}>Starts when</label>
        <select id={ids.select} value={valueOf(trigger)} onChange={(e) => {
          const choice = choices.find((c) => c.value === e.target.value);
          if (choice) setTrigger(choice.trigger);
        }}>
          {choices.some((c) => c.value === valueOf(trigger)) ? null : <option value={valueOf(trigger)}>{trigger.trigger}</option>}
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      {definition?.description ? <p className="hint">{definition.description}</p> : null}
      {problems.length > 0 ? (
        <div role="alert">
          <ProblemList problems={problems} />
        </div>
      ) : null}
      {definition ? (
        <StepFormProvider value={{ slot, input: trigger.input ?? {}, pills: [], openConnectionsTab: env.openConnectionsTab }}>
          <SchemaForm
            schema={definition.inputSchema}
            formData={trigger.input ?? {}}
            onChange={(input) => setTrigger({ ...trigger, input: typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...input } : {} })}
            uiSchema={ui}
            widgets={WIDGETS}
            fieldErrors={problems.map((p) => ({ path: p.path.replace(/^trigger\.input\.?/, ''), message: p.message }))}
            idPrefix={ids.form}
          />
        </StepFormProvider>
      ) : null}
    </section>
  );
}
