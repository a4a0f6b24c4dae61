import { type Logger, isoNow } from '@patchbay/core';
import type { ConnectorContext, Credentials, Fields, RefreshOn } from '@patchbay/sdk';
import type { Store } from '@patchbay/store';
import { applyCredentials } from '../http/apply.ts';
import { type ClientTarget, createHttpClient } from '../http/client.ts';
import type { TokenManager } from '../tokens/manager.ts';
import type { CallSecrets } from './mask.ts';
import { type ConnectionState, publicSource } from './state.ts';

export interface ContextDeps {
  store: Store;
  tokens: TokenManager;
  logger: Logger;
}

const TOUCH_INTERVAL_MS = 60_000;
const lastTouched = new Map<string, number>();

/** last_used_at is advisory: written at most once a minute per connection, never awaited. */
function touch(store: Store, logger: Logger, id: string): void {
  const now = Date.now();
  if ((lastTouched.get(id) ?? 0) > now - TOUCH_INTERVAL_MS) return;
  lastTouched.set(id, now);
  store.db
    .updateTable('connections')
    .set({ last_used_at: isoNow(now) })
    .where('id', '=', id)
    .execute()
    .catch((err: unknown) => logger.warn({ err, connectionId: id }, 'could not record last use'));
}

function originOf(host: string): string {
  return new URL(host.includes('://') ? host : `https://${host}`).origin;
}

/** The hosts that may receive this connection's credentials: its base URL's and declared extras. */
export function targetOf(state: ConnectionState): { baseUrl: string; allowedOrigins: Set<string> } {
  const source = publicSource(state);
  const baseUrl = state.connector.connection.baseUrl(source);
  const extra = state.connector.connection.extraHosts?.(source) ?? [];
  return { baseUrl, allowedOrigins: new Set([new URL(baseUrl).origin, ...extra.map(originOf)]) };
}

function refreshOnOf(state: ConnectionState): RefreshOn {
  return state.auth.kind === 'none' ? [] : (state.auth.refreshOn ?? [401]);
}

/**
 * Builds what connector code receives. With `fixed` credentials (the tokens of an authorisation
 * being completed, or none for a custom login) the client does not consult the token manager.
 * With `secrets`, every credential the call obtains (a refreshed token included) joins the values
 * masked in what the call hands back, and the connector's log lines are masked.
 */
export function connectorContext(
  deps: ContextDeps,
  state: ConnectionState,
  fixed?: { credentials: Credentials | null },
  secrets?: CallSecrets,
): ConnectorContext<Fields> {
  const { baseUrl, allowedOrigins } = targetOf(state);
  const collect = (credentials: Credentials | null): Credentials | null => {
    secrets?.addCredentials(credentials);
    return credentials;
  };
  const target: ClientTarget = {
    baseUrl,
    allowedOrigins,
    credentials: () => (fixed ? Promise.resolve(collect(fixed.credentials)) : deps.tokens.credentials(state).then(collect)),
    renew: (stale) => (fixed ? Promise.resolve(null) : deps.tokens.renew(state, stale).then(collect)),
    apply: (request, credentials) => applyCredentials(state.auth, request, credentials),
    refreshOn: refreshOnOf(state),
    onUsed: () => touch(deps.store, deps.logger, state.row.id),
  };
  const fields = { connectionId: state.row.id, connector: state.connector.key };
  return {
    connection: publicSource(state).fields,
    tokenFields: state.secrets.oauth?.extra ?? {},
    discovered: state.secrets.discovered ?? {},
    grantedScopes: state.secrets.oauth?.scope?.split(' ').filter(Boolean) ?? [],
    http: createHttpClient(target),
    log: {
      info: (message, data) => deps.logger.info({ ...maskLogged(secrets, data), ...fields }, maskLogged(secrets, message)),
      warn: (message, data) => deps.logger.warn({ ...maskLogged(secrets, data), ...fields }, maskLogged(secrets, message)),
    },
  };
}

function maskLogged<T>(secrets: CallSecrets | undefined, value: T): T {
  return secrets ? secrets.mask.value(value) : value;
}
