import { useId, useState } from 'react';
import type { Connection, Connector } from '../../api/client.ts';
import { useTestConnection } from '../../api/connections.ts';
import { RelativeTime } from '../../components/relative-time.tsx';
import { DeleteDialog } from './delete-dialog.tsx';
import { StatusLine } from './status-line.tsx';
import { useConnectPopup, type ConnectState } from './use-connect-popup.ts';

/** A stable colour per app, from its key: the icon is the app's initial on it. */
function hueOf(key: string): number {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return hash;
}
const HUES = 12;

function connectMessage(state: ConnectState): string | null {
  switch (state.kind) {
    case 'waiting':
      return 'Finish connecting in the window that opened.';
    case 'done':
      return state.ok ? state.message : `Connecting failed: ${state.message}`;
    case 'closed':
      return 'The window was closed before connecting finished.';
    case 'failed':
      return `Connecting failed: ${state.message}`;
    default:
      return null;
  }
}

export function ConnectionCard({ connection, connector }: { connection: Connection; connector: Connector | undefined }) {
  const nameId = useId();
  const test = useTestConnection();
  const { state: connectState, connect } = useConnectPopup(connection.id);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const appName = connector?.title ?? connection.connector;
  const oauth = connection.authKind === 'oauth2';
  const needsConnect = oauth && connection.status !== 'connected';
  const connectLabel = connection.status === 'needs_reauth' || connection.authorizedAt ? 'Reconnect' : 'Connect';
  const connectButton = needsConnect ? (
    <button type="button" className="button primary" aria-describedby={nameId} onClick={() => void connect()} disabled={connectState.kind === 'waiting'}>
      {connectLabel}
    </button>
  ) : null;

  const testResult = test.isPending
    ? 'Testing…'
    : test.isError
      ? `Test failed: ${test.error.message}`
      : test.data
        ? test.data.ok
          ? 'Test passed: the app accepted the connection.'
          : `Test failed: ${test.data.message ?? 'the app refused the connection.'}`
        : null;
  const connectText = connectMessage(connectState);

  return (
    <article className="connection" aria-labelledby={nameId}>
      <div className="app">
        <span className={`app-icon hue-${hueOf(connection.connector) % HUES}`} aria-hidden="true">
          {appName.charAt(0).toUpperCase()}
        </span>
        <span className="app-name">{appName}</span>
      </div>
      <div className="identity">
        <h2 id={nameId} className="connection-name">
          {connection.name}
        </h2>
        {connection.environment ? <span className="environment">{connection.environment}</span> : null}
      </div>
      <StatusLine connection={connection} reconnect={connection.status === 'needs_reauth' ? connectButton : null} />
      <dl className="facts">
        <div>
          <dt>Connected as</dt>
          <dd>{connection.identity?.label ?? '—'}</dd>
        </div>
        <div>
          <dt>Scopes</dt>
          <dd>{connection.grantedScopes.length > 0 ? connection.grantedScopes.join(', ') : '—'}</dd>
        </div>
        <div>
          <dt>Last used</dt>
          <dd>{connection.lastUsedAt ? <RelativeTime iso={connection.lastUsedAt} /> : 'Never'}</dd>
        </div>
      </dl>
      <div className="actions">
        {connection.status !== 'needs_reauth' ? connectButton : null}
        <button type="button" className="button secondary" aria-describedby={nameId} onClick={() => test.mutate(connection.id)} disabled={test.isPending}>
          Test
        </button>
        <button type="button" className="button secondary danger-text" aria-describedby={nameId} onClick={() => setConfirmingDelete(true)}>
          Delete
        </button>
      </div>
      <div className="messages" role="status">
        {testResult ? <p className={test.data?.ok ? 'ok' : test.isPending ? '' : 'failed'}>{testResult}</p> : null}
        {connectText ? <p>{connectText}</p> : null}
        {connectState.kind === 'blocked' ? (
          <p>
            The browser blocked the window. Allow pop-ups for this site and try again, or{' '}
            <a href={connectState.url} target="_blank" rel="opener">
              open the app's authorisation page
            </a>
            .
          </p>
        ) : null}
      </div>
      {confirmingDelete ? <DeleteDialog connection={connection} onClose={() => setConfirmingDelete(false)} /> : null}
    </article>
  );
}
