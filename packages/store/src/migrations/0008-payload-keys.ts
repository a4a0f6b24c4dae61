import type { Kysely } from 'kysely';

/**
 * Keys of job payloads at rest (vault/src/payloads): each row is a 32-byte AES key sealed by the
 * master key ring (`wrapped`, the envelope of vault/src/crypto, whose master key id is
 * `master_key_id`). Job rows name the key of each value (`enc1:<key_id>:…`), so a key added later
 * leaves the values of the older ones readable. Master-key rotation re-wraps these rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('payload_keys')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('wrapped', 'text', (c) => c.notNull())
    .addColumn('master_key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
