import { createHash } from 'node:crypto';
import { isoNow, newId, newToken } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import type { Actor } from '@patchbay/vault';
import { SESSION_IDLE_MS, SESSION_LIFETIME_MS } from './session-cookie.ts';
import { recordUse, type TokenMatch } from './tokens.ts';

/*
 * Web UI sessions, made from an API token at sign-in, in their own table (migration 0006): every
 * `serve` process sharing the database sees them, and a restart signs nobody out. The cookie holds
 * a random session id; the table only its hash. A session belongs to its token: deleting the token
 * deletes its sessions (foreign key), and a session id is never a bearer token.
 */

export interface Session {
  /** The session's row (not the session id, which only the cookie holds). */
  rowId: string;
  actor: Actor;
  createdAt: string;
  /** When the session ends unless used again before: the earlier of the idle and the absolute limit. */
  expiresAt: string;
}

function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId, 'utf8').digest('hex');
}

function expiryOf(createdAt: string, lastUsedAt: string): number {
  return Math.min(Date.parse(createdAt) + SESSION_LIFETIME_MS, Date.parse(lastUsedAt) + SESSION_IDLE_MS);
}

/** Starts a session for a token's actor; returns the session id for the cookie. Prunes ended sessions. */
export async function createSession(store: Store, token: TokenMatch, now = Date.now()): Promise<{ sessionId: string; session: Session }> {
  await store.db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('created_at', '<', isoNow(now - SESSION_LIFETIME_MS)), eb('last_used_at', '<', isoNow(now - SESSION_IDLE_MS))]))
    .execute();
  const sessionId = newToken();
  const rowId = newId('ses');
  const createdAt = isoNow(now);
  await store.db
    .insertInto('sessions')
    .values({
      id: rowId,
      token_id: token.tokenId,
      workspace_id: token.actor.workspaceId,
      user_id: token.actor.userId,
      session_hash: hashSessionId(sessionId),
      created_at: createdAt,
      last_used_at: createdAt,
    })
    .execute();
  return { sessionId, session: { rowId, actor: token.actor, createdAt, expiresAt: isoNow(expiryOf(createdAt, createdAt)) } };
}

/** The live session with this id, or null: unknown, or ended (idle or too old: the row is deleted then). */
export async function findSession(store: Store, sessionId: string, now = Date.now()): Promise<Session | null> {
  const row = await store.db
    .selectFrom('sessions')
    .select(['id', 'workspace_id', 'user_id', 'created_at', 'last_used_at'])
    .where('session_hash', '=', hashSessionId(sessionId))
    .executeTakeFirst();
  if (!row) return null;
  if (expiryOf(row.created_at, row.last_used_at) <= now) {
    await store.db.deleteFrom('sessions').where('id', '=', row.id).execute();
    return null;
  }
  const lastUsed = (await recordUse(store, 'sessions', row, now)) ?? row.last_used_at;
  return {
    rowId: row.id,
    actor: { workspaceId: row.workspace_id, userId: row.user_id },
    createdAt: row.created_at,
    expiresAt: isoNow(expiryOf(row.created_at, lastUsed)),
  };
}

/** Ends a session (sign-out). Ending one that has already ended is not an error. */
export async function endSession(store: Store, sessionId: string): Promise<void> {
  await store.db.deleteFrom('sessions').where('session_hash', '=', hashSessionId(sessionId)).execute();
}

/** The signed-in user's name and role, for the UI's header. */
export async function userOf(store: Store, actor: Actor): Promise<{ id: string; name: string; role: string } | null> {
  const row = await store.db
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('id', '=', actor.userId)
    .where('workspace_id', '=', actor.workspaceId)
    .executeTakeFirst();
  return row ?? null;
}
