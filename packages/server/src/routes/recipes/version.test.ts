import type { RecipeView, VersionDetailView } from '@patchbay/engine';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@patchbay/testkit';
import { startEchoApp, type EchoApp } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpConnection, exampleRecipe } from '../../testing/example-recipe.ts';
import { detailsOf, expectClientError } from '../../testing/expect-error.ts';
import { createWorkspace } from '../../testing/pages.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

/** The example recipe, changed as a second save would change it: another name, description and path. */
function secondDefinition(): Record<string, unknown> {
  const v1 = exampleRecipe();
  const steps = v1.steps as Record<string, unknown>[];
  const lookup = { ...steps[0], input: { method: 'GET', path: '/customers/{{ trigger.body.accountId }}' } };
  return { ...v1, name: 'Mirror customers', description: 'Saved second', steps: [lookup, steps[1]] };
}

/** The same tests on SQLite and on PostgreSQL: the versions table and its integer column are the dialect-sensitive part. */
function versionTests(start: () => Promise<TestServer>, cleanUp: () => Promise<void> = async () => {}): void {
  let server: TestServer;
  let app: EchoApp;
  let recipeId: string;

  beforeAll(async () => {
    app = await startEchoApp();
    server = await start();
    const created = await server.api('/api/v1/recipes', { method: 'POST', json: exampleRecipe() });
    expect(created.status, created.text).toBe(201);
    recipeId = (created.body as RecipeView).id;
    const updated = await server.api(`/api/v1/recipes/${recipeId}`, { method: 'PATCH', json: secondDefinition() });
    expect(updated.status, updated.text).toBe(200);
    expect((updated.body as RecipeView).version).toBe(2);
  });

  afterAll(async () => {
    await server?.stop();
    await app?.close();
    await cleanUp();
  });

  const getVersion = (version: string | number, init?: RequestInit) => server.api(`/api/v1/recipes/${recipeId}/versions/${version}`, init);

  it('gives version 1 its own definition after an update saved version 2', async () => {
    const v1 = await getVersion(1);
    expect(v1.status, v1.text).toBe(200);
    const body = v1.body as VersionDetailView;
    expect(Object.keys(body).sort()).toEqual(['createdAt', 'createdBy', 'definition', 'running', 'version']);
    expect(body).toMatchObject({ version: 1, running: false, createdBy: expect.stringMatching(/^user:/) });
    expect(Number.isNaN(Date.parse(body.createdAt))).toBe(false);
    expect(body.definition).toStrictEqual(exampleRecipe());

    const v2 = await getVersion(2);
    expect(v2.status, v2.text).toBe(200);
    expect((v2.body as VersionDetailView).version).toBe(2);
    expect((v2.body as VersionDetailView).definition).toStrictEqual(secondDefinition());
    // The current version's definition is what GET /recipes/{id} shows.
    expect((await server.api(`/api/v1/recipes/${recipeId}`)).body).toMatchObject({ version: 2, definition: secondDefinition() });
  });

  it('agrees with the list of versions on when, by whom, and which one runs', async () => {
    const primary = await createHttpConnection(server, 'Primary', app.url);
    const secondary = await createHttpConnection(server, 'Secondary', app.url);
    const bound = await server.api(`/api/v1/recipes/${recipeId}/connections`, { method: 'PUT', json: { source: primary.id, target: secondary.id } });
    expect(bound.status, bound.text).toBe(200);
    const started = await server.api(`/api/v1/recipes/${recipeId}/start`, { method: 'POST', json: {} });
    expect(started.status, started.text).toBe(200);
    // A third save while running: the recipe keeps running version 2.
    const third = await server.api(`/api/v1/recipes/${recipeId}`, { method: 'PATCH', json: { ...secondDefinition(), description: 'Saved third' } });
    expect((third.body as RecipeView).version).toBe(3);
    try {
      const listed = (await server.api(`/api/v1/recipes/${recipeId}/versions`)).body as { versions: Omit<VersionDetailView, 'definition'>[] };
      for (const summary of listed.versions) {
        const one = await getVersion(summary.version);
        expect(one.status, one.text).toBe(200);
        const { definition, ...rest } = one.body as VersionDetailView;
        expect(rest).toEqual(summary);
        expect(definition).toMatchObject({ name: summary.version === 1 ? 'Mirror new accounts into the sandbox' : 'Mirror customers' });
      }
      expect(listed.versions.map((v) => [v.version, v.running])).toEqual([
        [3, false],
        [2, true],
        [1, false],
      ]);
      expect(((await getVersion(3)).body as VersionDetailView).definition).toMatchObject({ description: 'Saved third' });
    } finally {
      const stopped = await server.api(`/api/v1/recipes/${recipeId}/stop`, { method: 'POST' });
      expect(stopped.status, stopped.text).toBe(200);
    }
    expect(((await getVersion(2)).body as VersionDetailView).running).toBe(false);
  });

  it('answers 404 naming the version a recipe does not have', async () => {
    for (const version of [4, 2_147_483_647]) {
      const missing = await getVersion(version);
      const message = expectClientError(missing, 404, 'not_found');
      expect(message).toContain(recipeId);
      expect(message).toContain(`no version ${version}`);
      expect(message).toContain('latest version is 3');
      expect(detailsOf(missing)).toEqual({ resource: 'recipe version', id: recipeId, version, latestVersion: 3 });
    }
  });

  it('answers 404 naming the recipe when there is no such recipe, here or in another workspace', async () => {
    const unknown = await server.api('/api/v1/recipes/rcp_doesNotExist/versions/1');
    expect(expectClientError(unknown, 404, 'not_found')).toContain('rcp_doesNotExist');
    expect(detailsOf(unknown)).toEqual({ resource: 'recipe', id: 'rcp_doesNotExist' });

    const other = await createWorkspace(server.store, 'Other');
    const elsewhere = await getVersion(1, { headers: { authorization: `Bearer ${other.token}` } });
    expect(expectClientError(elsewhere, 404, 'not_found')).toContain(recipeId);
    expect(detailsOf(elsewhere)).toEqual({ resource: 'recipe', id: recipeId });
  });

  it('refuses a version that is not a positive integer with 400, before looking anything up', async () => {
    for (const version of ['0', '-1', '1.5', 'abc', '0x10', '1e3', '2147483648', '99999999999999999999']) {
      const refused = await getVersion(version);
      expect(expectClientError(refused, 400, 'invalid_input'), version).toMatch(/version/);
      // Also for a recipe that does not exist: the shape of the URL is judged first.
      const unknown = await server.api(`/api/v1/recipes/rcp_doesNotExist/versions/${version}`);
      expectClientError(unknown, 400, 'invalid_input');
    }
  });

  it('answers 401 without a valid token, whatever the version', async () => {
    for (const authorization of ['', 'Bearer pb_wrong']) {
      expectClientError(await getVersion(1, { headers: { authorization } }), 401, 'unauthorized');
      expectClientError(await getVersion('abc', { headers: { authorization } }), 401, 'unauthorized');
      expectClientError(await server.api('/api/v1/recipes/rcp_doesNotExist/versions/1', { headers: { authorization } }), 401, 'unauthorized');
    }
  });
}

describe('GET /api/v1/recipes/{id}/versions/{version} on SQLite', () => {
  versionTests(() => startTestServer());
});

describeWithPostgres('GET /api/v1/recipes/{id}/versions/{version} on PostgreSQL', () => {
  let db: TestDatabase | undefined;
  versionTests(
    async () => {
      db = await createTestDatabase();
      return startTestServer({ env: { PATCHBAY_DATABASE_URL: db.url } });
    },
    async () => db?.drop(),
  );
});
