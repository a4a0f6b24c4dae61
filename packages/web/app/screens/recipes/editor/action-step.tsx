import type { UiSchema } from '@rjsf/utils';
import { useId, useMemo } from 'react';
import type { Connector } from '../../../api/client.ts';
import { useMemberSchema } from '../../../api/recipes.ts';
import { SchemaForm } from '../../../components/schema-form/index.ts';
import type { ActionStep } from '../definition.ts';
import type { Problem } from '../problems.tsx';
import type { Datapill } from './datapills.ts';
import { PicklistWidget } from './picklist-widget.tsx';
import type { SlotState } from './slot-connection.ts';
import { StepFormProvider } from './step-context.tsx';
import { DatapillTextWidget } from './text-widget.tsx';

// Module-level: the same widget components on every render (see StepFormContext).
const WIDGETS = { picklist: PicklistWidget, TextWidget: DatapillTextWidget };

type Action = Connector['actions'][number];
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The inputs a dynamic schema depends on, when each is chosen (a mapping is only known when the job runs). */
function dynamicConfig(action: Action | undefined, input: Record<string, unknown>): Record<string, unknown> | null {
  if (!action?.dynamicSchema) return null;
  const config: Record<string, unknown> = {};
  for (const name of action.dynamicSchema.dependsOn) {
    const value = input[name];
    if (value === undefined || value === '' || (typeof value === 'string' && value.includes('{{'))) return null;
    config[name] = value;
  }
  return config;
}

/**
 * The dynamic input schema with the static definitions of the inputs that choose it (a pick list
 * such as `object`): the dynamic one pins them to the chosen value, which would leave nothing to change.
 */
function mergedSchema(staticSchema: unknown, dynamicSchema: unknown, keepStatic: readonly string[]): unknown {
  if (!isRecord(dynamicSchema) || !isRecord(dynamicSchema.properties) || !isRecord(staticSchema) || !isRecord(staticSchema.properties)) return dynamicSchema ?? staticSchema;
  const properties = { ...dynamicSchema.properties };
  for (const name of keepStatic) if (name in staticSchema.properties) properties[name] = staticSchema.properties[name];
  return { ...dynamicSchema, properties };
}

/** The schema with only these properties: the ones a person chooses before the rest can be known. */
function onlyProperties(schema: unknown, names: readonly string[]): unknown {
  if (!isRecord(schema) || !isRecord(schema.properties)) return schema;
  const properties = Object.fromEntries(Object.entries(schema.properties).filter(([name]) => names.includes(name)));
  const required = Array.isArray(schema.required) ? schema.required.filter((name) => typeof name === 'string' && names.includes(name)) : [];
  return { ...schema, properties, required };
}

function uiSchemaFor(action: Action): UiSchema {
  const ui: UiSchema = {};
  for (const picklist of action.picklists) ui[picklist.input] = { 'ui:widget': 'picklist', 'ui:options': { list: picklist.list, params: picklist.params } };
  return ui;
}

/** An action step: which slot (app connection), which action, and the action's input form from its schema. */
export function ActionStepFields({
  step,
  stepPath,
  slots,
  slot,
  connectors,
  pills,
  problems,
  onChange,
  openConnectionsTab,
}: {
  step: ActionStep;
  stepPath: string;
  slots: readonly { name: string; connector: string }[];
  slot: SlotState | null;
  connectors: Map<string, Connector> | undefined;
  pills: readonly Datapill[];
  problems: readonly Problem[];
  onChange: (step: ActionStep) => void;
  openConnectionsTab: () => void;
}) {
  const ids = { slot: useId(), action: useId(), form: useId() };
  const connector = slot?.connector ?? (step.connector ? connectors?.get(step.connector) : undefined);
  const action = connector?.actions.find((a) => a.name === step.action);
  const input = isRecord(step.input) ? step.input : {};
  const config = slot?.connected ? dynamicConfig(action, input) : null;
  const dynamic = useMemberSchema(slot?.connected ? (slot.connection?.id ?? null) : null, step.action, config);
  const keepStatic = [...(action?.dynamicSchema?.dependsOn ?? []), ...(action?.picklists.map((p) => p.input) ?? [])];
  // Until the dynamic schema is known, only the inputs that choose it are shown: the static schema
  // says nothing useful of the rest (an object's fields exist only in the app).
  const waiting = action?.dynamicSchema && !dynamic.data;
  const rawSchema = dynamic.data
    ? mergedSchema(action?.inputSchema, dynamic.data.input, keepStatic)
    : waiting
      ? onlyProperties(action?.inputSchema, keepStatic)
      : action?.inputSchema;
  // One object per schema: the form's validator is cached by schema object. Keyed on the JSON, since
  // `keepStatic` and the merge make new objects on every render.
  const schemaText = JSON.stringify(rawSchema ?? null);
  const schema = useMemo<unknown>(() => JSON.parse(schemaText), [schemaText]);
  const inputPrefix = `${stepPath}.input`;
  const fieldErrors = problems.filter((p) => p.path.startsWith(`${inputPrefix}.`) || p.path === inputPrefix).map((p) => ({ path: p.path.slice(inputPrefix.length + 1), message: p.message }));

  return (
    <>
      <div className="step-row">
        <div className="field">
          <label htmlFor={ids.slot}>App connection</label>
          <select id={ids.slot} value={step.slot ?? ''} onChange={(e) => onChange({ ...step, slot: e.target.value, action: '', input: {} })}>
            <option value="">Choose…</option>
            {slots.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name} ({connectors?.get(s.connector)?.title ?? s.connector})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.action}>Action</label>
          <select id={ids.action} value={step.action} disabled={!connector} onChange={(e) => onChange({ ...step, action: e.target.value, input: {} })}>
            <option value="">Choose…</option>
            {connector?.actions.map((a) => (
              <option key={a.name} value={a.name}>
                {a.title}
              </option>
            ))}
          </select>
        </div>
      </div>
      {action?.description ? <p className="hint">{action.description}</p> : null}
      {dynamic.isFetching && config ? <p role="status">Loading the fields from {slot?.appTitle}…</p> : null}
      {dynamic.isError ? (
        <p role="alert" className="field-error">
          The fields could not be loaded from {slot?.appTitle}: {dynamic.error.message}
        </p>
      ) : null}
      {waiting && action?.dynamicSchema && !dynamic.isFetching ? (
        <p className="hint">
          The other fields depend on {action.dynamicSchema.dependsOn.join(' and ')}: they show once {slot?.connected ? 'it is chosen' : `${slot?.appTitle ?? 'the app'} is connected and it is chosen`}. A
          value given as a mapping is edited with Edit as JSON.
        </p>
      ) : null}
      {action ? (
        <StepFormProvider value={{ slot, input, pills, openConnectionsTab }}>
          <SchemaForm
            schema={schema}
            formData={input}
            onChange={(data) => onChange({ ...step, input: data })}
            uiSchema={uiSchemaFor(action)}
            widgets={WIDGETS}
            fieldErrors={fieldErrors}
            idPrefix={ids.form}
          />
        </StepFormProvider>
      ) : null}
    </>
  );
}
