import { createHash } from 'node:crypto';
import { isoNow, newId } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import type { Actor } from '@patchbay/vault';

export const DEFAULT_WORKSPACE_ID = 'default';
export const ADMIN_USER_ID = 'usr_admin';

/** api_tokens stores this, never the token: a leaked database does not leak working tokens. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Only record use once a minute: a write per request would serialise every request on SQLite. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** What an API token authenticates: its row (sessions remember it) and its actor. */
export interface TokenMatch {
  tokenId: string;
  actor: Actor;
}

/** The API token with this value, or null. A lookup by hash, so no timing leak of the token. */
export async function findToken(store: Store, token: string): Promise<TokenMatch | null> {
  const row = await store.db
    .selectFrom('api_tokens')
    .select(['id', 'workspace_id', 'user_id', 'last_used_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return null;
  await recordUse(store, 'api_tokens', row);
  return { tokenId: row.id, actor: { workspaceId: row.workspace_id, userId: row.user_id } };
}

/** The actor a bearer token belongs to, or null. */
export async function findActorByToken(store: Store, token: string): Promise<Actor | null> {
  return (await findToken(store, token))?.actor ?? null;
}

/**
 * Records that a token or session was used, at most once a minute (LAST_USED_RESOLUTION_MS); returns
 * the new last-used time, or undefined when the row's was recent enough to keep.
 */
export async function recordUse(
  store: Store,
  table: 'api_tokens' | 'sessions',
  row: { id: string; last_used_at: string | null },
  now = Date.now(),
): Promise<string | undefined> {
  if (row.last_used_at && now - Date.parse(row.last_used_at) <= LAST_USED_RESOLUTION_MS) return undefined;
  const lastUsedAt = isoNow(now);
  await store.db.updateTable(table).set({ last_used_at: lastUsedAt }).where('id', '=', row.id).execute();
  return lastUsedAt;
}

export async function countApiTokens(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Makes sure `token` works as an admin token: creates the `default` workspace, its admin user and
 * the token row when absent. Idempotent and safe when several processes start at once (every insert
 * ignores a row that already exists).
 */
export async function ensureAdminToken(store: Store, token: string): Promise<Actor & { created: boolean }> {
  const tokenHash = hashToken(token);
  const existing = await store.db
    .selectFrom('api_tokens')
    .select(['workspace_id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (existing) return { workspaceId: existing.workspace_id, userId: existing.user_id, created: false };

  const now = isoNow();
  await store.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('workspaces')
      .values({ id: DEFAULT_WORKSPACE_ID, name: 'Default', created_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await trx
      .insertInto('users')
      .values({ id: ADMIN_USER_ID, workspace_id: DEFAULT_WORKSPACE_ID, name: 'Admin', role: 'admin', created_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await trx
      .insertInto('api_tokens')
      .values({
        id: newId('tok'),
        workspace_id: DEFAULT_WORKSPACE_ID,
        user_id: ADMIN_USER_ID,
        name: 'admin',
        token_hash: tokenHash,
        created_at: now,
        last_used_at: null,
      })
      .onConflict((oc) => oc.column('token_hash').doNothing())
      .execute();
  });
  return { workspaceId: DEFAULT_WORKSPACE_ID, userId: ADMIN_USER_ID, created: true };
}
