import { type Logger, PatchbayError, Secret, isoNow } from '@patchbay/core';
import { type Credentials, type CustomAuthState, type Fields, type AnySingleAuth, resolveFromFields } from '@patchbay/sdk';
import type { Store } from '@patchbay/store';
import { LRUCache } from 'lru-cache';
import type { KeyRing } from '../crypto/keyring.ts';
import { type ConnectionState, connectionState } from '../connections/state.ts';
import { SecretMasker, maskError, storedSecretValues } from '../connections/mask.ts';
import { type ConnectionRow, type StoredSecrets, audit, findRow, readSecrets, sealSecrets, statusPatch, updateWithRetry } from '../connections/record.ts';
import { TokenEndpointError, fetchClientCredentials, refreshTokens } from '../oauth/flow.ts';
import { oauthConfigFor } from '../oauth/config.ts';
import { needsRefresh, retryDelayMs } from './timing.ts';

export interface TokenManagerOptions {
  store: Store;
  keys: KeyRing;
  logger: Logger;
  allowHttpHosts: readonly string[];
  /** Runs a custom auth flow's acquire/refresh with an unauthenticated client for the connection. */
  runCustom: (state: ConnectionState, previous: Record<string, Secret> | undefined) => Promise<CustomAuthState>;
}

const STATUS_PHRASES: Record<string, string> = {
  needs_reauth: 'needs to be reconnected',
  disconnected: 'disconnected',
  error: 'failing',
  connected: 'connected',
};

/** 409 `connection_required`: the connection cannot be used until a user connects it again. */
export class ConnectionUnusableError extends PatchbayError {
  constructor(row: Pick<ConnectionRow, 'id' | 'name' | 'status' | 'status_reason'>) {
    const reason = row.status_reason ?? 'Connect it again to use it.';
    super('connection_required', 409, `Connection "${row.name}" ${STATUS_PHRASES[row.status] ?? row.status}: ${reason}`, {
      details: { connectionId: row.id, status: row.status },
    });
  }
}

/**
 * Gives every request of a connection valid credentials. Tokens are refreshed ahead of expiry and
 * once more when the app signals a stale token. Refreshes of one connection collapse into one:
 * single-flight inside the process, a store lock across processes, a re-read after acquiring it
 * (another process may have refreshed already) and a compare-and-swap write.
 */
export class TokenManager {
  readonly #inflight = new Map<string, Promise<StoredSecrets>>();
  /**
   * The secrets this process last obtained or re-read under the lock, per connection: for requests
   * refused just before a refresh finished. Needed for seconds, so not kept for long, and
   * forgotten when the connection changes (`forget`).
   */
  readonly #latest = new LRUCache<string, StoredSecrets>({ max: 1000, ttl: 60_000 });

  constructor(private readonly options: TokenManagerOptions) {}

  /** Drops what is held of a connection that changed (disconnected, deleted, edited). */
  forget(connectionId: string): void {
    this.#latest.delete(connectionId);
  }

  async credentials(state: ConnectionState): Promise<Credentials | null> {
    const { auth, secrets, fields } = state;
    switch (auth.kind) {
      case 'none':
        return null;
      case 'basic':
        return { kind: 'basic', username: resolveFromFields(auth.username, fields), password: auth.password(fields) };
      case 'apiKey':
        return {
          kind: 'apiKey',
          placement: auth.placement === undefined ? 'header' : resolveFromFields(auth.placement, fields),
          name: resolveFromFields(auth.name, fields),
          value: auth.value(fields),
        };
      case 'oauth2':
      case 'oauth2ClientCredentials': {
        const current = usable(auth, secrets, undefined) ? secrets : await this.refresh(state, undefined);
        return oauthCredentials(auth.kind, current);
      }
      case 'custom': {
        const current = usable(auth, secrets, undefined) ? secrets : await this.refresh(state, undefined);
        return customCredentials(current);
      }
    }
  }

