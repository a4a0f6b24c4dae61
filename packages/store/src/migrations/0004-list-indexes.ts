import type { Kysely } from 'kysely';

/**
 * Indexes for the job lists (`GET /api/v1/jobs`, `GET /api/v1/recipes/{id}/jobs`): newest first by
 * (created_at, id) in a workspace, of one status, or of one recipe. With the id as the last column,
 * a keyset cursor reads one index range per page, however deep, and nothing is sorted. Connections,
 * recipes and notifications are listed through their (workspace_id, created_at) indexes of earlier
 * migrations: there are few of them per workspace, so ties on created_at are sorted in a moment.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('jobs_workspace').on('jobs').columns(['workspace_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('jobs_workspace_status').on('jobs').columns(['workspace_id', 'status', 'created_at', 'id']).execute();
  // jobs_recipe (recipe_id, created_at) again, with the id the order ends with.
  await db.schema.dropIndex('jobs_recipe').execute();
  await db.schema.createIndex('jobs_recipe').on('jobs').columns(['recipe_id', 'created_at', 'id']).execute();
}
