import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import type { Connection, Connector } from '../../api/client.ts';
import { useTestConnection } from '../../api/connections.ts';
import { RelativeTime } from '../../components/relative-time.tsx';
import { DeleteDialog } from './delete-dialog.tsx';
import { DisconnectDialog } from './disconnect-dialog.tsx';
import { RecipeLinks } from './recipe-links.tsx';
import { StatusLine } from './status-line.tsx';
import { connectMessage, useConnectPopup } from './use-connect-popup.ts';
import { recipesUsing, usageSummary } from './used-by.ts';

/** A stable colour per app, from its key: the icon is the app's initial on it. */
export function hueOf(key: string): number {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return hash;
}
export const HUES = 12;

/** The result of Test, in words. */
export function testResultText(test: ReturnType<typeof useTestConnection>): string | null {
  if (test.isPending) return 'Testing…';
  if (test.isError) return `Test failed: ${test.error.message}`;
  if (!test.data) return null;
  return test.data.ok ? 'Test passed: the app accepted the connection.' : `Test failed: ${test.data.message ?? 'the app refused the connection.'}`;
}

export function ConnectionCard({ connection, connector }: { connection: Connection; connector: Connector | undefined }) {
  const nameId = useId();
  const test = useTestConnection();
  const { state: connectState, connect } = useConnectPopup(connection.id);
  const [confirming, setConfirming] = useState<'delete' | 'disconnect' | null>(null);
  const recipes = recipesUsing(connection);
  const appName = connector?.title ?? connection.connector;
  const oauth = connection.authKind === 'oauth2';
  const needsConnect = oauth && connection.status !== 'connected';
  const connectLabel = connection.status === 'needs_reauth' || connection.authorizedAt ? 'Reconnect' : 'Connect';
  const connectButton = needsConnect ? (
    <button type="button" className="button primary" aria-describedby={nameId} onClick={() => void connect()} disabled={connectState.kind === 'waiting'}>
      {connectLabel}
    </button>
  ) : null;

  const testResult = testResultText(test);
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
          <dt>Used by</dt>
          <dd>
            {usageSummary(recipes)}
            <RecipeLinks recipes={recipes} label={`Recipes using ${connection.name}`} />
          </dd>
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
        <Link to="/connections/$connectionId" params={{ connectionId: connection.id }} className="button secondary link-button" aria-describedby={nameId}>
          Edit
        </Link>
        {connection.status !== 'disconnected' ? (
          <button type="button" className="button secondary" aria-describedby={nameId} onClick={() => setConfirming('disconnect')}>
            Disconnect
          </button>
        ) : null}
        <button type="button" className="button secondary danger-text" aria-describedby={nameId} onClick={() => setConfirming('delete')}>
          Delete
        </button>
      </div>
      <div className="messages" role="status">
        {testResult ? <p className={test.data?.ok ? 'ok' : test.isPending ? '' : 'failed'}>{testResult}</p> : null}
        {connectText ? <p>{connectText}</p> : null}
      </div>
      {confirming === 'delete' ? <DeleteDialog connection={connection} onClose={() => setConfirming(null)} /> : null}
      {confirming === 'disconnect' ? <DisconnectDialog connection={connection} onClose={() => setConfirming(null)} /> : null}
    </article>
  );
}
