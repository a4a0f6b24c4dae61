import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { allPages, api, unwrap, type Connection, type Connector } from './client.ts';
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

/** The app's authorisation URL for this connection; the callback page posts its result to this origin. */
export function authorizeUrl(id: string) {
  return unwrap(api.POST('/api/v1/connections/{id}/authorize', { params: { path: { id } }, body: { openerOrigin: window.location.origin } }));
}