  /**
   * After the app signalled stale credentials: returns fresh ones, or null when the kind has
   * nothing to refresh (basic, API key) so the caller returns the app's answer as it is.
   */
  async renew(state: ConnectionState, stale: Credentials | null): Promise<Credentials | null> {
    if (state.auth.kind === 'oauth2' || state.auth.kind === 'oauth2ClientCredentials') {
      return oauthCredentials(state.auth.kind, await this.refresh(state, staleMarker(stale)));
    }
    if (state.auth.kind === 'custom') return customCredentials(await this.refresh(state, staleMarker(stale)));
    return null;
  }

  /** Single-flight per connection within this process. */
  refresh(state: ConnectionState, stale: string | undefined): Promise<StoredSecrets> {
    const key = state.row.id;
    const running = this.#inflight.get(key);
    if (running) return running;
    // Requests that were refused just before a refresh finished in this process need no lock.
    const latest = this.#latest.get(key);
    if (latest && obtainedAt(latest) >= obtainedAt(state.secrets) && usable(state.auth, latest, stale)) return Promise.resolve(latest);
    const promise = this.options.store
      .withLock(`connection-token:${key}`, () => this.#refreshLocked(state, stale))
      .then((secrets) => {
        this.#latest.set(key, secrets);
        return secrets;
      })
      .finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, promise);
    return promise;
  }

  async #refreshLocked(before: ConnectionState, stale: string | undefined): Promise<StoredSecrets> {
    const { store, keys } = this.options;
    const row = await findRow(store, before.row.workspace_id, before.row.id);
    const state = connectionState(keys, before.connector, row, before.operator);
    if (usable(state.auth, state.secrets, stale)) return state.secrets;
    // Only the authorization-code flow needs the user to act again; client credentials and custom
    // logins can always try to obtain credentials from the connection's own fields.
    if (state.auth.kind === 'oauth2' && (row.status === 'needs_reauth' || row.status === 'disconnected')) throw new ConnectionUnusableError(row);
    const stillValid = notExpired(state.auth, state.secrets) && stale === undefined;
    if (row.next_refresh_attempt_at && row.next_refresh_attempt_at > isoNow()) {
      if (stillValid) return state.secrets;
      throw new TokenEndpointError('unavailable', `${row.status_reason ?? 'Getting a new token failed.'} Next attempt after ${row.next_refresh_attempt_at}.`);
    }

    let next: StoredSecrets;
    try {
      next = await this.#obtain(state);
    } catch (err) {
      if (!(err instanceof TokenEndpointError)) throw err;
      await this.#recordFailure(row, err, new SecretMasker(storedSecretValues(state)));
      if (err.failure === 'unavailable' && stillValid) return state.secrets;
      throw err;
    }

