import type { Kysely } from 'kysely';

/**
 * Web UI sessions (server/src/auth/sessions.ts), each made from an API token at sign-in: the cookie
 * holds a random session id, this table its hash. A session belongs to the token it was made from, so
 * deleting the token ends its sessions. In the database rather than in memory, so every `serve`
 * process sharing it sees them and a restart signs nobody out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_id', 'text', (c) => c.notNull().references('api_tokens.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    /** SHA-256 of the session id, hex: the id itself is only in the user's cookie. */
    .addColumn('session_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text', (c) => c.notNull())
    .execute();
}
