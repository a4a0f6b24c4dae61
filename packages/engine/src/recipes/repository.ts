import { NotFoundError, PatchbayError, isoNow, newId } from '@patchbay/core';
import type { RecipesTable, Store } from '@patchbay/store';
import { LRUCache } from 'lru-cache';
import Value from 'typebox/value';
import { RecipeDefinition } from '../definition/schema.ts';
import type { ConnectionUse } from './views.ts';

export type RecipeRow = RecipesTable;

export async function findRecipe(store: Store, workspaceId: string, id: string): Promise<RecipeRow> {
  const row = await store.db.selectFrom('recipes').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) throw new NotFoundError('recipe', id);
  return row;
}

// Versions never change once saved, so parsed definitions are kept (and with them the mappings
// compiled from them): a job then costs no parse or schema check of its recipe.
const definitions = new Map<string, RecipeDefinition>();
const MAX_CACHED_DEFINITIONS = 1000;

export async function loadDefinition(store: Store, recipeId: string, version: number): Promise<RecipeDefinition> {
  const key = `${store.location}|${recipeId}@${version}`;
  const cached = definitions.get(key);
  if (cached) return cached;
  const definition = await readDefinition(store, recipeId, version);
  if (definitions.size >= MAX_CACHED_DEFINITIONS) definitions.clear();
  definitions.set(key, definition);
  return definition;
}

async function readDefinition(store: Store, recipeId: string, version: number): Promise<RecipeDefinition> {
  const row = await store.db.selectFrom('recipe_versions').select('definition').where('recipe_id', '=', recipeId).where('version', '=', version).executeTakeFirstOrThrow();
  const parsed: unknown = JSON.parse(row.definition);
  // Stored definitions were validated when saved; a mismatch is a bug of ours, not the user's.
  if (!Value.Check(RecipeDefinition, parsed)) throw new Error(`Recipe ${recipeId} version ${version} has an unexpected shape.`);
  return parsed;
}

/** One saved version of a recipe, with the definition it holds. */
export interface SavedVersion {
  version: number;
  createdAt: string;
  createdBy: string;
  definition: RecipeDefinition;
}

/**
 * A version of `recipe` (found in the workspace already) and its definition. A version the recipe
 * does not have is a 404 that names the recipe and its latest version, so the caller sees which
 * part of the URL was wrong: the recipe exists, the version does not.
 */
export async function findVersion(store: Store, recipe: RecipeRow, version: number): Promise<SavedVersion> {
  const row = await store.db
    .selectFrom('recipe_versions')
    .select(['version', 'created_at', 'created_by'])
    .where('recipe_id', '=', recipe.id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) {
    throw new PatchbayError('not_found', `Recipe "${recipe.name}" (${recipe.id}) has no version ${version}: its latest version is ${recipe.current_version}.`, {
      details: { resource: 'recipe version', id: recipe.id, version, latestVersion: recipe.current_version },
    });
  }
  return { version: row.version, createdAt: row.created_at, createdBy: row.created_by, definition: await loadDefinition(store, recipe.id, row.version) };
}

export async function insertRecipe(store: Store, workspaceId: string, actor: string, definition: RecipeDefinition): Promise<RecipeRow> {
  const now = isoNow();
  const row: RecipeRow = {
    id: newId('rcp'),
    workspace_id: workspaceId,
    name: definition.name,
    current_version: 1,
    running_version: null,
    status: 'stopped',
    status_reason: null,
    webhook_token: null,
    trigger_failures: 0,
    poll_cursor: null,
    next_trigger_at: null,
    started_at: null,
    stopped_at: null,
    created_at: now,
    updated_at: now,
  };
  await store.db.transaction().execute(async (tx) => {
    await tx.insertInto('recipes').values(row).execute();
    await tx.insertInto('recipe_versions').values({ recipe_id: row.id, version: 1, definition: JSON.stringify(definition), created_by: actor, created_at: now }).execute();
  });
  return row;
}

/** Every save makes a version; a running recipe keeps its running_version until restarted. */
export async function saveVersion(store: Store, recipe: RecipeRow, actor: string, definition: RecipeDefinition): Promise<RecipeRow> {
  const now = isoNow();
  const version = recipe.current_version + 1;
  await store.db.transaction().execute(async (tx) => {
    await tx.insertInto('recipe_versions').values({ recipe_id: recipe.id, version, definition: JSON.stringify(definition), created_by: actor, created_at: now }).execute();
    await tx.updateTable('recipes').set({ current_version: version, name: definition.name, updated_at: now }).where('id', '=', recipe.id).execute();
  });
  return { ...recipe, current_version: version, name: definition.name, updated_at: now };
}

