import { createHash } from 'node:crypto';
import { isoNow, newId, newToken } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import type { Actor } from '@patchbay/vault';
import { SESSION_IDLE_MS, SESSION_LIFETIME_MS } from './session-cookie.ts';
import { recordUse, SESSION_NAME_PREFIX, type TokenMatch } from './tokens.ts';

/*
 * Web UI sessions, made from an API token at sign-in. They live in the api_tokens table, one row
 * each, named `session:<token id>`: a session is a short-lived credential of the same actor, so it
 * needs the same columns (workspace, user, hash, created, last used), and every `serve` process
 * sharing the database sees it (an in-memory map would sign users out on a restart, or when a load
 * balancer picks another process). The session id is hashed like a token, in its own domain, so a
 * session id sent as a bearer token matches nothing. When users and a sessions table of their own
 * arrive, only this file changes.
 */

export interface Session {
  /** The api_tokens row of this session (not the session id, which only the cookie holds). */
  rowId: string;
  actor: Actor;
  createdAt: string;
  /** When the session ends unless used again before: the earlier of the idle and the absolute limit. */
  expiresAt: string;
}

/** The hash stored for a session id. The newline keeps it apart from any bearer token's hash (a header cannot hold one). */
function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(`session\n${sessionId}`, 'utf8').digest('hex');
}

function expiryOf(createdAt: string, lastUsedAt: string | null): number {
  const used = Date.parse(lastUsedAt ?? createdAt);
  return Math.min(Date.parse(createdAt) + SESSION_LIFETIME_MS, used + SESSION_IDLE_MS);
}

/** Starts a session for a token's actor; returns the session id for the cookie. Prunes ended sessions. */
export async function createSession(store: Store, token: TokenMatch, now = Date.now()): Promise<{ sessionId: string; session: Session }> {
  await store.db
    .deleteFrom('api_tokens')
    .where('name', 'like', `${SESSION_NAME_PREFIX}%`)
    .where((eb) => eb.or([eb('created_at', '<', isoNow(now - SESSION_LIFETIME_MS)), eb(eb.fn.coalesce('last_used_at', 'created_at'), '<', isoNow(now - SESSION_IDLE_MS))]))
    .execute();
  const sessionId = newToken();
  const rowId = newId('ses');
  const createdAt = isoNow(now);
  await store.db
    .insertInto('api_tokens')
    .values({
      id: rowId,
      workspace_id: token.actor.workspaceId,
      user_id: token.actor.userId,
      name: `${SESSION_NAME_PREFIX}${token.tokenId}`,
      token_hash: hashSessionId(sessionId),
      created_at: createdAt,
      last_used_at: createdAt,
    })
    .execute();
  return { sessionId, session: { rowId, actor: token.actor, createdAt, expiresAt: isoNow(expiryOf(createdAt, createdAt)) } };
}

/**
 * The live session with this id, or null: unknown, ended (idle or too old: the row is deleted then),
 * or made from an API token that no longer exists (revoking a token ends its sessions).
 */
export async function findSession(store: Store, sessionId: string, now = Date.now()): Promise<Session | null> {
  const row = await store.db
    .selectFrom('api_tokens')
    .select(['id', 'workspace_id', 'user_id', 'name', 'created_at', 'last_used_at'])
    .where('token_hash', '=', hashSessionId(sessionId))
    .where('name', 'like', `${SESSION_NAME_PREFIX}%`)
    .executeTakeFirst();
  if (!row) return null;
  const origin = await store.db
    .selectFrom('api_tokens')
    .select('id')
    .where('id', '=', row.name.slice(SESSION_NAME_PREFIX.length))
    .executeTakeFirst();
  if (!origin || expiryOf(row.created_at, row.last_used_at) <= now) {
    await store.db.deleteFrom('api_tokens').where('id', '=', row.id).execute();
    return null;
  }
  const lastUsed = await recordUse(store, row, now);
  return {
    rowId: row.id,
    actor: { workspaceId: row.workspace_id, userId: row.user_id },
    createdAt: row.created_at,
    expiresAt: isoNow(expiryOf(row.created_at, lastUsed)),
  };
}

/** Ends a session (sign-out). Ending one that has already ended is not an error. */
export async function endSession(store: Store, sessionId: string): Promise<void> {
  await store.db.deleteFrom('api_tokens').where('token_hash', '=', hashSessionId(sessionId)).where('name', 'like', `${SESSION_NAME_PREFIX}%`).execute();
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
