import type { Connection } from '../../api/client.ts';

export interface RecipeUse {
  recipeId: string;
  name: string;
  slots: string[];
  running: boolean;
}

/** `usedBy` has one entry per slot; people count recipes (one recipe may bind a connection to two slots). */
export function recipesUsing(connection: Pick<Connection, 'usedBy'>): RecipeUse[] {
  const byRecipe = new Map<string, RecipeUse>();
  for (const use of connection.usedBy) {
    const recipe = byRecipe.get(use.recipeId) ?? { recipeId: use.recipeId, name: use.name, slots: [], running: false };
    recipe.slots.push(use.slot);
    recipe.running ||= use.running;
    byRecipe.set(use.recipeId, recipe);
  }
  return [...byRecipe.values()];
}

/** "Used by 2 recipes (1 running)", "Not used by any recipe". */
export function usageSummary(recipes: RecipeUse[]): string {
  if (recipes.length === 0) return 'No recipe';
  const running = recipes.filter((r) => r.running).length;
  return `${recipes.length} ${recipes.length === 1 ? 'recipe' : 'recipes'} (${running} running)`;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The recipes a 409 connection_in_use names in its details (`[{ recipeId, name, slot }]`). */
export function recipesFromConflict(details: unknown): RecipeUse[] {
  if (!Array.isArray(details)) return [];
  const uses = details.flatMap((d: unknown) =>
    isRecord(d) && typeof d.recipeId === 'string' && typeof d.name === 'string' ? [{ recipeId: d.recipeId, name: d.name, slot: typeof d.slot === 'string' ? d.slot : '', running: true }] : [],
  );
  return recipesUsing({ usedBy: uses });
}
