import { Link } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import type { Connection, Connector } from '../../api/client.ts';
import { useConnections, useConnectors } from '../../api/connections.ts';
import { keys } from '../../api/keys.ts';
import { useBindRecipe, type Recipe } from '../../api/recipes.ts';
import { STATUS_LABELS } from '../connections/filters.ts';
import { connectMessage, useConnectPopup } from '../connections/use-connect-popup.ts';
import { ErrorBanner } from './problems.tsx';

type Slot = Recipe['connections'][number];

/** The recipe's Connections tab: one row per slot, its connection and status, and what to do about it. */
export function ConnectionsTab({ recipe }: { recipe: Recipe }) {
  const connections = useConnections();
  const connectors = useConnectors();
  if (recipe.connections.length === 0) {
    return <p className="empty">This recipe uses no app connection. Add a slot (e.g. a Salesforce org) in the editor to use an app in its steps.</p>;
  }
  return (
    <div>
      <p className="hint">Each slot is one app instance; the recipe starts once every slot has a connected connection with the scopes its steps need.</p>
      <ul className="slot-rows" aria-label="Connection slots">
        {recipe.connections.map((slot) => (
          <li key={slot.slot}>
            <SlotRow recipe={recipe} slot={slot} connector={connectors.data?.get(slot.connector)} connections={connections.data ?? []} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function SlotRow({ recipe, slot, connector, connections }: { recipe: Recipe; slot: Slot; connector: Connector | undefined; connections: readonly Connection[] }) {
  const headingId = useId();
  const selectId = useId();
  const bind = useBindRecipe(recipe.id);
  const [changing, setChanging] = useState(false);
  const candidates = connections.filter((c) => c.connector === slot.connector);
  const bound = connections.find((c) => c.id === slot.connectionId) ?? null;
  const [choice, setChoice] = useState(slot.connectionId ?? candidates[0]?.id ?? '');
  const appTitle = connector?.title ?? slot.connector;
  const needsConnect = bound !== null && bound.status !== 'connected' && bound.authKind === 'oauth2';

  const statusText = !slot.connectionId
    ? 'No connection chosen'
    : bound
      ? `${STATUS_LABELS[bound.status]}${bound.identity ? ` as ${bound.identity.label}` : ''}`
      : 'The connection was deleted';

  return (
    <article className="slot-row" aria-labelledby={headingId}>
      <div className="slot-app">
        <h3 id={headingId}>
          {appTitle} <span className="slot-name">({slot.slot})</span>
        </h3>
      </div>
      <dl className="facts slot-facts">
        <div>
          <dt>Connection</dt>
          <dd>{bound ? bound.name : '—'}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd className={`slot-status ${slot.ready ? 'ready' : 'not-ready'}`}>{statusText}</dd>
        </div>
        {slot.missingScopes.length > 0 ? (
          <div>
            <dt>Missing scopes</dt>
            <dd>{slot.missingScopes.join(', ')}</dd>
          </div>
        ) : null}
        {!slot.ready && slot.reason ? (
          <div>
            <dt>Not ready</dt>
            <dd>
              {slot.slot} {slot.reason}
            </dd>
          </div>
        ) : null}
      </dl>
      <div className="actions slot-actions">
        {needsConnect && bound ? <ConnectButton connectionId={bound.id} describedBy={headingId} label={bound.authorizedAt ? 'Reconnect' : 'Connect'} /> : null}
        <button type="button" className="button secondary" aria-describedby={headingId} aria-expanded={changing} onClick={() => setChanging((c) => !c)}>
          Change
        </button>
        <Link className="button secondary" to="/connections/new" search={{ connector: slot.connector }} aria-describedby={headingId}>
          Create new
        </Link>
      </div>
      {changing ? (
        <form
          className="slot-change"
          onSubmit={(event) => {
            event.preventDefault();
            bind.mutate({ [slot.slot]: choice || null }, { onSuccess: () => setChanging(false) });
          }}
        >
          <div className="field">
            <label htmlFor={selectId}>Connection for {appTitle} ({slot.slot})</label>
            <select id={selectId} value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">None</option>
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} — {STATUS_LABELS[c.status]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button primary" disabled={bind.isPending}>
            Use this connection
          </button>
          {candidates.length === 0 ? <p className="hint">No {appTitle} connection yet: Create new.</p> : null}
        </form>
      ) : null}
      {bind.isError ? <ErrorBanner error={bind.error} prefix="The connection was not changed" /> : null}
    </article>
  );
}

function ConnectButton({ connectionId, describedBy, label }: { connectionId: string; describedBy: string; label: string }) {
  const { state, connect } = useConnectPopup(connectionId);
  const queryClient = useQueryClient();
  // The slot's readiness is the recipe's view: refresh it once the app said yes.
  useEffect(() => {
    if (state.kind === 'done' || state.kind === 'closed') void queryClient.invalidateQueries({ queryKey: keys.recipes });
  }, [state, queryClient]);
  return (
    <>
      <button type="button" className="button primary" aria-describedby={describedBy} disabled={state.kind === 'waiting'} onClick={() => void connect()}>
        {label}
      </button>
      <span role="status" className="connect-state">
        {connectMessage(state) ?? ''}
      </span>
    </>
  );
}
