import type { Kysely } from 'kysely';

/** Recipes, their versions and slot bindings, jobs with their step history, and trigger state. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recipes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('running_version', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('webhook_token', 'text', (c) => c.unique())
    .addColumn('trigger_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('poll_cursor', 'text')
    .addColumn('next_trigger_at', 'text')
    .addColumn('started_at', 'text')
    .addColumn('stopped_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recipes_workspace').on('recipes').columns(['workspace_id', 'created_at']).execute();
  await db.schema.createIndex('recipes_due').on('recipes').columns(['status', 'next_trigger_at']).execute();

  await db.schema
    .createTable('recipe_versions')
    .addColumn('recipe_id', 'text', (c) => c.notNull().references('recipes.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recipe_versions_pk', ['recipe_id', 'version'])
    .execute();

  await db.schema
    .createTable('recipe_bindings')
    .addColumn('recipe_id', 'text', (c) => c.notNull().references('recipes.id').onDelete('cascade'))
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recipe_bindings_pk', ['recipe_id', 'slot'])
    .execute();
  await db.schema.createIndex('recipe_bindings_connection').on('recipe_bindings').column('connection_id').execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('recipe_id', 'text', (c) => c.notNull())
    .addColumn('recipe_version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('trigger_event', 'text', (c) => c.notNull())
    .addColumn('steps', 'text')
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('rerun_of', 'text')
    /** Set while a process runs the job; a job whose lease ran out (crash) is queued again. */
    .addColumn('lease_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_recipe').on('jobs').columns(['recipe_id', 'created_at']).execute();
  await db.schema.createIndex('jobs_status').on('jobs').columns(['status', 'lease_until']).execute();

  await db.schema
    .createTable('trigger_dedupe')
    .addColumn('recipe_id', 'text', (c) => c.notNull().references('recipes.id').onDelete('cascade'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('trigger_dedupe_pk', ['recipe_id', 'dedupe_key'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('recipe_id', 'text')
    .addColumn('connection_id', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_workspace').on('notifications').columns(['workspace_id', 'created_at']).execute();
}
