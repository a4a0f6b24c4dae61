import { newId } from '@patchbay/core';
import type { JobSummary, RecipeView } from '@patchbay/engine';
import type { JobStatusValue, JobsTable } from '@patchbay/store';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@patchbay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClientError } from '../../testing/expect-error.ts';
import { allPages, createWorkspace, expectOrderedByCreation } from '../../testing/pages.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

const DEFAULT_WORKSPACE = 'default';
const T0 = Date.parse('2024-03-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
/** 25 jobs created in the same millisecond: only the id orders them, and a page boundary falls among them. */
const TIE = at(50);

/** A finished job row as the engine writes it (finished ones: nothing picks them up while the test runs). */
function jobRow(workspaceId: string, recipeId: string, createdAt: string, status: 'succeeded' | 'failed' | 'cancelled'): JobsTable {
  return {
    id: newId('job'),
    workspace_id: workspaceId,
    recipe_id: recipeId,
    recipe_version: 1,
    status,
    trigger_event: '{"body":{}}',
    steps: null,
    result: null,
    error: status === 'failed' ? '{"code":"step_failed","message":"failed on purpose"}' : null,
    rerun_of: null,
    lease_until: null,
    created_at: createdAt,
    started_at: createdAt,
    finished_at: createdAt,
  };
}

const STATUSES = ['succeeded', 'failed', 'cancelled'] as const;

/** The same tests on SQLite and on PostgreSQL: the keyset comparison and the indexes are the dialect-sensitive part. */
function jobListTests(start: () => Promise<TestServer>, cleanUp: () => Promise<void> = async () => {}): void {
  let server: TestServer;
  let recipeA: string;
  let recipeB: string;
  let other: { workspaceId: string; token: string };

  /** What the workspace's jobs are, read from the table itself, for the lists to be compared with. */
  async function idsWhere(filter: { workspaceId?: string; recipe?: string; status?: JobStatusValue; since?: string } = {}): Promise<string[]> {
    let query = server.store.db.selectFrom('jobs').select('id').where('workspace_id', '=', filter.workspaceId ?? DEFAULT_WORKSPACE);
    if (filter.recipe) query = query.where('recipe_id', '=', filter.recipe);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.since) query = query.where('created_at', '>=', filter.since);
    return (await query.execute()).map((row) => row.id).sort();
  }
  const idsOf = (jobs: readonly JobSummary[]) => jobs.map((job) => job.id).sort();

  beforeAll(async () => {
    server = await start();
    const recipe = async (name: string) => {
      const definition = { name, connections: {}, trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step' } }, steps: [{ id: 'mark', type: 'set', values: { ok: true } }] };
      const created = await server.api('/api/v1/recipes', { method: 'POST', json: definition });
      expect(created.status, created.text).toBe(201);
      const started = await server.api(`/api/v1/recipes/${(created.body as RecipeView).id}/start`, { method: 'POST' });
      expect(started.status, started.text).toBe(200);
      return started.body as RecipeView;
    };
    const a = await recipe('Jobs A');
    const b = await recipe('Jobs B');
    recipeA = a.id;
    recipeB = b.id;
    // Real jobs, run by the engine through the webhook.
    for (const started of [a, a, b]) {
      const res = await server.api(new URL(started.webhookUrl ?? '').pathname, { method: 'POST', json: {}, headers: { authorization: '' } });
      expect(res.status, res.text).toBe(200);
    }
    const rows: JobsTable[] = [];
    for (let i = 0; i < 120; i++) {
      const createdAt = i >= 40 && i < 65 ? TIE : at(i);
      rows.push(jobRow(DEFAULT_WORKSPACE, i % 2 === 0 ? recipeA : recipeB, createdAt, STATUSES[i % 3] ?? 'succeeded'));
    }
    other = await createWorkspace(server.store, 'Other');
    for (let i = 0; i < 10; i++) rows.push(jobRow(other.workspaceId, 'rcp_other', i < 5 ? TIE : at(i), 'failed'));
    await server.store.db.insertInto('jobs').values(rows).execute();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await cleanUp();
  });

  it("pages through every job of the workspace, newest first: none skipped, none repeated, no other workspace's", async () => {
    const { items, pages } = await allPages<JobSummary>(server, '/api/v1/jobs', 'jobs', { limit: 7 });
    expect(idsOf(items)).toEqual(await idsWhere());
    expect(items).toHaveLength(123);
    expect(pages).toBe(Math.ceil(123 / 7));
    expectOrderedByCreation(items, 'desc');
    // The real jobs, newest, come first; the 25 tied jobs are all there once.
    expect(items.slice(0, 3).map((job) => job.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(items.filter((job) => job.createdAt === TIE)).toHaveLength(25);
  });

  it('a job added or deleted between two pages moves no other job: nothing is skipped or repeated', async () => {
    const before = await idsWhere();
    const newer = jobRow(DEFAULT_WORKSPACE, recipeA, new Date().toISOString(), 'succeeded');
    const older = jobRow(DEFAULT_WORKSPACE, recipeB, at(-3600), 'failed');
    let deleted = '';
    const { items } = await allPages<JobSummary>(server, '/api/v1/jobs', 'jobs', {
      limit: 10,
      before: async (page) => {
        if (page !== 3) return;
        await server.store.db.insertInto('jobs').values([newer, older]).execute();
        // One not yet listed (the oldest of the earlier ones) is deleted: it is simply not there.
        const oldest = await server.store.db.selectFrom('jobs').select('id').where('workspace_id', '=', DEFAULT_WORKSPACE).where('created_at', '=', at(0)).executeTakeFirstOrThrow();
        deleted = oldest.id;
        await server.store.db.deleteFrom('jobs').where('id', '=', deleted).execute();
      },
    });
    // The newer job is before the cursor (page 1 is behind us); the older one is after it.
    expect(idsOf(items)).toEqual([...before.filter((id) => id !== deleted), older.id].sort());
    await server.store.db.deleteFrom('jobs').where('id', 'in', [newer.id, older.id]).execute();
    await server.store.db.insertInto('jobs').values(jobRow(DEFAULT_WORKSPACE, recipeA, at(0), 'succeeded')).execute();
  });

  it('filters by status, recipe and creation time, alone and together, across pages', async () => {
    const list = async (query: string) => idsOf((await allPages<JobSummary>(server, `/api/v1/jobs?${query}`, 'jobs', { limit: 9 })).items);
    expect(await list('status=failed')).toEqual(await idsWhere({ status: 'failed' }));
    expect(await list(`recipe=${recipeA}`)).toEqual(await idsWhere({ recipe: recipeA }));
    expect(await list(`since=${at(100)}`)).toEqual(await idsWhere({ since: at(100) }));
    const combined = await list(`recipe=${recipeB}&status=cancelled&since=${encodeURIComponent(at(30))}`);
    expect(combined).toEqual(await idsWhere({ recipe: recipeB, status: 'cancelled', since: at(30) }));
    expect(combined.length).toBeGreaterThan(5);
    // The same instant with an offset: "at or after" it, inclusive.
    expect(await list(`since=${encodeURIComponent('2024-03-01T02:01:40+02:00')}`)).toEqual(await idsWhere({ since: at(100) }));
    const failed = await allPages<JobSummary>(server, '/api/v1/jobs?status=failed', 'jobs', { limit: 50 });
    expect(failed.items.every((job) => job.status === 'failed' && job.error !== null)).toBe(true);
  });

  it('needs an API token', async () => {
    expectClientError(await server.api('/api/v1/jobs', { headers: { authorization: '' } }), 401, 'unauthorized');
  });

  it('an unknown recipe lists nothing, like any filter that matches nothing', async () => {
    const res = await server.api('/api/v1/jobs?recipe=rcp_nothing');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ jobs: [], next: null });
  });

  it('gives 50 jobs by default and at most 500', async () => {
    const first = await server.api('/api/v1/jobs');
    expect((first.body as { jobs: unknown[] }).jobs).toHaveLength(50);
    expect((first.body as { next: unknown }).next).toEqual(expect.any(String));
    const all = await server.api('/api/v1/jobs?limit=500');
    expect(all.body).toMatchObject({ jobs: expect.any(Array), next: null });
    expect((all.body as { jobs: unknown[] }).jobs).toHaveLength(123);
  });

  it('refuses a limit out of 1–500, a bad status, time, recipe or cursor, and unknown parameters, with 400', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=abc', 'limit=1.5', 'limit=-1', 'limit=0x10', 'limit=', 'limit=5&limit=6']) {
      expect(expectClientError(await server.api(`/api/v1/jobs?${query}`), 400, 'invalid_input'), query).toMatch(/limit/);
    }
    for (const query of ['status=done', 'since=yesterday', 'since=2024-13-45T00:00:00Z', 'recipe=', 'page=2']) {
      expect(expectClientError(await server.api(`/api/v1/jobs?${query}`), 400, 'invalid_input'), query).toMatch(/status|since|recipe|page/);
    }
    for (const cursor of ['!!!', 'bm90LWpzb24', Buffer.from('["jobs","2024","job_1",4]').toString('base64url'), 'x'.repeat(600)]) {
      expect(expectClientError(await server.api(`/api/v1/jobs?cursor=${cursor}`), 400, 'invalid_input'), cursor).toMatch(/cursor/);
    }
  });

  it("refuses another list's cursor, saying which list it belongs to", async () => {
    const recipes = await server.api('/api/v1/recipes?limit=1');
    const cursor = (recipes.body as { next: string | null }).next;
    expect(cursor).toEqual(expect.any(String));
    const message = expectClientError(await server.api(`/api/v1/jobs?cursor=${cursor ?? ''}`), 400, 'invalid_input');
    expect(message).toContain('belongs to the recipes list, not to the jobs list');
  });

  it("lists one recipe's jobs by pages under /recipes/{id}/jobs too, with the same cursors", async () => {
    const { items } = await allPages<JobSummary>(server, `/api/v1/recipes/${recipeA}/jobs`, 'jobs', { limit: 8 });
    expect(idsOf(items)).toEqual(await idsWhere({ recipe: recipeA }));
    expectOrderedByCreation(items, 'desc');
    const first = (await server.api(`/api/v1/recipes/${recipeA}/jobs?limit=5`)).body as { jobs: JobSummary[]; next: string };
    const second = await server.api(`/api/v1/recipes/${recipeA}/jobs?limit=5&cursor=${first.next}`);
    const across = await server.api(`/api/v1/jobs?recipe=${recipeA}&limit=5&cursor=${first.next}`);
    expect(across.body).toEqual(second.body);
    const failed = await allPages<JobSummary>(server, `/api/v1/recipes/${recipeB}/jobs?status=failed&since=${at(60)}`, 'jobs', { limit: 4 });
    expect(idsOf(failed.items)).toEqual(await idsWhere({ recipe: recipeB, status: 'failed', since: at(60) }));
    expectClientError(await server.api('/api/v1/recipes/rcp_nothing/jobs'), 404, 'not_found');
  });

  it("keeps workspaces apart: another workspace lists only its own jobs, and a recipe of this one is not found there", async () => {
    const token = other.token;
    const { items } = await allPages<JobSummary>(server, '/api/v1/jobs', 'jobs', { limit: 3, token });
    expect(idsOf(items)).toEqual(await idsWhere({ workspaceId: other.workspaceId }));
    expect(items).toHaveLength(10);
    const theirs = await server.api(`/api/v1/jobs?recipe=${recipeA}`, { headers: { authorization: `Bearer ${token}` } });
    expect(theirs.body).toEqual({ jobs: [], next: null });
    expectClientError(await server.api(`/api/v1/recipes/${recipeA}/jobs`, { headers: { authorization: `Bearer ${token}` } }), 404, 'not_found');
    // A cursor is only a position: one from this workspace shows the other workspace nothing of ours.
    const ours = (await server.api('/api/v1/jobs?limit=2')).body as { next: string };
    const elsewhere = await server.api(`/api/v1/jobs?cursor=${ours.next}&limit=500`, { headers: { authorization: `Bearer ${token}` } });
    expect(elsewhere.status, elsewhere.text).toBe(200);
    const seen = (elsewhere.body as { jobs: JobSummary[] }).jobs.map((job) => job.id);
    expect(seen.every((id) => items.some((job) => job.id === id))).toBe(true);
  });
}

describe('GET /api/v1/jobs on SQLite', () => {
  jobListTests(() => startTestServer());
});

describeWithPostgres('GET /api/v1/jobs on PostgreSQL', () => {
  let db: TestDatabase | undefined;
  jobListTests(
    async () => {
      db = await createTestDatabase();
      return startTestServer({ env: { PATCHBAY_DATABASE_URL: db.url } });
    },
    async () => db?.drop(),
  );
});
