import { newId } from '@patchbay/core';
import type { JobStats, RecipeView } from '@patchbay/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleRecipe } from '../../testing/example-recipe.ts';
import { createWorkspace } from '../../testing/pages.ts';
import { detailsOf, expectClientError } from '../../testing/expect-error.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

const DEFAULT_WORKSPACE = 'default';
const HOUR = 3_600_000;

let server: TestServer;
let recipe: RecipeView;
let other: RecipeView;

/** When the jobs were made: assertions find their bucket from it, so an hour that ends mid-test moves nothing. */
const T = Date.now();
const hourOf = (time: number) => new Date(Math.floor(time / HOUR) * HOUR).toISOString();
const bucketAt = (stats: JobStats, hoursAgo: number) => stats.buckets.find((b) => b.start === hourOf(T - hoursAgo * HOUR));

/** A finished job (nothing picks finished ones up while the test runs), created `hoursAgo` hours before T. */
async function addJob(recipeId: string, hoursAgo: number, status: 'succeeded' | 'failed' | 'cancelled', workspaceId = DEFAULT_WORKSPACE): Promise<void> {
  const createdAt = new Date(T - hoursAgo * HOUR).toISOString();
  await server.store.db
    .insertInto('jobs')
    .values({ id: newId('job'), workspace_id: workspaceId, recipe_id: recipeId, recipe_version: 1, status, trigger_event: 'null', steps: null, result: null, error: null, rerun_of: null, lease_until: null, created_at: createdAt, started_at: createdAt, finished_at: createdAt })
    .execute();
}

const create = async (name: string) => (await server.api('/api/v1/recipes', { method: 'POST', json: { ...exampleRecipe(), name } })).body as RecipeView;
const totals = (stats: JobStats) => stats.buckets.reduce((sum, b) => sum + b.queued + b.running + b.succeeded + b.failed + b.cancelled, 0);

beforeAll(async () => {
  server = await startTestServer({ workers: false });
  recipe = await create('Charted');
  other = await create('Other');
  await addJob(recipe.id, 0, 'succeeded');
  await addJob(recipe.id, 0, 'failed');
  await addJob(recipe.id, 2, 'succeeded');
  await addJob(recipe.id, 30, 'succeeded'); // older than a day: only in a longer chart
  await addJob(other.id, 0, 'cancelled');
  const elsewhere = await createWorkspace(server.store, 'Elsewhere');
  await addJob(recipe.id, 0, 'failed', elsewhere.workspaceId);
});
afterAll(() => server?.stop());

describe('GET /api/v1/jobs/stats', () => {
  it('answers 24 hourly buckets by default, across the workspace\'s recipes, the current hour last', async () => {
    const before = Date.now();
    const res = await server.api('/api/v1/jobs/stats');
    const after = Date.now();
    expect(res.status, res.text).toBe(200);
    const stats = res.body as JobStats;
    expect(stats.buckets).toHaveLength(24);
    expect([hourOf(before), hourOf(after)]).toContain(stats.buckets[23]?.start);
    expect(stats.buckets.map((b) => Date.parse(b.start) - Date.parse(stats.from))).toEqual(stats.buckets.map((_, i) => i * HOUR));
    expect(bucketAt(stats, 0)).toEqual({ start: hourOf(T), succeeded: 1, failed: 1, cancelled: 1, queued: 0, running: 0 });
    expect(bucketAt(stats, 2)).toMatchObject({ succeeded: 1, failed: 0 });
    expect(stats.from).toBe(stats.buckets[0]?.start);
    expect(Date.parse(stats.to) - Date.parse(stats.from)).toBe(24 * HOUR);
    expect(totals(stats)).toBe(4);
  });

  it('one recipe, over as many hours as asked', async () => {
    const week = (await server.api(`/api/v1/jobs/stats?recipe=${recipe.id}&hours=168`)).body as JobStats;
    expect(week.buckets).toHaveLength(168);
    expect(totals(week)).toBe(4);
    const three = (await server.api(`/api/v1/jobs/stats?hours=3&recipe=${other.id}`)).body as JobStats;
    expect(three.buckets).toHaveLength(3);
    expect(totals(three)).toBe(1);
    expect(bucketAt(three, 0)).toMatchObject({ cancelled: 1 });
    const one = (await server.api(`/api/v1/jobs/stats?hours=1&recipe=${recipe.id}`)).body as JobStats;
    expect(one.buckets).toHaveLength(1);
    expect(one.buckets[0]?.start).toBe(one.from);
    // Unless the hour ended since the jobs were made, this hour holds the recipe's two recent ones.
    expect(totals(one)).toBe(one.from === hourOf(T) ? 2 : 0);
  });

  it('404 for a recipe that does not exist, as its job list answers', async () => {
    const message = expectClientError(await server.api('/api/v1/jobs/stats?recipe=rcp_missing'), 404, 'not_found');
    expect(message).toContain('rcp_missing');
    expectClientError(await server.api('/api/v1/recipes/rcp_missing/jobs'), 404, 'not_found');
  });

  it.each(['hours=0', 'hours=169', 'hours=abc', 'hours=1.5', 'hours=', 'recipe=', 'hour=3', 'hours=3&hours=4'])('400 for %s', async (query) => {
    const res = await server.api(`/api/v1/jobs/stats?${query}`);
    expect(expectClientError(res, 400, 'invalid_input'), query).toMatch(/hour|recipe/);
    expect(detailsOf(res)).toBeDefined();
  });

  it('needs a token', async () => {
    expectClientError(await server.api('/api/v1/jobs/stats', { headers: { authorization: 'Bearer nope' } }), 401, 'unauthorized');
  });
});
