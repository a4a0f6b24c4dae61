import { getRouteApi, Link } from '@tanstack/react-router';
import { useId, useMemo } from 'react';
import { useConnections, useConnectors } from '../../api/connections.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { ConnectionCard } from './connection-card.tsx';
import { applyFilters, connectionFilters, STATUS_LABELS, STATUSES, type ConnectionFilters } from './filters.ts';
import { OAuthBanner } from './oauth-banner.tsx';
import { useOAuthReturn } from './oauth-return.ts';
import './connections.css';
import { LoadError } from '../../components/load-error.tsx';

const route = getRouteApi('/signed-in/connections');

/** The first screen after sign-in: every connection, its status in words, and what to do about it. */
export function ConnectionsPage() {
  const heading = usePageTitle('Connections');
  const filters = route.useSearch();
  const navigate = route.useNavigate();
  const connections = useConnections();
  const connectors = useConnectors();
  const [oauthResult, dismissOAuthResult] = useOAuthReturn();
  const ids = { name: useId(), status: useId(), app: useId() };

  const all = connections.data ?? [];
  const shown = useMemo(() => applyFilters(all, filters), [all, filters]);
  const apps = useMemo(() => [...new Set(all.map((c) => c.connector))].sort(), [all]);
  const titleOf = (key: string) => connectors.data?.get(key)?.title ?? key;

  const setFilter = (change: Partial<ConnectionFilters>) =>
    void navigate({ search: (previous) => ({ ...previous, ...change }), replace: true });

  return (
    <div className="page">
      <div className="page-header with-action">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            Connections
          </h1>
          <p className="page-intro">Each connection is one authorised link to one app instance, shared by every recipe that uses it.</p>
        </div>
        <Link to="/connections/new" search={{}} className="button primary link-button">
          New connection
        </Link>
      </div>
      <OAuthBanner result={oauthResult} connections={connections.data} onDismiss={dismissOAuthResult} />

      <search className="filters" aria-label="Filter connections">
        <div className="field">
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} type="search" value={filters.q ?? ''} placeholder="Search by name" onChange={(e) => setFilter({ q: e.target.value || undefined })} />
        </div>
        <div className="field">
          <label htmlFor={ids.status}>Status</label>
          <select id={ids.status} value={filters.status ?? ''} onChange={(e) => setFilter({ status: connectionFilters({ status: e.target.value }).status })}>
            <option value="">All statuses</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.app}>App</label>
          <select id={ids.app} value={filters.app ?? ''} onChange={(e) => setFilter({ app: e.target.value || undefined })}>
            <option value="">All apps</option>
            {apps.map((key) => (
              <option key={key} value={key}>
                {titleOf(key)}
              </option>
            ))}
          </select>
        </div>
      </search>

      {connections.isPending ? (
        <p role="status">Loading connections…</p>
      ) : connections.isError ? (
        <LoadError what="connections" error={connections.error} retry={connections.refetch} />
      ) : (
        <>
          <p role="status" className="count">
            {shown.length === all.length ? `${all.length} ${all.length === 1 ? 'connection' : 'connections'}` : `${shown.length} of ${all.length} connections`}
          </p>
          {all.length === 0 ? (
            <div className="empty">
              <p>No connections yet.</p>
              <p>
                <Link to="/connections/new" search={{}}>
                  Create a connection
                </Link>{' '}
                here, with <code>npx patchbay connections create</code> or with <code>POST /api/v1/connections</code>.
              </p>
            </div>
          ) : shown.length === 0 ? (
            <p className="empty">No connection matches these filters.</p>
          ) : (
            <ul className="connection-list" aria-label="Connections">
              {shown.map((connection) => (
                <li key={connection.id}>
                  <ConnectionCard connection={connection} connector={connectors.data?.get(connection.connector)} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
