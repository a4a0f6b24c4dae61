/** The recipe page's tab, kept in the URL: `/recipes/<id>?tab=connections`. */
export const RECIPE_TABS = ['editor', 'connections', 'jobs', 'versions'] as const;
export type RecipeTab = (typeof RECIPE_TABS)[number];

export interface RecipeSearch {
  tab?: RecipeTab;
}

export function recipeSearch(search: Record<string, unknown>): RecipeSearch {
  const tab = RECIPE_TABS.find((t) => t === search.tab);
  return tab ? { tab } : {};
}
