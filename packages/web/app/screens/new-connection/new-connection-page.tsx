import { getRouteApi, Link } from '@tanstack/react-router';
import { useCallback } from 'react';
import { useConnections, useConnectors, useCreateConnection, useTestConnection, type NewConnection } from '../../api/connections.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { OAuthBanner } from '../connections/oauth-banner.tsx';
import { useOAuthReturn } from '../connections/oauth-return.ts';
import { useConnectFlow } from '../connections/use-connect-popup.ts';
import { ConnectionForm } from './connection-form.tsx';
import { ConnectorPicker } from './connector-picker.tsx';
import { CreatedConnection } from './created-connection.tsx';
import '../connections/connections.css';
import './new-connection.css';

const route = getRouteApi('/signed-in/connections/new');

/**
 * New connection, in three steps kept in the URL (so the full-page OAuth fallback comes back to the
 * same step): choose the app, fill in its fields, then connect (OAuth) or test it (the others).
 */
export function NewConnectionPage() {
  const heading = usePageTitle('New connection');
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const connectors = useConnectors();
  const connections = useConnections();
  const create = useCreateConnection();
  const test = useTestConnection();
  const flow = useConnectFlow();
  const [oauthResult, dismissOAuthResult] = useOAuthReturn();
  const connector = search.connector ? connectors.data?.get(search.connector) : undefined;

  const returnTo = useCallback((id: string) => `/connections/new?${new URLSearchParams({ connector: search.connector ?? '', created: id }).toString()}`, [search.connector]);
  const showCreated = (id: string) => void navigate({ search: { connector: search.connector, created: id }, replace: true });

  const submit = (input: NewConnection, oauth: boolean) => {
    if (oauth) {
      // The popup opens now, at the click; the connection is created while it loads.
      void flow.connect(async () => {
        const created = await create.mutateAsync(input);
        showCreated(created.id);
        return created.id;
      }, { returnTo });
      return;
    }
    create.mutate(input, {
      onSuccess: (created) => {
        showCreated(created.id);
        test.mutate(created.id);
      },
    });
  };

  let body;
  if (connectors.isPending) body = <p role="status">Loading apps…</p>;
  else if (connectors.isError) body = <p role="alert" className="banner error">The apps could not be loaded: {connectors.error.message}</p>;
  else if (!search.connector) body = <ConnectorPicker connectors={[...connectors.data.values()]} />;
  else if (!connector || !connector.needsConnection)
    body = (
      <p role="alert" className="banner error">
        There is no app “{search.connector}” to connect.{' '}
        <Link to="/connections/new" search={{}}>
          Choose another
        </Link>
      </p>
    );
  else if (search.created)
    body = <CreatedConnection connectionId={search.created} connector={connector} connectState={flow.state} onConnect={() => void flow.connect(search.created ?? '', { returnTo })} test={test} />;
  else body = <ConnectionForm key={connector.key} connector={connector} error={create.error} pending={create.isPending} onSubmit={submit} />;

  return (
    <div className="page new-connection">
      <div className="page-header">
        <p className="breadcrumb">
          <Link to="/connections" search={{}}>
            Connections
          </Link>
          {connector ? (
            <>
              {' / '}
              <Link to="/connections/new" search={{}}>
                New connection
              </Link>
            </>
          ) : null}
        </p>
        <h1 ref={heading} tabIndex={-1}>
          New connection
        </h1>
      </div>
      <OAuthBanner result={oauthResult} connections={connections.data} onDismiss={dismissOAuthResult} />
      {body}
    </div>
  );
}