    // Saved before anyone uses the new token: with rotating refresh tokens the old one is dead now.
    const expiresAt = next.oauth?.expiresAt ?? next.custom?.expiresAt ?? null;
    await updateWithRetry(store, row, (current) => {
      // A user disconnected it while we were fetching: do not bring the tokens back.
      if (current.status === 'disconnected' && row.status !== 'disconnected') return undefined;
      const latest = current.version === row.version ? state.secrets : readSecrets(keys, current);
      const merged: StoredSecrets = { ...latest, ...(next.oauth ? { oauth: next.oauth } : {}), ...(next.custom ? { custom: next.custom } : {}) };
      return { ...sealSecrets(keys, current, merged), token_expires_at: expiresAt, ...statusPatch('connected', null) };
    });
    if (row.status !== 'connected') await audit(store, 'system', 'connection.recovered', row);
    return next;
  }

  async #obtain(state: ConnectionState): Promise<StoredSecrets> {
    const { auth, secrets, fields } = state;
    switch (auth.kind) {
      case 'oauth2': {
        if (!secrets.oauth) throw new TokenEndpointError('revoked', 'This connection has not been authorised yet. Connect it to authorise Patchbay.');
        const oauth = await refreshTokens(oauthConfigFor(auth, fields, this.options.allowHttpHosts), secrets.oauth);
        return { ...secrets, oauth };
      }
      case 'oauth2ClientCredentials':
        return { ...secrets, oauth: await fetchClientCredentials(oauthConfigFor(auth, fields, this.options.allowHttpHosts)) };
      case 'custom': {
        const previous = secrets.custom ? wrapState(secrets.custom.state) : undefined;
        const result = await this.options.runCustom(state, previous);
        const plain: Record<string, string> = {};
        for (const [name, value] of Object.entries(result.state)) plain[name] = value.reveal();
        return {
          ...secrets,
          custom: { state: plain, obtainedAt: isoNow(), ...(result.expiresAt ? { expiresAt: result.expiresAt.toISOString() } : {}) },
        };
      }
      default:
        return secrets;
    }
  }

  /**
   * Records a failed token request on the connection. Its message becomes the status reason and its
   * OAuth error code goes to the log: an app may quote a secret in either (the client secret, a
   * refresh token), so both are masked by value like every answer (mask.ts).
   */
  async #recordFailure(row: ConnectionRow, err: TokenEndpointError, masker: SecretMasker): Promise<void> {
    const { store, logger } = this.options;
    maskError(err, masker);
    const oauthError = err.oauthError === undefined ? undefined : masker.text(err.oauthError);
    const now = Date.now();
    const updated = await updateWithRetry(store, row, (current) => {
      if (err.failure === 'revoked') return statusPatch('needs_reauth', err.message, isoNow(now));
      const failures = current.refresh_failures + 1;
      return {
        ...statusPatch('error', err.message, current.lost_at ?? isoNow(now)),
        refresh_failures: failures,
        next_refresh_attempt_at: isoNow(now + retryDelayMs(failures)),
      };
    });
    logger.warn({ connectionId: row.id, failure: err.failure, oauthError, failures: updated.refresh_failures }, 'token request failed');
    if (err.failure === 'revoked') await audit(store, 'system', 'connection.needs_reauth', row, { reason: oauthError ?? err.failure });
  }
}

function oauthCredentials(kind: 'oauth2' | 'oauth2ClientCredentials', secrets: StoredSecrets): Credentials {
  if (!secrets.oauth) throw new TokenEndpointError('revoked', 'This connection has not been authorised yet. Connect it to authorise Patchbay.');
  return { kind, accessToken: new Secret(secrets.oauth.accessToken), tokenType: secrets.oauth.tokenType };
}

function customCredentials(secrets: StoredSecrets): Credentials {
  return { kind: 'custom', state: wrapState(secrets.custom?.state ?? {}) };
}

function wrapState(state: Record<string, string>): Record<string, Secret> {
  const wrapped: Record<string, Secret> = {};
  for (const [name, value] of Object.entries(state)) wrapped[name] = new Secret(value);
  return wrapped;
}

/** What identifies the credentials that failed, to tell whether someone has replaced them since. */
function staleMarker(credentials: Credentials | null): string | undefined {
  if (!credentials) return undefined;
  if (credentials.kind === 'oauth2' || credentials.kind === 'oauth2ClientCredentials') return credentials.accessToken.reveal();
  if (credentials.kind === 'custom') return JSON.stringify(Object.entries(credentials.state).map(([k, v]) => [k, v.reveal()]));
  return undefined;
}

function currentMarker(auth: AnySingleAuth, secrets: StoredSecrets): string | undefined {
  if (auth.kind === 'custom') return secrets.custom ? JSON.stringify(Object.entries(secrets.custom.state)) : undefined;
  return secrets.oauth?.accessToken;
}

function notExpired(auth: AnySingleAuth, secrets: StoredSecrets): boolean {
  const expiresAt = auth.kind === 'custom' ? secrets.custom?.expiresAt : secrets.oauth?.expiresAt;
  return expiresAt === undefined || Date.parse(expiresAt) > Date.now();
}

/** Credentials we hold are fresh enough, and are not the ones the app just refused. */
function usable(auth: AnySingleAuth, secrets: StoredSecrets, stale: string | undefined): boolean {
  const held = auth.kind === 'custom' ? secrets.custom : secrets.oauth;
  if (!held) return false;
  if (stale !== undefined && currentMarker(auth, secrets) === stale) return false;
  return !needsRefresh(held.obtainedAt, held.expiresAt);
}

function obtainedAt(secrets: StoredSecrets): string {
  return secrets.oauth?.obtainedAt ?? secrets.custom?.obtainedAt ?? '';
}