export async function loadBindings(store: Store, recipeId: string): Promise<Record<string, string>> {
  const rows = await store.db.selectFrom('recipe_bindings').select(['slot', 'connection_id']).where('recipe_id', '=', recipeId).execute();
  return Object.fromEntries(rows.map((r) => [r.slot, r.connection_id]));
}

/**
 * A recipe's bindings as jobs read them: kept a second, since every job of a busy recipe needs
 * them (a query per job was a quarter of a PostgreSQL worker's queries). A rebind is seen at once in
 * the process that made it (`forgetBindings`) and within a second in the others, the bound the
 * connections kept in memory have too (vault/src/connections/cache.ts).
 */
const bindings = new LRUCache<string, Promise<Record<string, string>>>({ max: 1000, ttl: 1000 });

export function cachedBindings(store: Store, recipeId: string): Promise<Record<string, string>> {
  const key = `${store.location}|${recipeId}`;
  let found = bindings.get(key);
  if (!found) {
    found = loadBindings(store, recipeId);
    bindings.set(key, found);
    // A failed read is not kept: the next job reads again.
    found.catch(() => bindings.delete(key));
  }
  return found;
}

export function forgetBindings(store: Store, recipeId: string): void {
  bindings.delete(`${store.location}|${recipeId}`);
}

export async function updateRecipe(store: Store, id: string, patch: Partial<Omit<RecipeRow, 'id' | 'workspace_id'>>): Promise<void> {
  await store.db.updateTable('recipes').set({ ...patch, updated_at: isoNow() }).where('id', '=', id).execute();
}

/** Running recipes that use a connection: disconnecting or deleting it would break them. */
export async function runningRecipesUsing(store: Store, workspaceId: string, connectionId: string): Promise<{ id: string; name: string; slot: string }[]> {
  return store.db
    .selectFrom('recipe_bindings')
    .innerJoin('recipes', 'recipes.id', 'recipe_bindings.recipe_id')
    .select(['recipes.id as id', 'recipes.name as name', 'recipe_bindings.slot as slot'])
    .where('recipes.workspace_id', '=', workspaceId)
    .where('recipes.status', '=', 'running')
    .where('recipe_bindings.connection_id', '=', connectionId)
    .execute();
}

/**
 * Every recipe bound to each of `connectionIds`, by connection id, sorted by recipe name (then slot):
 * one query for a whole page of connections (through the recipe_bindings_connection index), never one
 * per connection. An id no recipe uses maps to an empty list. Sorted here rather than by ORDER BY,
 * whose text order is the database's collation: SQLite and PostgreSQL would list names differently.
 */
export async function recipesUsingConnections(store: Store, workspaceId: string, connectionIds: readonly string[]): Promise<Map<string, ConnectionUse[]>> {
  const uses = new Map<string, ConnectionUse[]>(connectionIds.map((id) => [id, []]));
  if (connectionIds.length === 0) return uses;
  const rows = await store.db
    .selectFrom('recipe_bindings')
    .innerJoin('recipes', 'recipes.id', 'recipe_bindings.recipe_id')
    .select(['recipe_bindings.connection_id as connectionId', 'recipes.id as recipeId', 'recipes.name as name', 'recipe_bindings.slot as slot', 'recipes.status as status'])
    .where('recipes.workspace_id', '=', workspaceId)
    .where('recipe_bindings.connection_id', 'in', [...new Set(connectionIds)])
    .execute();
  for (const row of rows) {
    uses.get(row.connectionId)?.push({ recipeId: row.recipeId, name: row.name, slot: row.slot, running: row.status === 'running' });
  }
  for (const list of uses.values()) list.sort(byNameThenSlot);
  return uses;
}

const byNameThenSlot = (a: ConnectionUse, b: ConnectionUse): number =>
  a.name.localeCompare(b.name, 'en') || a.slot.localeCompare(b.slot, 'en') || (a.recipeId < b.recipeId ? -1 : a.recipeId > b.recipeId ? 1 : 0);
