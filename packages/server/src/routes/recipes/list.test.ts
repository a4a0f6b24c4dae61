import type { RecipeSummary, RecipeView } from '@patchbay/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleRecipe } from '../../testing/example-recipe.ts';
import { expectClientError } from '../../testing/expect-error.ts';
import { allPages, createWorkspace, expectOrderedByCreation } from '../../testing/pages.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;
const created: RecipeView[] = [];

const schedule = { name: 'Every morning', description: 'Sends the report.', connections: {}, trigger: { connector: 'schedule', trigger: 'cron', input: { cron: '0 9 * * 1-5' } }, steps: [{ id: 'a', type: 'set', values: { x: 1 } }] };
const polling = {
  name: 'New accounts',
  connections: { crm: { connector: 'salesforce' } },
  trigger: { slot: 'crm', trigger: 'newRecords', input: { object: 'Account' } },
  // A long definition: the list must not carry it.
  steps: Array.from({ length: 200 }, (_, i) => ({ id: `step${i}`, type: 'set', values: { note: `a value long enough to weigh something in the answer ${i}` } })),
};

async function create(definition: Record<string, unknown>): Promise<RecipeView> {
  const res = await server.api('/api/v1/recipes', { method: 'POST', json: definition });
  expect(res.status, res.text).toBe(201);
  return res.body as RecipeView;
}

beforeAll(async () => {
  server = await startTestServer();
  for (const definition of [exampleRecipe(), schedule, polling, { ...exampleRecipe(), name: 'Mirror 2' }, { ...schedule, name: 'Every evening' }]) {
    created.push(await create(definition));
  }
});
afterAll(() => server?.stop());

describe('GET /api/v1/recipes', () => {
  it('lists summaries: the recipe as GET /recipes/{id} shows it, without the definition', async () => {
    const { items } = await allPages<RecipeSummary>(server, '/api/v1/recipes', 'recipes', { limit: 50 });
    // Created one after the other: in that order, unless two shared a millisecond (then by id).
    expect(items.map((r) => r.id).sort()).toEqual(created.map((r) => r.id).sort());
    expectOrderedByCreation(items, 'asc');
    for (const item of items) {
      const full = (await server.api(`/api/v1/recipes/${item.id}`)).body as RecipeView;
      const { definition, ...summary } = full;
      expect(item).toEqual(summary);
      expect(definition).toMatchObject({ name: item.name, steps: expect.any(Array) });
      expect(item).not.toHaveProperty('definition');
    }
    const [mirror, morning, accounts] = created.slice(0, 3).map((recipe) => items.find((item) => item.id === recipe.id));
    expect(mirror).toMatchObject({ trigger: { connector: 'webhook', trigger: 'webhook', slot: null }, description: null, status: 'stopped', version: 1, runningVersion: null });
    expect(mirror?.connections.map((s) => [s.slot, s.ready])).toEqual([['source', false], ['target', false]]);
    expect(morning).toMatchObject({ trigger: { connector: 'schedule', trigger: 'cron', slot: null }, description: 'Sends the report.', connections: [] });
    expect(accounts).toMatchObject({ trigger: { connector: 'salesforce', trigger: 'newRecords', slot: 'crm' } });
    // 200 steps weigh tens of kilobytes in the recipe, and nothing in its summary.
    expect(JSON.stringify(accounts).length).toBeLessThan(1500);
    expect((await server.api(`/api/v1/recipes/${accounts?.id ?? ''}`)).text.length).toBeGreaterThan(20_000);
  });

  it('pages oldest first; a recipe created meanwhile comes once, on the last page', async () => {
    let added: RecipeView | undefined;
    const { items, pages } = await allPages<RecipeSummary>(server, '/api/v1/recipes', 'recipes', {
      limit: 2,
      before: async (page) => {
        if (page === 1) added = await create({ ...schedule, name: 'Added while paging' });
      },
    });
    expect(items.map((r) => r.id).sort()).toEqual([...created, added].map((r) => r?.id).sort());
    expect(items.at(-1)?.id).toBe(added?.id);
    expect(pages).toBe(3);
    expectOrderedByCreation(items, 'asc');
    await server.api(`/api/v1/recipes/${added?.id ?? ''}`, { method: 'DELETE' });
  });

  it('keeps workspaces apart', async () => {
    const other = await createWorkspace(server.store, 'Other');
    const headers = { authorization: `Bearer ${other.token}` };
    expect((await server.api('/api/v1/recipes', { headers })).body).toEqual({ recipes: [], next: null });
    const theirs = await server.api('/api/v1/recipes', { method: 'POST', json: { ...schedule, name: 'Theirs' }, headers });
    expect(theirs.status, theirs.text).toBe(201);
    const listed = await allPages<RecipeSummary>(server, '/api/v1/recipes', 'recipes', { limit: 1, token: other.token });
    expect(listed.items.map((r) => r.name)).toEqual(['Theirs']);
    const ours = await allPages<RecipeSummary>(server, '/api/v1/recipes', 'recipes', { limit: 3 });
    expect(ours.items.map((r) => r.name)).not.toContain('Theirs');
  });

  it('refuses a bad limit or cursor with 400', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=abc']) {
      expect(expectClientError(await server.api(`/api/v1/recipes?${query}`), 400, 'invalid_input')).toMatch(/limit/);
    }
    expect(expectClientError(await server.api('/api/v1/recipes?cursor=garbage'), 400, 'invalid_input')).toMatch(/cursor/);
    const jobsCursor = Buffer.from(JSON.stringify(['jobs', '2025-01-01T00:00:00.000Z', 'job_1'])).toString('base64url');
    expect(expectClientError(await server.api(`/api/v1/recipes?cursor=${jobsCursor}`), 400, 'invalid_input')).toContain('belongs to the jobs list');
    expectClientError(await server.api('/api/v1/recipes?status=running'), 400, 'invalid_input');
  });
});
