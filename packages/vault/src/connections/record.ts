import { NotFoundError, isoNow } from '@patchbay/core';
import { type Connector, secretFieldNames } from '@patchbay/sdk';
import type { ConnectionsTable, Store } from '@patchbay/store';
import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import Value from 'typebox/value';
import { connectionAad } from '../crypto/aad.ts';
import { open, seal } from '../crypto/envelope.ts';
import type { KeyRing } from '../crypto/keyring.ts';
import { type Actor, ConnectionStatus, type ConnectionView } from './view.ts';

const OAuthTokens = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.Optional(Type.String()),
  tokenType: Type.String(),
  obtainedAt: Type.String(),
  expiresAt: Type.Optional(Type.String()),
  scope: Type.Optional(Type.String()),
  /** Token-response fields the connector keeps, e.g. Salesforce `instance_url`. */
  extra: Type.Record(Type.String(), Type.String()),
});
export type OAuthTokens = Static<typeof OAuthTokens>;

const CustomState = Type.Object({
  state: Type.Record(Type.String(), Type.String()),
  obtainedAt: Type.String(),
  expiresAt: Type.Optional(Type.String()),
});
export type CustomState = Static<typeof CustomState>;

/** Everything secret about a connection, kept as one encrypted blob. */
const StoredSecrets = Type.Object({
  fields: Type.Record(Type.String(), Type.String()),
  oauth: Type.Optional(OAuthTokens),
  custom: Type.Optional(CustomState),
  /**
   * What the connector's `discover` learnt (e.g. Jira's cloud id). Not secret, but kept here so it
   * is written together with the tokens it was learnt with.
   */
  discovered: Type.Optional(Type.Record(Type.String(), Type.String())),
});
export type StoredSecrets = Static<typeof StoredSecrets>;
/** Compiled once: every load of a connection checks its blob. */
const storedSecretsValidator = Compile(StoredSecrets);

export type ConnectionRow = ConnectionsTable;

export async function findRow(store: Store, workspaceId: string, id: string): Promise<ConnectionRow> {
  const row = await store.db
    .selectFrom('connections')
    .selectAll()
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('connection', id);
  return row;
}

export function readSecrets(keys: KeyRing, row: Pick<ConnectionRow, 'workspace_id' | 'id' | 'secrets'>): StoredSecrets {
  if (!row.secrets) return { fields: {} };
  const parsed: unknown = JSON.parse(open(keys, row.secrets, connectionAad(row.workspace_id, row.id)));
  // The blob is authenticated, so a shape mismatch can only be a bug of ours: fail loudly.
  if (!storedSecretsValidator.Check(parsed)) throw new Error(`Stored secrets of connection ${row.id} have an unexpected shape.`);
  return parsed;
}

/**
 * Writes of connection rows made through this process's store handle, by id: the cache of
 * decrypted connections (cache.ts) listens, so that a change made here is never followed here by
 * a use of what it replaced. Keyed by store handle, not global: two stores on one database in one
 * process (tests of several processes) learn of each other's writes the way processes do.
 */
const changeListeners = new WeakMap<Store, Set<(id: string) => void>>();

