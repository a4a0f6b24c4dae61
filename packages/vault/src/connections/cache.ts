import { NotFoundError, Secret } from '@patchbay/core';
import type { Connector } from '@patchbay/sdk';
import type { Store } from '@patchbay/store';
import { LRUCache } from 'lru-cache';
import type { KeyRing } from '../crypto/keyring.ts';
import { type ConnectionTarget, targetOf } from './context.ts';
import type { SplitFields } from './fields.ts';
import { SecretMasker, storedSecretValues } from './mask.ts';
import { type ConnectionRow, type StoredSecrets, findRow, onConnectionChange, readSecrets } from './record.ts';
import { type ConnectionState, stateWithSecrets } from './state.ts';

/**
 * Decrypted connections kept in memory, so that a call through a connection reads no row and
 * decrypts nothing: loading one costs a row read, an AES-GCM unwrap and open, and a shape check
 * (together about a third of a local request's cost, measured by bench/connection-request.ts).
 *
 * How a change reaches a process that holds a connection:
 * - **written here** (an edit, a disconnect, a delete, a token refresh, a status change): every
 *   write of a row goes through record.ts, which tells this cache before the writer goes on; the
 *   entry is dropped at once, and a load that was reading meanwhile is not kept.
 * - **written by another process**: an entry is used for at most `maxAgeMs` (1 s by default) after
 *   it was read, then read again. And when the app refuses the credentials (401, or the
 *   connector's `refreshOn`), the row is re-read before anything else: credentials another process
 *   saved (a new API key, tokens it refreshed) are retried at once; see context.ts.
 * A read of the row's version on every call would shrink the 1 s to nothing, but it is a query
 * per request (a round trip on PostgreSQL), the cost this cache exists to remove; PostgreSQL's
 * LISTEN/NOTIFY would still leave a window between commit and delivery, and SQLite has no such
 * channel. A credential rotated in the app is refused there and retried here; what the bound
 * leaves is a second during which another process's disconnect or new base URL is not yet seen.
 *
 * Secrets are held only as a `Secret` (the decrypted JSON, parsed again per call, a few µs) and in
 * the masker built for that version; an entry is dropped on any change and after `maxAgeMs`.
 */
export interface ConnectionCacheOptions {
  store: Store;
  keys: KeyRing;
  connector: (key: string) => Connector;
  operatorDefaults: (connector: Connector) => SplitFields;
  /** How long a connection read from the database is used without reading it again. Default 1000 ms. */
  maxAgeMs?: number;
  /** Connections kept, least recently used dropped first. Default 1000. */
  max?: number;
  /** Called with the id of a connection dropped because it changed (the token manager forgets what it holds). */
  onChange?: (id: string) => void;
}

/** A connection ready for a call, with what its version needs computed once. */
export interface UsableConnection {
  state: ConnectionState;
  derived: { masker: SecretMasker; target: ConnectionTarget };
}

/** One version of a connection as held in memory. */
class HeldConnection {
  readonly #secrets: Secret;

  constructor(
    readonly row: ConnectionRow,
    readonly connector: Connector,
    readonly operator: SplitFields,
    secrets: StoredSecrets,
    readonly derived: UsableConnection['derived'],
  ) {
    this.#secrets = new Secret(JSON.stringify(secrets));
  }

  use(): UsableConnection {
    // Checked when it was decrypted; parsed per call so that no plain copy outlives the call.
    const secrets: StoredSecrets = JSON.parse(this.#secrets.reveal());
    return { state: stateWithSecrets(this.connector, this.row, this.operator, secrets), derived: this.derived };
  }
}

export class ConnectionCache {
  readonly #held: LRUCache<string, HeldConnection>;
  readonly #loading = new Map<string, { workspaceId: string; promise: Promise<HeldConnection> }>();
  /** Bumped by every drop: a read that started before one is used but not kept. */
  #epoch = 0;

  constructor(private readonly options: ConnectionCacheOptions) {
    this.#held = new LRUCache({ max: options.max ?? 1000, ttl: options.maxAgeMs ?? 1000 });
    onConnectionChange(options.store, (id) => this.drop(id));
  }

  /** The connection `id` of the workspace, from memory or read (one read at a time per connection). */
  async use(workspaceId: string, id: string): Promise<UsableConnection> {
    const held = this.#held.get(id) ?? (await this.#load(workspaceId, id));
    // One cache for every workspace: an id of another workspace is unknown here, as in findRow.
    if (held.row.workspace_id !== workspaceId) throw new NotFoundError('connection', id);
    return held.use();
  }

  /**
   * After the app refused `state`'s credentials: the connection as stored now if another process
   * changed it since `state` was read (kept for the next calls), else undefined.
   */
  async recheck(state: ConnectionState): Promise<UsableConnection | undefined> {
    const epoch = this.#epoch;
    const { id, workspace_id: workspaceId } = state.row;
    const row = await this.options.store.db.selectFrom('connections').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
    if (!row) {
      this.drop(id);
      return undefined;
    }
    if (row.version === state.row.version) return undefined;
    this.drop(id);
    const held = this.#hold(row);
    if (epoch + 1 === this.#epoch) this.#held.set(id, held);
    return held.use();
  }

  /** Forgets connection `id` (changed or deleted); a read of it under way is not kept either. */
  drop(id: string): void {
    this.#epoch++;
    this.#held.delete(id);
    this.#loading.delete(id);
    this.options.onChange?.(id);
  }

  #load(workspaceId: string, id: string): Promise<HeldConnection> {
    const running = this.#loading.get(id);
    if (running?.workspaceId === workspaceId) return running.promise;
    const epoch = this.#epoch;
    const promise = findRow(this.options.store, workspaceId, id)
      .then((row) => {
        const held = this.#hold(row);
        if (epoch === this.#epoch) this.#held.set(id, held);
        return held;
      })
      .finally(() => {
        if (this.#loading.get(id)?.promise === promise) this.#loading.delete(id);
      });
    this.#loading.set(id, { workspaceId, promise });
    return promise;
  }

  #hold(row: ConnectionRow): HeldConnection {
    const { keys, connector, operatorDefaults } = this.options;
    const found = connector(row.connector);
    const operator = operatorDefaults(found);
    const secrets = readSecrets(keys, row);
    const state = stateWithSecrets(found, row, operator, secrets);
    return new HeldConnection(row, found, operator, secrets, { masker: new SecretMasker(storedSecretValues(state)), target: targetOf(state) });
  }
}
