import { getRouteApi, Link } from '@tanstack/react-router';
import { useId, useMemo, useState } from 'react';
import { PatchbayApiError, type Connection, type Connector } from '../../api/client.ts';
import { useConnection, useConnectors, useUpdateConnection } from '../../api/connections.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { SchemaForm } from '../../components/schema-form/index.ts';
import { AuthChoice, authOptionLabel } from '../new-connection/auth-choice.tsx';
import { authKindOf, connectorForm, fieldProblems, fieldsOfOption, isOAuth, secretFieldNames } from '../new-connection/connector-form.ts';
import { AuthChanged } from './auth-changed.tsx';
import { changedFields, fieldsShown } from './changed-fields.ts';
import { StatusLine } from './status-line.tsx';
import './connections.css';
import '../new-connection/new-connection.css';

const route = getRouteApi('/signed-in/connections/$connectionId');

type Fields = Record<string, unknown>;

/**
 * Edit: name, environment label, how it signs in (connectors with several auth options) and fields.
 * Secret fields are write-only: shown as "set", a new value replaces.
 */
export function EditConnectionPage() {
  const { connectionId } = route.useParams();
  const connection = useConnection(connectionId);
  const connectors = useConnectors();
  const heading = usePageTitle(connection.data ? `Edit ${connection.data.name}` : 'Edit connection');
  const connector = connection.data ? connectors.data?.get(connection.data.connector) : undefined;

  return (
    <div className="page edit-connection">
      <div className="page-header">
        <p className="breadcrumb">
          <Link to="/connections" search={{}}>
            Connections
          </Link>
        </p>
        <h1 ref={heading} tabIndex={-1}>
          {connection.data ? `Edit “${connection.data.name}”` : 'Edit connection'}
        </h1>
      </div>
      {connection.isPending || connectors.isPending ? (
        <p role="status">Loading the connection…</p>
      ) : connection.isError ? (
        <p role="alert" className="banner error">
          {connection.error instanceof PatchbayApiError && connection.error.status === 404 ? 'There is no such connection (it may have been deleted).' : `The connection could not be loaded: ${connection.error.message}`}
        </p>
      ) : !connector ? (
        <p role="alert" className="banner error">
          The app of this connection (“{connection.data.connector}”) is not installed.
        </p>
      ) : (
        <EditForm key={connection.data.id} connection={connection.data} connector={connector} />
      )}
    </div>
  );
}

function EditForm({ connection, connector }: { connection: Connection; connector: Connector }) {
  const ids = { name: useId(), environment: useId(), auth: useId() };
  const update = useUpdateConnection(connection.id);
  const navigate = route.useNavigate();
  const [name, setName] = useState(connection.name);
  const [environment, setEnvironment] = useState(connection.environment ?? '');
  const [option, setOption] = useState(connection.authOption);
  // Only the fields the form shows: the auth choice is asked apart, and the form's schema refuses
  // properties it does not show ("auth" is not expected here), which would block every save.
  const [fields, setFields] = useState<Fields>(() => fieldsShown(connection.fields, fieldsOfOption(connector, connection.authOption)));
  // Set once a save changed the auth option: the page then shows what the connection needs next.
  const [changedAuth, setChangedAuth] = useState(false);
  const optionChanged = option !== connection.authOption;
  const used = useMemo(() => fieldsOfOption(connector, option), [connector, option]);
  // A stored secret of another option is not the new option's: it shows empty (required if the option requires it).
  const secretsSet = useMemo(() => connection.secretFieldsSet.filter((n) => used.has(n)), [connection.secretFieldsSet, used]);
  const { schema, uiSchema } = useMemo(() => connectorForm(connector, option, secretsSet), [connector, option, secretsSet]);
  const secrets = secretFieldNames(connector);
  const selectedBy = connector.auth.selectedBy;

  const problems = useMemo(() => (update.error instanceof PatchbayApiError ? fieldProblems(update.error.details) : []), [update.error]);
  const fieldErrors = useMemo(() => problems.filter((p) => /^\/?fields([./]|$)/.test(p.path)), [problems]);
  const nameProblem = problems.find((p) => p.path === 'name' || p.path === '/name');
  const otherError = update.error && problems.length === 0 ? update.error.message : null;

  const chooseOption = (next: string) => {
    setOption(next);
    update.reset();
    // The stored values of the fields the new option uses, over what was typed; nothing of the others.
    setFields((previous) => fieldsShown({ ...connection.fields, ...previous }, fieldsOfOption(connector, next)));
  };

  const save = (values: Fields) => {
    const changed = changedFields(values, connection.fields, { secrets, shown: used });
    if (optionChanged && selectedBy) changed[selectedBy] = option;
    update.mutate(
      {
        ...(name.trim() !== connection.name ? { name: name.trim() } : {}),
        ...(environment.trim() !== (connection.environment ?? '') ? { environment: environment.trim() || null } : {}),
        ...(Object.keys(changed).length > 0 ? { fields: changed } : {}),
      },
      { onSuccess: () => (optionChanged ? setChangedAuth(true) : void navigate({ to: '/connections', search: {} })) },
    );
  };

  if (changedAuth) {
    return (
      <AuthChanged
        connection={connection}
        connector={connector}
        onEditAgain={() => {
          setChangedAuth(false);
          update.reset();
        }}
      />
    );
  }

  const newOAuth = optionChanged && isOAuth(authKindOf(connector, option));
  return (
    <section className="connection-form" aria-label={`${connector.title} connection`}>
      <div className="created-status">
        <p>
          <strong>{connector.title}</strong>
          {selectedBy ? ` · ${authOptionLabel(connector, connection.authOption)}` : ''}
        </p>
        <StatusLine connection={connection} reconnect={null} />
      </div>
      <div className="plain-fields edit-plain-fields">
        <div className="field">
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} value={name} required aria-describedby={nameProblem ? `${ids.name}-error` : undefined} onChange={(e) => setName(e.target.value)} />
          {nameProblem ? (
            <p id={`${ids.name}-error`} className="field-error" role="alert">
              {nameProblem.message}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={ids.environment}>Environment label</label>
          <input id={ids.environment} value={environment} placeholder="Production, Sandbox…" onChange={(e) => setEnvironment(e.target.value)} />
        </div>
        <AuthChoice connector={connector} name={ids.auth} value={option} onChange={chooseOption}>
          {optionChanged ? (
            <p className="hint auth-change-note">
              {newOAuth
                ? `The current authorisation does not carry over: after saving, connect it again in ${connector.title}.`
                : 'The current credentials do not carry over: saving tests the connection with the new ones.'}
            </p>
          ) : null}
        </AuthChoice>
      </div>
      <SchemaForm<Fields> schema={schema} uiSchema={uiSchema} formData={fields} onChange={setFields} onSubmit={save} fieldErrors={fieldErrors} idPrefix="edit" disabled={update.isPending}>
        {otherError ? (
          <p role="alert" className="banner error">
            {otherError}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save changes'}
          </button>
          <Link to="/connections" search={{}} className="button secondary link-button">
            Cancel
          </Link>
        </div>
      </SchemaForm>
    </section>
  );
}
