import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Job, JobSummary, ResponseBody } from '@patchbay/client';
import { api, unwrap } from './client.ts';
import { keys } from './keys.ts';
import { useRecipes } from './recipes.ts';

export type { Job, JobSummary } from '@patchbay/client';
export type JobStatus = JobSummary['status'];
/** A recipe's jobs per hour by status: `buckets` one per clock hour (UTC), oldest first, the current hour last. */
export type JobStats = ResponseBody<'jobStats'>;
export type HourBucket = JobStats['buckets'][number];

/** How often a screen showing jobs asks again while it is visible: running and queued jobs move on their own. */
export const LIVE_INTERVAL_MS = 2500;
/** A job page polls faster while its job runs: its steps finish in a few seconds. */
const RUNNING_JOB_INTERVAL_MS = 1500;
const PAGE_SIZE = 50;

export interface JobFilters {
  recipe?: string | undefined;
  status?: JobStatus | undefined;
}

/** Local keys under the `jobs` prefix of keys.ts: a mutation invalidating `keys.jobs` refreshes these too. */
const jobKeys = {
  list: (filters: JobFilters) => [...keys.jobs, 'list', { recipe: filters.recipe ?? null, status: filters.status ?? null }] as const,
  stats: (recipeId: string, hours: number) => [...keys.jobs, 'stats', recipeId, hours] as const,
};

/**
 * Jobs newest first, a page at a time ("Load more" asks for the next), polled while the page is
 * visible (TanStack Query pauses `refetchInterval` in a hidden tab). A poll refetches every loaded
 * page from the first, so a new job shows at the top and none is skipped at a page boundary.
 */
export function useJobs(filters: JobFilters) {
  return useInfiniteQuery({
    queryKey: jobKeys.list(filters),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/jobs', {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(filters.recipe ? { recipe: filters.recipe } : {}),
              ...(filters.status ? { status: filters.status } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.next ?? undefined,
    refetchInterval: LIVE_INTERVAL_MS,
    // Changing a filter keeps the old rows on screen until the new ones arrive, instead of a blank table.
    placeholderData: keepPreviousData,
  });
}

/** Recipe names by id (jobs carry only the recipe id), from the recipes list the Recipes page shares. */
export function useRecipeNames() {
  const recipes = useRecipes();
  const names = useMemo(() => (recipes.data ? new Map(recipes.data.map((recipe) => [recipe.id, recipe.name])) : undefined), [recipes.data]);
  return { data: names };
}

const isActive = (status: JobStatus | undefined) => status === 'queued' || status === 'running';

/** One job with its steps; polled while it is queued or running, still once it has finished. */
export function useJob(id: string) {
  return useQuery({
    queryKey: keys.job(id),
    queryFn: () => unwrap(api.GET('/api/v1/jobs/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (isActive(query.state.data?.status) ? RUNNING_JOB_INTERVAL_MS : false),
  });
}

/** Runs the job's trigger event again as a new job; resolves to the new job's summary. */
export function useRerunJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/jobs/{id}/rerun', { params: { path: { id } }, body: {} })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.jobs }),
  });
}

/** Cancels a queued job (409 job_not_queued once it has started). */
export function useCancelJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/jobs/{id}/cancel', { params: { path: { id } }, body: {} })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.jobs }),
  });
}

/** A recipe's jobs per hour by status over the last `hours`, polled like the lists. */
export function useJobStats(recipeId: string, hours = 24) {
  return useQuery({
    queryKey: jobKeys.stats(recipeId, hours),
    queryFn: () => unwrap(api.GET('/api/v1/jobs/stats', { params: { query: { recipe: recipeId, hours } } })),
    refetchInterval: LIVE_INTERVAL_MS * 2,
  });
}
