import { Link } from '@tanstack/react-router';
import type { Connector } from '../../api/client.ts';
import { useConnection, type useTestConnection } from '../../api/connections.ts';
import { testResultText } from '../connections/connection-card.tsx';
import { StatusLine } from '../connections/status-line.tsx';
import { connectMessage, type ConnectState } from '../connections/use-connect-popup.ts';
import { isOAuth } from './connector-form.ts';

interface Props {
  connectionId: string;
  connector: Connector;
  connectState: ConnectState;
  onConnect: () => void;
  test: ReturnType<typeof useTestConnection>;
}

/** The form that was submitted is gone: the keyboard and screen-reader user continues at the result. */
const focusOnce = (heading: HTMLHeadingElement | null) => {
  if (heading && !heading.contains(document.activeElement)) heading.focus({ preventScroll: true });
};

/** Step 3: the connection just made, its status as it changes (Connect in the popup, Test), and where to go next. */
export function CreatedConnection({ connectionId, connector, connectState, onConnect, test }: Props) {
  const connection = useConnection(connectionId);
  if (connection.isPending) return <p role="status">Loading the connection…</p>;
  if (connection.isError) {
    return (
      <p role="alert" className="banner error">
        The connection could not be loaded: {connection.error.message}
      </p>
    );
  }
  const c = connection.data;
  const oauth = isOAuth(connector.auth.kinds.find((k) => k.option === c.authOption));
  const canConnect = oauth && c.status !== 'connected';
  const connectButton = canConnect ? (
    <button type="button" className="button primary" onClick={onConnect} disabled={connectState.kind === 'waiting' || connectState.kind === 'redirecting'}>
      {c.authorizedAt || c.status === 'needs_reauth' ? 'Reconnect' : 'Connect'}
    </button>
  ) : null;
  // A connect that succeeded says so in the status above; its message would repeat it.
  const connectWords = connectState.kind === 'done' && connectState.ok ? null : connectMessage(connectState);
  const words = [connectWords, testResultText(test)].filter((w): w is string => Boolean(w));
  const testFailed = test.isError || (test.data !== undefined && !test.data.ok);

  return (
    <section className="created-connection" aria-labelledby="created-heading">
      <h2 id="created-heading" className="step-heading" tabIndex={-1} ref={focusOnce}>
        {c.name}
      </h2>
      <div className="created-status">
        <StatusLine connection={c} reconnect={c.status === 'needs_reauth' ? connectButton : null} />
        {c.identity ? <p>Connected as {c.identity.label}</p> : null}
      </div>
      <div role="status" className={`created-messages${testFailed ? ' failed' : ''}`}>
        {words.map((w) => (
          <p key={w}>{w}</p>
        ))}
      </div>
      <div className="form-actions">
        {c.status !== 'needs_reauth' ? connectButton : null}
        <button type="button" className="button secondary" onClick={() => test.mutate(c.id)} disabled={test.isPending}>
          Test
        </button>
        <Link to="/connections/$connectionId" params={{ connectionId: c.id }} className="button secondary link-button">
          Edit
        </Link>
        <Link to="/connections" search={{}} className="button secondary link-button">
          Back to Connections
        </Link>
      </div>
    </section>
  );
}
