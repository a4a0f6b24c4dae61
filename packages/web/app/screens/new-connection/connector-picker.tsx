import { Link } from '@tanstack/react-router';
import { useId, useMemo, useState } from 'react';
import type { Connector } from '../../api/client.ts';
import { HUES, hueOf } from '../connections/connection-card.tsx';

/** Step 1: which app. The connectors that take a connection, searchable by name and description. */
export function ConnectorPicker({ connectors }: { connectors: Connector[] }) {
  const [query, setQuery] = useState('');
  const searchId = useId();
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return connectors
      .filter((c) => c.needsConnection)
      .filter((c) => !q || c.title.toLowerCase().includes(q) || c.key.includes(q) || (c.description?.toLowerCase().includes(q) ?? false))
      .sort((a, b) => a.title.localeCompare(b.title));
  }, [connectors, query]);

  return (
    <section aria-labelledby={`${searchId}-heading`}>
      <h2 id={`${searchId}-heading`} className="step-heading">
        Choose an app
      </h2>
      <search className="filters connector-search">
        <div className="field">
          <label htmlFor={searchId}>Search apps</label>
          <input id={searchId} type="search" value={query} placeholder="Salesforce, Jira…" onChange={(e) => setQuery(e.target.value)} />
        </div>
      </search>
      <p role="status" className="count">
        {shown.length} {shown.length === 1 ? 'app' : 'apps'}
      </p>
      {shown.length === 0 ? (
        <p className="empty">No app matches “{query}”.</p>
      ) : (
        <ul className="connector-list" aria-label="Apps">
          {shown.map((connector) => (
            <li key={connector.key}>
              <Link to="/connections/new" search={{ connector: connector.key }} className="connector-choice">
                <span className={`app-icon hue-${hueOf(connector.key) % HUES}`} aria-hidden="true">
                  {connector.title.charAt(0).toUpperCase()}
                </span>
                <span className="connector-text">
                  <span className="connector-title">{connector.title}</span>
                  {connector.description ? <span className="connector-description">{connector.description}</span> : null}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
