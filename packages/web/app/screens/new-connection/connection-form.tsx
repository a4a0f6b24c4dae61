import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { PatchbayApiError, type Connector } from '../../api/client.ts';
import type { NewConnection } from '../../api/connections.ts';
import { SchemaForm } from '../../components/schema-form/index.ts';
import { AuthChoice } from './auth-choice.tsx';
import { authKindOf, connectorForm, defaultAuthOption, fieldProblems, fieldsOfOption, isOAuth } from './connector-form.ts';

type Fields = Record<string, unknown>;

interface Props {
  connector: Connector;
  /** The last attempt's error (a 400/422 names each problem at its field). */
  error: Error | null;
  pending: boolean;
  /** Submit: for OAuth kinds this is Connect (create, then the app's login); for the others, save and test. */
  onSubmit: (input: NewConnection, oauth: boolean) => void;
}

/** Step 2: the connection's name, environment, auth choice and the connector's fields (from its schema). */
export function ConnectionForm({ connector, error, pending, onSubmit }: Props) {
  const ids = { name: useId(), environment: useId(), auth: useId(), formId: useId() };
  const [name, setName] = useState(connector.title);
  const [environment, setEnvironment] = useState('');
  const [option, setOption] = useState(() => defaultAuthOption(connector));
  const [fields, setFields] = useState<Fields>({});
  const [nameMissing, setNameMissing] = useState(false);
  const { schema, uiSchema } = useMemo(() => connectorForm(connector, option), [connector, option]);
  const kind = authKindOf(connector, option);
  const oauth = isOAuth(kind);
  const selectedBy = connector.auth.selectedBy;

  const problems = useMemo(() => (error instanceof PatchbayApiError ? fieldProblems(error.details) : []), [error]);
  const nameProblem = nameMissing ? { message: 'Required: give the connection a name.' } : problems.find((p) => p.path === 'name' || p.path === '/name');
  const environmentProblem = problems.find((p) => p.path === 'environment' || p.path === '/environment');
  const fieldErrors = useMemo(() => problems.filter((p) => /^\/?fields([./]|$)/.test(p.path)), [problems]);
  const otherError = error && problems.length === 0 ? error.message : null;

  const chooseOption = (next: string) => {
    setOption(next);
    // Values typed for another option's fields are not sent: the server would ignore them anyway.
    const keep = fieldsOfOption(connector, next);
    setFields((previous) => Object.fromEntries(Object.entries(previous).filter(([key]) => keep.has(key))));
  };

  const submit = (values: Fields) => {
    if (!name.trim()) {
      setNameMissing(true);
      document.getElementById(ids.name)?.focus();
      return;
    }
    const all = selectedBy && option ? { ...values, [selectedBy]: option } : values;
    onSubmit({ connector: connector.key, name: name.trim(), ...(environment.trim() ? { environment: environment.trim() } : {}), fields: all }, oauth);
  };
  // Name and environment are outside the schema form: Enter in them submits it, as in any form.
  const enterSubmits = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    document.getElementById(`${ids.formId}-submit`)?.click();
  };

  return (
    <section className="connection-form" aria-labelledby={`${ids.formId}-heading`}>
      <h2 id={`${ids.formId}-heading`} className="step-heading">
        Connect {connector.title}
      </h2>
      <div className="plain-fields">
        <div className="field">
          <label htmlFor={ids.name}>Name</label>
          <input
            id={ids.name}
            value={name}
            required
            aria-invalid={nameProblem ? true : undefined}
            aria-describedby={`${ids.name}-hint${nameProblem ? ` ${ids.name}-error` : ''}`}
            onKeyDown={enterSubmits}
            onChange={(e) => {
              setName(e.target.value);
              setNameMissing(false);
            }}
          />
          <p id={`${ids.name}-hint`} className="hint">
            How people recognise it in recipes, e.g. “{connector.title} production”.
          </p>
          {nameProblem ? (
            <p id={`${ids.name}-error`} className="field-error" role="alert">
              {nameProblem.message}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={ids.environment}>Environment label</label>
          <input
            id={ids.environment}
            value={environment}
            placeholder="Production, Sandbox…"
            aria-describedby={environmentProblem ? `${ids.environment}-error` : undefined}
            onKeyDown={enterSubmits}
            onChange={(e) => setEnvironment(e.target.value)}
          />
          {environmentProblem ? (
            <p id={`${ids.environment}-error`} className="field-error" role="alert">
              {environmentProblem.message}
            </p>
          ) : null}
        </div>
        <AuthChoice connector={connector} name={ids.auth} value={option} onChange={chooseOption} />
      </div>

      <SchemaForm<Fields> schema={schema} uiSchema={uiSchema} formData={fields} onChange={setFields} onSubmit={submit} fieldErrors={fieldErrors} idPrefix={`new-${connector.key}`} disabled={pending}>
        {otherError ? (
          <p role="alert" className="banner error">
            {otherError}
          </p>
        ) : null}
        <p className="hint">{oauth ? `Connect saves the connection, then opens ${connector.title}’s login in a new window to authorise it.` : 'Saving tests the connection at once.'}</p>
        <div className="form-actions">
          <button id={`${ids.formId}-submit`} type="submit" className="button primary" disabled={pending}>
            {pending ? 'Saving…' : oauth ? 'Connect' : 'Save and test'}
          </button>
        </div>
      </SchemaForm>
    </section>
  );
}
