import { ariaDescribedByIds, type WidgetProps } from '@rjsf/utils';
import { useEffect, useId, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { keys } from '../../../api/keys.ts';
import { usePicklist, useRefreshPicklist } from '../../../api/recipes.ts';
import { connectMessage, useConnectPopup } from '../../connections/use-connect-popup.ts';
import { useStepForm } from './step-context.tsx';

const isMapping = (value: string) => value.includes('{{');

/** `ui:options` of a pick list field: which list, and which other inputs give its parameters. */
function listOptions(options: WidgetProps['options']): { list: string; params: Record<string, string> } {
  const list = typeof options.list === 'string' ? options.list : '';
  const params: Record<string, string> = {};
  if (typeof options.params === 'object' && options.params !== null) {
    for (const [param, input] of Object.entries(options.params)) if (typeof input === 'string') params[param] = input;
  }
  return { list, params };
}

/**
 * A field whose values come from the app (objects, fields, projects): a select loaded through the
 * slot's connection. Until that connection is connected the select is disabled, with "Connect <App>
 * to choose" and a Connect button in its place: the app alone knows which objects it has.
 */
export function PicklistWidget(props: WidgetProps) {
  const { id, value, onChange, required, rawErrors, disabled, label } = props;
  const { slot, input, openConnectionsTab } = useStepForm();
  const { list, params: paramInputs } = listOptions(props.options);
  const noteId = useId();
  const current = typeof value === 'string' ? value : '';

  const params: Record<string, string> = {};
  const missing: string[] = [];
  for (const [param, inputName] of Object.entries(paramInputs)) {
    const given = input[inputName];
    if (typeof given === 'string' && given !== '' && !isMapping(given)) params[param] = given;
    else missing.push(inputName);
  }
  const connectionId = slot?.connected ? (slot.connection?.id ?? null) : null;
  const ready = connectionId !== null && missing.length === 0;
  const options = usePicklist(connectionId, list, params, ready);
  const refresh = useRefreshPicklist();

  let note: ReactNode = null;
  if (!slot) note = <span>Choose the step's connection first.</span>;
  else if (!slot.connected)
    note = (
      <>
        <span>Connect {slot.appTitle} to choose</span>
        {slot.connection ? (
          <ConnectInPlace connectionId={slot.connection.id} />
        ) : (
          // Nothing is bound to the slot yet: the Connections tab is where one is chosen or created.
          <button type="button" className="button primary" onClick={openConnectionsTab}>
            Connect
          </button>
        )}
      </>
    );
  else if (missing.length > 0) note = <span>Choose {missing.join(' and ')} first.</span>;
  else if (options.isPending) note = <span role="status">Loading the list from {slot.appTitle}…</span>;
  else if (options.isError) note = <span role="alert">The list could not be loaded: {options.error.message}</span>;

  const choices = options.data ?? [];
  const known = choices.some((o) => o.value === current);
  const describedBy = `${ariaDescribedByIds(id)} ${noteId}`;

  return (
    <div className="picklist">
      <div className="picklist-row">
        <select
          id={id}
          name={id}
          value={current}
          required={required}
          disabled={disabled || !ready || options.isPending}
          aria-invalid={(rawErrors?.length ?? 0) > 0 || undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        >
          <option value="">{ready ? `Choose ${label.toLowerCase()}…` : '—'}</option>
          {current && !known ? <option value={current}>{current}</option> : null}
          {choices.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        {ready && connectionId ? (
          <button
            type="button"
            className="button secondary"
            disabled={refresh.isPending}
            onClick={() => refresh.mutate({ connectionId, list, params })}
          >
            {refresh.isPending ? 'Refreshing…' : `Refresh ${label.toLowerCase()} list`}
          </button>
        ) : null}
      </div>
      <p id={noteId} className="picklist-note">
        {note}
        {refresh.isError ? <span role="alert">Refreshing failed: {refresh.error.message}</span> : null}
      </p>
    </div>
  );
}

/** Connect in place: the app's authorisation popup; the lists load when it reports success, without a reload. */
function ConnectInPlace({ connectionId }: { connectionId: string }) {
  const { state, connect } = useConnectPopup(connectionId);
  const queryClient = useQueryClient();
  // The recipe's slots become ready too: its view says so.
  useEffect(() => {
    if (state.kind === 'done' && state.ok) void queryClient.invalidateQueries({ queryKey: keys.recipes });
  }, [state, queryClient]);
  return (
    <>
      <button type="button" className="button primary" disabled={state.kind === 'waiting'} onClick={() => void connect()}>
        Connect
      </button>
      <span role="status">{connectMessage(state) ?? ''}</span>
    </>
  );
}
