import type { Kysely } from 'kysely';

/**
 * One index for every read of the embedded queue's claim (queue/src/embedded-jobs.ts): by name and
 * state, then group and enqueue order, so the claim seeks from one group's oldest due job to the
 * next instead of reading a group's whole backlog. It replaces (name, state, run_at) and
 * (name, group_key, state), which no statement needs any more: one index fewer to move on every
 * state change. SQLite only, as migration 0002.
 */
export async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect !== 'sqlite') return;
  await db.schema.dropIndex('queue_jobs_claim').execute();
  await db.schema.dropIndex('queue_jobs_group').execute();
  await db.schema.createIndex('queue_jobs_lane').on('queue_jobs').columns(['name', 'state', 'group_key', 'seq']).execute();
}
