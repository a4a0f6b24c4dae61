// Shared by this folder's tests only: real stores (a SQLite file, a fresh PostgreSQL database) and
// rows inserted directly, as the connection service would write them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isoNow, newId } from '@patchbay/core';
import { createStore, type Store } from '@patchbay/store';
import { createTestDatabase } from '@patchbay/testkit';
import { connectionAad, oauthSessionAad } from './aad.ts';
import { open, seal } from './envelope.ts';
import { KeyRing, generateMasterKey } from './keyring.ts';

export interface OpenedStore {
  store: Store;
  /** The SQLite file, when the store is SQLite. */
  file?: string;
  cleanup(): Promise<void>;
}

export async function openSqliteStore(): Promise<OpenedStore> {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-crypto-'));
  const file = join(dir, 'patchbay.db');
  const store = createStore(`sqlite:${file}`);
  await store.migrate();
  return {
    store,
    file,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function openPostgresStore(): Promise<OpenedStore> {
  const db = await createTestDatabase();
  const store = createStore(db.url);
  await store.migrate();
  return {
    store,
    async cleanup() {
      await store.close();
      await db.drop();
    },
  };
}

export const newRing = (...keys: string[]): KeyRing => KeyRing.fromBase64(keys);
export const newKeys = (n: number): string[] => Array.from({ length: n }, () => generateMasterKey());

export async function insertWorkspace(store: Store, id = newId('ws')): Promise<string> {
  await store.db.insertInto('workspaces').values({ id, name: 'Test', created_at: isoNow() }).execute();
  return id;
}

/** Inserts a connection whose secrets are `{ fields, counter }` sealed under the ring's primary. */
export async function insertConnection(store: Store, ring: KeyRing, workspaceId: string, secrets: Record<string, unknown>): Promise<string> {
  const id = newId('conn');
  const now = isoNow();
  await store.db
    .insertInto('connections')
    .values({
      id,
      workspace_id: workspaceId,
      connector: 'http',
      name: id,
      environment: null,
      status: 'connected',
      status_reason: null,
      auth_kind: 'api_key',
      fields: '{}',
      secrets: seal(ring, JSON.stringify(secrets), connectionAad(workspaceId, id)),
      key_id: ring.primary.kid,
      authorized_at: null,
      lost_at: null,
      last_used_at: null,
      refresh_failures: 0,
      next_refresh_attempt_at: null,
      token_expires_at: null,
      instance_key: null,
      identity: null,
      granted_scopes: null,
      version: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function insertOauthSession(store: Store, ring: KeyRing, workspaceId: string, codeVerifier: string): Promise<string> {
  const id = newId('oas');
  const now = Date.now();
  await store.db
    .insertInto('oauth_sessions')
    .values({
      id,
      workspace_id: workspaceId,
      user_id: 'usr_test',
      connection_id: 'conn_test',
      secrets: seal(ring, JSON.stringify({ codeVerifier }), oauthSessionAad(workspaceId, id)),
      redirect_uri: 'http://127.0.0.1/oauth/callback',
      opener_origin: null,
      return_to: null,
      confirm_instance_change: 0,
      created_at: isoNow(now),
      expires_at: isoNow(now + 600_000),
      consumed_at: null,
    })
    .execute();
  return id;
}

export async function readConnectionSecrets(store: Store, ring: KeyRing, id: string): Promise<Record<string, unknown>> {
  const row = await store.db.selectFrom('connections').select(['workspace_id', 'secrets']).where('id', '=', id).executeTakeFirstOrThrow();
  return JSON.parse(open(ring, row.secrets ?? '', connectionAad(row.workspace_id, id))) as Record<string, unknown>;
}

/**
 * A writer as the connection service behaves: read, decrypt, change, re-seal under its own
 * primary, compare-and-swap on `version`, retry on conflict. Increments `counter` in the secrets.
 */
export async function incrementCounter(store: Store, ring: KeyRing, id: string): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const row = await store.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const aad = connectionAad(row.workspace_id, id);
    const secrets = JSON.parse(open(ring, row.secrets ?? '', aad)) as { counter: number };
    const result = await store.db
      .updateTable('connections')
      .set({ secrets: seal(ring, JSON.stringify({ ...secrets, counter: secrets.counter + 1 }), aad), key_id: ring.primary.kid, version: row.version + 1 })
      .where('id', '=', id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) return attempt;
  }
  throw new Error(`writer could not update ${id}`);
}
