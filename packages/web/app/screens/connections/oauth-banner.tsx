import type { Connection } from '../../api/client.ts';
import type { OAuthReturn } from './oauth-return.ts';

/**
 * The result of a full-page authorisation (the fallback when the popup was blocked), at the top of the
 * page the browser came back to. A status region: announced without taking the focus.
 */
export function OAuthBanner({ result, connections, onDismiss }: { result: OAuthReturn | null; connections: Connection[] | undefined; onDismiss: () => void }) {
  if (!result) return null;
  const connection = connections?.find((c) => c.id === result.connectionId);
  const name = connection ? `“${connection.name}”` : 'The connection';
  const text = result.ok
    ? `${name} is connected${connection?.identity ? ` as ${connection.identity.label}` : ''}.`
    : `Connecting ${connection ? name : 'the connection'} failed: ${result.message ?? 'the app did not authorise it.'}`;
  return (
    <div className={`banner oauth-banner ${result.ok ? 'ok' : 'error'}`} role="status">
      <p>{text}</p>
      <button type="button" className="button secondary" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
