import { type Kysely, sql } from 'kysely';

/**
 * jobs_status (status, lease_until) held an entry for every job ever run, and each job's outcome
 * moved its entry from `running` to a finished status: a second index write on the hottest UPDATE,
 * for entries no query reads (finished jobs are listed through jobs_workspace_status and pruned
 * through jobs_recipe). The two questions the sweeps ask get an index each, holding only the jobs
 * they ask about, so finishing a job only deletes its entry:
 * - whose lease ran out (`lease_until < now`: only running jobs have a lease; finished and queued
 *   ones have none), and
 * - which jobs are queued, oldest first (recovery at start).
 * The WHERE of each index is one a query's own terms imply, which both SQLite and PostgreSQL need
 * before they use a partial index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_status').execute();
  await db.schema.createIndex('jobs_leased').on('jobs').column('lease_until').where('lease_until', 'is not', null).execute();
  await db.schema.createIndex('jobs_queued').on('jobs').column('created_at').where(sql.ref('status'), '=', 'queued').execute();
}
