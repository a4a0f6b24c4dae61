import type { CustomAuthState, Secret } from '@patchbay/sdk';
import { type ContextDeps, connectorContext } from './context.ts';
import type { ConnectionState } from './state.ts';

/** Runs a custom flow's login (or refresh) with an unauthenticated client on the connection's hosts. */
export async function runCustomAuth(
  deps: ContextDeps,
  state: ConnectionState,
  previous: Record<string, Secret> | undefined,
): Promise<CustomAuthState> {
  if (state.auth.kind !== 'custom') throw new Error('runCustomAuth called for a connection without custom auth');
  const ctx = { fields: state.fields, http: connectorContext(deps, state, { credentials: null }).http };
  return previous && state.auth.refresh ? state.auth.refresh({ ...ctx, state: previous }) : state.auth.acquire(ctx);
}
