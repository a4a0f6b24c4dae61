import type { Kysely } from 'kysely';

/**
 * Where the web UI wants the browser back after an authorisation that ran in the whole page (its
 * Connect popup was blocked): a path of this site, checked at /authorize. Null for the popup and
 * API flows, whose result page behaves as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('oauth_sessions').addColumn('return_to', 'text').execute();
}
