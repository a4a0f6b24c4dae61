import Form, { type IChangeEvent } from '@rjsf/core';
import type { RegistryWidgetsType, RJSFSchema, UiSchema } from '@rjsf/utils';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { pathInForm, toExtraErrors, valueAt, type FieldError } from './field-errors.ts';
import { normaliseSchema } from './normalise.ts';
import { templates } from './templates.tsx';
import { cfworkerValidator } from './validator.ts';
import './schema-form.css';

export interface SchemaFormProps<T = unknown> {
  /** A JSON schema (draft 2020-12) from the API. */
  schema: unknown;
  formData: T | undefined;
  onChange: (data: T) => void;
  /** Called with valid data only: the schema's rules are checked first and shown at the fields. */
  onSubmit?: (data: T) => void;
  uiSchema?: UiSchema;
  widgets?: RegistryWidgetsType;
  /** Errors from the server, e.g. a 400's `details`: `fields.baseUrl` or `/fields/baseUrl` shows at that field. */
  fieldErrors?: FieldError[];
  idPrefix: string;
  disabled?: boolean;
  /** The buttons; none by default. */
  children?: ReactNode;
}

const ignoreErrors = () => {};
const isSchema = (value: unknown): value is RJSFSchema => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The one form renderer of the UI: a connector's fields, an action's input. rjsf over a JSON schema,
 * validated without eval (see validator.ts), styled with the app's own classes.
 */
export function SchemaForm<T = unknown>({ schema: given, formData, onChange, onSubmit, uiSchema, widgets, fieldErrors, idPrefix, disabled, children }: SchemaFormProps<T>) {
  const schema = useMemo(() => normaliseSchema(given), [given]);
  // A server error stays at its field until that field's value changes.
  const [snapshot, setSnapshot] = useState({ errors: fieldErrors, data: formData });
  if (snapshot.errors !== fieldErrors) setSnapshot({ errors: fieldErrors, data: formData });

  const located = useMemo(
    () => (fieldErrors ?? []).map((error) => ({ segments: pathInForm(error.path, schema), message: error.message })),
    [fieldErrors, schema],
  );
  const current = located.filter(({ segments }) => JSON.stringify(valueAt(snapshot.data, segments)) === JSON.stringify(valueAt(formData, segments)));
  // Keyed by content: a new error schema on every keystroke would make rjsf recompute its errors each time.
  const currentKey = JSON.stringify(current);
  const extraErrors = useMemo(() => (current.length > 0 ? toExtraErrors(current) : undefined), [currentKey]);

  // New server errors: focus the first field they name, so a keyboard or screen-reader user lands on it.
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const first = located.find(({ segments }) => segments.length > 0);
    if (!first) return;
    const control = container.current?.querySelector<HTMLElement>(`[id="${CSS.escape([idPrefix, ...first.segments].join('_'))}"]`);
    control?.focus();
  }, [located, idPrefix]);

  if (!isSchema(schema)) return <p className="hint">This has no settings.</p>;

  const handleChange = (event: IChangeEvent<T>) => {
    if (event.formData !== undefined) onChange(event.formData);
  };
  const handleSubmit = (event: IChangeEvent<T>) => {
    if (event.formData !== undefined) onSubmit?.(event.formData);
  };

  return (
    <div ref={container} className="schema-form">
      <Form<T>
        schema={schema}
        uiSchema={uiSchema}
        formData={formData}
        validator={cfworkerValidator}
        templates={templates}
        widgets={widgets}
        idPrefix={idPrefix}
        disabled={disabled}
        extraErrors={extraErrors}
        showErrorList={false}
        noHtml5Validate
        focusOnFirstError
        onChange={handleChange}
        onSubmit={handleSubmit}
        // The errors are shown at their fields; without a handler rjsf would also log them as console errors.
        onError={ignoreErrors}
      >
        {children ?? <></>}
      </Form>
    </div>
  );
}
