import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Recipe, RecipeDefinition, RecipeSummary, Schemas } from '@patchbay/client';
import { allPages, api, unwrap } from './client.ts';
import { keys } from './keys.ts';

export type { Recipe, RecipeDefinition, RecipeSummary };
export type RecipeVersion = Schemas['RecipeVersion'];
export type PicklistOption = { value: string; label: string };

/** Every recipe of the workspace (every page), oldest first: summaries without definitions. */
export function useRecipes() {
  return useQuery({
    queryKey: keys.recipes,
    queryFn: () =>
      allPages<RecipeSummary>(async (cursor) => {
        const page = await unwrap(api.GET('/api/v1/recipes', { params: { query: { limit: 500, ...(cursor ? { cursor } : {}) } } }));
        return { items: page.recipes, next: page.next };
      }),
  });
}

/** One recipe with its definition and each slot's readiness. */
export function useRecipe(id: string) {
  return useQuery({
    queryKey: keys.recipe(id),
    queryFn: () => unwrap(api.GET('/api/v1/recipes/{id}', { params: { path: { id } } })),
  });
}

const versionsKey = (id: string) => [...keys.recipe(id), 'versions'] as const;

/** The saved versions, newest first; `running` marks the one a running recipe runs. */
export function useRecipeVersions(id: string) {
  return useQuery({
    queryKey: versionsKey(id),
    queryFn: () =>
      allPages<RecipeVersion>(async (cursor) => {
        const page = await unwrap(api.GET('/api/v1/recipes/{id}/versions', { params: { path: { id }, query: { limit: 500, ...(cursor ? { cursor } : {}) } } }));
        return { items: page.versions, next: page.next };
      }),
  });
}

/** One saved version's definition: a version never changes once saved, so it is fetched once. */
export function useRecipeVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: [...versionsKey(id), version] as const,
    queryFn: () => unwrap(api.GET('/api/v1/recipes/{id}/versions/{version}', { params: { path: { id, version: version ?? 0 } } })),
    enabled: version !== null,
    staleTime: Infinity,
  });
}

/**
 * After any change to one recipe: its view (slots, status, version), its versions, and the list's
 * summary all change together.
 */
function useRecipeMutation<Input>(mutationFn: (input: Input) => Promise<Recipe>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (recipe) => {
      queryClient.setQueryData(keys.recipe(recipe.id), recipe);
      void queryClient.invalidateQueries({ queryKey: keys.recipes });
    },
  });
}

/** Creates a recipe from a definition; the server checks it and answers 400 with every problem's path. */
export function useCreateRecipe() {
  return useRecipeMutation((definition: RecipeDefinition) => unwrap(api.POST('/api/v1/recipes', { body: definition })));
}

/** Imports an exported definition as a new, stopped recipe. */
export function useImportRecipe() {
  return useRecipeMutation((definition: RecipeDefinition) => unwrap(api.POST('/api/v1/recipes/import', { body: definition })));
}

/** Saves a new version from the whole definition. */
export function useSaveRecipe(id: string) {
  return useRecipeMutation((definition: RecipeDefinition) => unwrap(api.PATCH('/api/v1/recipes/{id}', { params: { path: { id } }, body: definition })));
}

/** Binds slots to connections: `{ slot: connectionId }`; null unbinds. */
export function useBindRecipe(id: string) {
  return useRecipeMutation((bindings: Record<string, string | null>) =>
    unwrap(api.PUT('/api/v1/recipes/{id}/connections', { params: { path: { id } }, body: bindings })),
  );
}

export function useStartRecipe(id: string) {
  return useRecipeMutation(() => unwrap(api.POST('/api/v1/recipes/{id}/start', { params: { path: { id } }, body: {} })));
}

export function useStopRecipe(id: string) {
  return useRecipeMutation(() => unwrap(api.POST('/api/v1/recipes/{id}/stop', { params: { path: { id } } })));
}

/** Pick lists and dynamic schemas live under the connection's data key: reconnecting makes them stale. */
export const picklistKey = (connectionId: string, list: string, params: Record<string, string>) =>
  [...keys.connectionData(connectionId), 'picklist', list, params] as const;

export async function fetchPicklist(connectionId: string, list: string, params: Record<string, string>, refresh = false): Promise<PicklistOption[]> {
  // The list's own parameters are `params`, sent as query parameters of their own (?object=Account): see client.ts.
  const query = { params, ...(refresh ? { refresh: 'true' as const } : {}) };
  const answer = await unwrap(api.GET('/api/v1/connections/{id}/picklists/{name}', { params: { path: { id: connectionId, name: list }, query } }));
  return answer.options;
}

/** A pick list through a connection; `enabled` false while the connection is not connected or a parameter is missing. */
export function usePicklist(connectionId: string | null, list: string, params: Record<string, string>, enabled: boolean) {
  return useQuery({
    queryKey: picklistKey(connectionId ?? '', list, params),
    queryFn: () => fetchPicklist(connectionId ?? '', list, params),
    enabled: enabled && connectionId !== null,
    staleTime: 5 * 60_000,
  });
}

/** Fetches the list from the app again (`?refresh=true`) and replaces the cached copy. */
export function useRefreshPicklist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ connectionId, list, params }: { connectionId: string; list: string; params: Record<string, string> }) => {
      const options = await fetchPicklist(connectionId, list, params, true);
      queryClient.setQueryData(picklistKey(connectionId, list, params), options);
      return options;
    },
  });
}

/** The input and output schemas of an action for a configuration (its dynamicSchema's dependsOn inputs). */
export function useMemberSchema(connectionId: string | null, action: string, config: Record<string, unknown> | null) {
  return useQuery({
    queryKey: [...keys.connectionData(connectionId ?? ''), 'schema', action, config] as const,
    queryFn: () => unwrap(api.POST('/api/v1/connections/{id}/schema', { params: { path: { id: connectionId ?? '' } }, body: { action, config: config ?? {} } })),
    enabled: connectionId !== null && config !== null,
    staleTime: 5 * 60_000,
  });
}