/** Calls `listener` with the id of every connection written or deleted through `store`; returns the unsubscribe. */
export function onConnectionChange(store: Store, listener: (id: string) => void): () => void {
  let listeners = changeListeners.get(store);
  if (!listeners) changeListeners.set(store, (listeners = new Set()));
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells the listeners of `store` that connection `id` changed (written, deleted). */
export function connectionChanged(store: Store, id: string): void {
  for (const listener of changeListeners.get(store) ?? []) listener(id);
}

export function sealSecrets(
  keys: KeyRing,
  row: Pick<ConnectionRow, 'workspace_id' | 'id'>,
  secrets: StoredSecrets,
): { secrets: string; key_id: string } {
  return { secrets: seal(keys, JSON.stringify(secrets), connectionAad(row.workspace_id, row.id)), key_id: keys.primary.kid };
}

export type RowPatch = Partial<Omit<ConnectionRow, 'id' | 'workspace_id' | 'version' | 'created_at'>>;

/**
 * Compare-and-swap write: applies `patch` only if the row still has the version we read.
 * Returns the new row, or undefined when someone else wrote first (the caller re-reads and retries).
 */
export async function casUpdate(store: Store, row: ConnectionRow, patch: RowPatch): Promise<ConnectionRow | undefined> {
  const updated_at = isoNow();
  const result = await store.db
    .updateTable('connections')
    .set({ ...patch, version: row.version + 1, updated_at })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  // Told whatever the outcome: a lost compare-and-swap means someone else changed the row.
  connectionChanged(store, row.id);
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return { ...row, ...patch, version: row.version + 1, updated_at };
}

/** Re-reads and re-applies `change` until the compare-and-swap succeeds. */
export async function updateWithRetry(
  store: Store,
  row: ConnectionRow,
  change: (current: ConnectionRow) => RowPatch | undefined,
): Promise<ConnectionRow> {
  let current = row;
  for (let attempt = 0; attempt < 20; attempt++) {
    const patch = change(current);
    if (!patch) return current;
    const written = await casUpdate(store, current, patch);
    if (written) return written;
    current = await findRow(store, current.workspace_id, current.id);
  }
  throw new Error(`Connection ${row.id} is being changed too often to update; try again.`);
}

export function statusPatch(status: ConnectionStatus, reason: string | null, now = isoNow()): RowPatch {
  return status === 'connected'
    ? { status, status_reason: null, lost_at: null, refresh_failures: 0, next_refresh_attempt_at: null }
    : { status, status_reason: reason, lost_at: now };
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  return JSON.parse(text) as T;
}

/** The option name of a connector with several auth options, read from the stored selector field. */
function authOptionOf(connector: Connector, fields: Record<string, unknown>, authKind: string): string {
  const auth = connector.connection.auth;
  if (auth.kind !== 'multi') return auth.kind;
  const chosen = fields[auth.field];
  // Saving validated the selector, so it names an option; a connector changed since falls back to the kind.
  return typeof chosen === 'string' && Object.hasOwn(auth.options, chosen) ? chosen : authKind;
}

export function toView(row: ConnectionRow, secrets: StoredSecrets | undefined, connector: Connector): ConnectionView {
  const fields = parseJson<Record<string, unknown>>(row.fields, {});
  const identity = parseJson<{ label: string; id?: string } | null>(row.identity, null);
  return {
    id: row.id,
    connector: row.connector,
    name: row.name,
    environment: row.environment,
    status: Value.Check(ConnectionStatus, row.status) ? row.status : 'error',
    statusReason: row.status_reason,
    authKind: row.auth_kind,
    authOption: authOptionOf(connector, fields, row.auth_kind),
    fields,
    secretFieldsSet: secretFieldNames(connector.connection.fields).filter((name) => secrets?.fields[name] !== undefined),
    authorizedAt: row.authorized_at,
    lostAt: row.lost_at,
    lastUsedAt: row.last_used_at,
    refreshFailures: row.refresh_failures,
    tokenExpiresAt: row.token_expires_at,
    instanceKey: row.instance_key,
    identity: identity ? { label: identity.label, id: identity.id ?? null } : null,
    grantedScopes: parseJson<string[]>(row.granted_scopes, []),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}


export async function audit(
  store: Store,
  actor: Actor | 'system',
  action: string,
  connection: Pick<ConnectionRow, 'id' | 'workspace_id'>,
  details?: Record<string, unknown>,
): Promise<void> {
  await store.db
    .insertInto('audit_log')
    .values({
      workspace_id: connection.workspace_id,
      actor: actor === 'system' ? 'system' : `user:${actor.userId}`,
      action,
      target_type: 'connection',
      target_id: connection.id,
      details: details ? JSON.stringify(details) : null,
      created_at: isoNow(),
    })
    .execute();
}
