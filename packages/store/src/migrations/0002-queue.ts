import type { Kysely } from 'kysely';

/**
 * The embedded queue's table (packages/queue, `createEmbeddedQueue`). PostgreSQL deployments queue
 * jobs in the queue's own `patchbay_queue` schema instead, created by the queue at start, so on PostgreSQL this migration does nothing:
 * an unused table there would only mislead whoever reads the schema.
 */
export async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect !== 'sqlite') return;
  await db.schema
    .createTable('queue_jobs')
    // AUTOINCREMENT never reuses a number, so `seq` is the enqueue order even after pruning.
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('group_key', 'text')
    .addColumn('group_concurrency', 'integer')
    // queued | running | succeeded | dead
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('queue_jobs_claim').on('queue_jobs').columns(['name', 'state', 'run_at']).execute();
  await db.schema.createIndex('queue_jobs_group').on('queue_jobs').columns(['name', 'group_key', 'state']).execute();
  await db.schema.createIndex('queue_jobs_finished').on('queue_jobs').columns(['state', 'finished_at']).execute();
}
