import { type Logger, isoNow } from '@patchbay/core';
import type { ConnectionSource, ConnectorContext, Credentials, Fields, RefreshOn } from '@patchbay/sdk';
import type { Store } from '@patchbay/store';
import { applyCredentials } from '../http/apply.ts';
import { type ClientTarget, createHttpClient } from '../http/client.ts';
import type { TokenManager } from '../tokens/manager.ts';
import { type CallSecrets, credentialValues } from './mask.ts';
import { type ConnectionState, publicSource } from './state.ts';

export interface ContextDeps {
  store: Store;
  tokens: TokenManager;
  logger: Logger;
  /**
   * After the app refused a cached connection's credentials: the connection as stored now, when
   * its version differs from `state`'s (another process changed it), else undefined (cache.ts).
   */
  recheck?: (state: ConnectionState) => Promise<{ state: ConnectionState; derived: { target: ConnectionTarget } } | undefined>;
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

/**
 * Where a connection's requests go and what connector code sees of it: everything non-secret a call
 * needs that depends only on the connection's version, so cache.ts computes it once per version.
 * Shared by calls, hence frozen.
 */
export interface ConnectionTarget {
  baseUrl: string;
  /** The hosts that may receive this connection's credentials: its base URL's and declared extras. */
  allowedOrigins: ReadonlySet<string>;
  refreshOn: RefreshOn;
  source: ConnectionSource<Fields>;
  grantedScopes: readonly string[];
}

export function targetOf(state: ConnectionState): ConnectionTarget {
  const source = publicSource(state);
  const baseUrl = state.connector.connection.baseUrl(source);
  const extra = state.connector.connection.extraHosts?.(source) ?? [];
  return Object.freeze({
    baseUrl,
    allowedOrigins: new Set([new URL(baseUrl).origin, ...extra.map(originOf)]),
    refreshOn: refreshOnOf(state),
    source: Object.freeze({ fields: Object.freeze(source.fields), tokenFields: Object.freeze({ ...source.tokenFields }), discovered: Object.freeze({ ...source.discovered }) }),
    grantedScopes: Object.freeze(state.secrets.oauth?.scope?.split(' ').filter(Boolean) ?? []),
  });
}

/** Whether credentials obtained for `after` may go where requests built for `before` go. */
export function sameTarget(before: ConnectionTarget, after: ConnectionTarget): boolean {
  return before.baseUrl === after.baseUrl && [...before.allowedOrigins].every((origin) => after.allowedOrigins.has(origin));
}

function refreshOnOf(state: ConnectionState): RefreshOn {
  return state.auth.kind === 'none' ? [] : (state.auth.refreshOn ?? [401]);
}

/**
 * After a refusal: the credentials to retry with. A cached connection is re-read first: another
 * process may have replaced its credentials (a new API key, tokens it refreshed), and those are
 * used if they go to the same hosts; otherwise the token manager refreshes what can be refreshed.
 */
async function renewed(deps: ContextDeps, state: ConnectionState, target: ConnectionTarget, stale: Credentials | null): Promise<Credentials | null> {
  const fresh = deps.recheck ? await deps.recheck(state) : undefined;
  if (!fresh) return deps.tokens.renew(state, stale);
  const usable = fresh.state.row.status === 'connected' || fresh.state.row.status === 'error';
  if (!usable || fresh.state.auth.kind !== state.auth.kind || !sameTarget(target, fresh.derived.target)) return null;
  const credentials = await deps.tokens.credentials(fresh.state);
  // The stored credentials are still the refused ones (only other columns changed): refresh them.
  return sameCredentials(credentials, stale) ? deps.tokens.renew(fresh.state, stale) : credentials;
}

function sameCredentials(a: Credentials | null, b: Credentials | null): boolean {
  if (a === null || b === null) return a === b;
  const values = (c: Credentials) => JSON.stringify([c.kind, ...credentialValues(c)]);
  return values(a) === values(b);
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
  target: ConnectionTarget = targetOf(state),
): ConnectorContext<Fields> {
  const { baseUrl, allowedOrigins } = target;
  const collect = (credentials: Credentials | null): Credentials | null => {
    secrets?.addCredentials(credentials);
    return credentials;
  };
  const client: ClientTarget = {
    baseUrl,
    allowedOrigins,
    credentials: () => (fixed ? Promise.resolve(collect(fixed.credentials)) : deps.tokens.credentials(state).then(collect)),
    renew: (stale) => (fixed ? Promise.resolve(null) : renewed(deps, state, target, stale).then(collect)),
    apply: (request, credentials) => applyCredentials(state.auth, request, credentials),
    refreshOn: target.refreshOn,
    onUsed: () => touch(deps.store, deps.logger, state.row.id),
  };
  const fields = { connectionId: state.row.id, connector: state.connector.key };
  return {
    connection: target.source.fields,
    tokenFields: target.source.tokenFields,
    discovered: target.source.discovered,
    grantedScopes: target.grantedScopes,
    http: createHttpClient(client),
    log: {
      info: (message, data) => deps.logger.info({ ...maskLogged(secrets, data), ...fields }, maskLogged(secrets, message)),
      warn: (message, data) => deps.logger.warn({ ...maskLogged(secrets, data), ...fields }, maskLogged(secrets, message)),
    },
  };
}

function maskLogged<T>(secrets: CallSecrets | undefined, value: T): T {
  return secrets ? secrets.mask.value(value) : value;
}
