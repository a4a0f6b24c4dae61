import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { allPages, api, unchecked, unwrap, type Connection, type Connector } from './client.ts';
import { keys } from './keys.ts';

/** Every connection of the workspace (every page). */
export function useConnections() {
  return useQuery({
    queryKey: keys.connections,
    queryFn: () =>
      allPages<Connection>(async (cursor) => {
        const page = await unwrap(api.GET('/api/v1/connections', { params: { query: { limit: 500, ...(cursor ? { cursor } : {}) } } }));
        return { items: page.connections, next: page.next };
      }),
  });
}

/** The installed connectors, by key (their titles name the apps). */
export function useConnectors() {
  return useQuery({
    queryKey: keys.connectors,
    queryFn: async () => new Map<string, Connector>((await unwrap(api.GET('/api/v1/connectors'))).connectors.map((c) => [c.key, c])),
    staleTime: 5 * 60_000,
  });
}

/** One connection (the Edit page); seeded from the list when it is already loaded. */
export function useConnection(id: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: keys.connection(id),
    queryFn: () => unwrap(api.GET('/api/v1/connections/{id}', { params: { path: { id } } })),
    initialData: () => queryClient.getQueryData<Connection[]>(keys.connections)?.find((c) => c.id === id),
    initialDataUpdatedAt: () => queryClient.getQueryState(keys.connections)?.dataUpdatedAt,
  });
}

export interface NewConnection {
  connector: string;
  name: string;
  environment?: string;
  fields: Record<string, unknown>;
}

export function useCreateConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewConnection) => unwrap(unchecked.POST('/api/v1/connections', { body: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.connections }),
  });
}

export interface ConnectionChanges {
  name?: string;
  environment?: string | null;
  /** Only the fields that change: a secret left out keeps its stored value. */
  fields?: Record<string, unknown>;
}

export function useUpdateConnection(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: ConnectionChanges) => unwrap(api.PATCH('/api/v1/connections/{id}', { params: { path: { id } }, body: changes })),
    onSuccess: (connection) => {
      queryClient.setQueryData(keys.connection(id), connection);
      return queryClient.invalidateQueries({ queryKey: keys.connections });
    },
  });
}

export function useDisconnectConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/connections/{id}/disconnect', { params: { path: { id } }, body: {} })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.connections }),
  });
}

export function useTestConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/connections/{id}/test', { params: { path: { id } }, body: {} })),
    // A test may change the status (a connection that works again, or one that lost its grant).
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.connections }),
  });
}

export function useDeleteConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/connections/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.connections }),
  });
}

/**
 * The app's authorisation URL for this connection. In a popup the callback page posts its result to
 * this origin; with `returnTo` (a path of this site) and no popup, it sends the browser back there
 * with `oauth=connected|failed&oauth_connection=<id>[&oauth_message=…]`.
 */
export function authorizeUrl(id: string, returnTo?: string) {
  return unwrap(
    api.POST('/api/v1/connections/{id}/authorize', {
      params: { path: { id } },
      body: { openerOrigin: window.location.origin, ...(returnTo ? { returnTo } : {}) },
    }),
  );
}
