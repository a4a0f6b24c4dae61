import { Link } from '@tanstack/react-router';
import type { Connection, Connector } from '../../api/client.ts';
import { useTestConnection } from '../../api/connections.ts';
import { authOptionLabel } from '../new-connection/auth-choice.tsx';
import { isOAuth } from '../new-connection/connector-form.ts';
import { testResultText } from './connection-card.tsx';
import { StatusLine } from './status-line.tsx';
import { connectMessage, useConnectPopup } from './use-connect-popup.ts';

interface Props {
  connection: Connection;
  connector: Connector;
  /** Back to the form, to change something else. */
  onEditAgain: () => void;
}

/** The saved form is gone: the keyboard and screen-reader user continues at the result. */
const focusOnce = (heading: HTMLHeadingElement | null) => {
  if (heading && !heading.contains(document.activeElement)) heading.focus({ preventScroll: true });
};

/**
 * After Edit changed how a connection signs in: the old authorisation does not carry over, so say
 * what the new one needs — Connect for an OAuth option (the app's login), otherwise the result of
 * the test that saving ran — with Test at hand.
 */
export function AuthChanged({ connection, connector, onEditAgain }: Props) {
  const test = useTestConnection();
  const { state: connectState, connect } = useConnectPopup(connection.id);
  const oauth = isOAuth(connector.auth.kinds.find((k) => k.option === connection.authOption));
  const words = [connectMessage(connectState), testResultText(test)].filter((w): w is string => Boolean(w));
  const testFailed = test.isError || (test.data !== undefined && !test.data.ok);
  const connectButton = oauth ? (
    <button type="button" className="button primary" onClick={() => void connect()} disabled={connectState.kind === 'waiting' || connectState.kind === 'redirecting'}>
      Connect
    </button>
  ) : null;

  return (
    <section className="created-connection auth-changed" aria-labelledby="auth-changed-heading">
      <h2 id="auth-changed-heading" className="step-heading" tabIndex={-1} ref={focusOnce}>
        Sign-in changed to {authOptionLabel(connector, connection.authOption)}
      </h2>
      <p>
        {oauth
          ? `The earlier credentials no longer apply: connect it to authorise Patchbay in ${connector.title} with the new settings. Until then recipes cannot use it.`
          : 'The earlier credentials no longer apply. Saving tested the new ones: the status below is the result.'}
      </p>
      <div className="created-status">
        <StatusLine connection={connection} reconnect={null} />
        {connection.identity ? <p>Connected as {connection.identity.label}</p> : null}
      </div>
      <div role="status" className={`created-messages${testFailed ? ' failed' : ''}`}>
        {words.map((w) => (
          <p key={w}>{w}</p>
        ))}
      </div>
      <div className="form-actions">
        {connectButton}
        <button type="button" className="button secondary" onClick={() => test.mutate(connection.id)} disabled={test.isPending}>
          Test
        </button>
        <button type="button" className="button secondary" onClick={onEditAgain}>
          Edit again
        </button>
        <Link to="/connections" search={{}} className="button secondary link-button">
          Back to Connections
        </Link>
      </div>
    </section>
  );
}
