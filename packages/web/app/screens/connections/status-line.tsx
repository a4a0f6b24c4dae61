import type { ReactNode } from 'react';
import type { Connection } from '../../api/client.ts';
import { RelativeTime } from '../../components/relative-time.tsx';
import { STATUS_LABELS } from './filters.ts';

/** The status in words, with its reason: never a raw code such as invalid_grant. */
export function StatusLine({ connection, reconnect }: { connection: Connection; reconnect: ReactNode }) {
  const { status, statusReason, lostAt } = connection;
  let detail: ReactNode = null;
  if (status === 'needs_reauth') {
    detail = <>The app no longer accepts the authorisation: {reconnect ?? 'reconnect it'}.</>;
  } else if (status === 'error') {
    detail = (
      <>
        {statusReason ?? 'The last use failed.'}
        {lostAt ? (
          <>
            {' '}
            Lost <RelativeTime iso={lostAt} />.
          </>
        ) : null}
      </>
    );
  } else if (status === 'disconnected') {
    detail = statusReason ?? 'Not authorised yet.';
  }
  return (
    <div className={`status status-${status}`}>
      <span className="status-word">
        <span className="status-dot" aria-hidden="true" />
        {STATUS_LABELS[status]}
      </span>
      {detail ? <span className="status-detail">{detail}</span> : null}
    </div>
  );
}
