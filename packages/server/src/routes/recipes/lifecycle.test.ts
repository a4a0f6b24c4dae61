import { startEchoApp, type EchoApp } from '@patchbay/vault/testing';
import type { RecipeSummary, RecipeView } from '@patchbay/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_RECIPE_JSON, createHttpConnection, exampleRecipe } from '../../testing/example-recipe.ts';
import { detailsOf, expectClientError } from '../../testing/expect-error.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;
let app: EchoApp;

beforeAll(async () => {
  app = await startEchoApp();
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
  await app?.close();
});

describe('the example recipe of the issue', () => {
  it('imports exactly as published and exports unchanged', async () => {
    const imported = await server.api('/api/v1/recipes/import', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: EXAMPLE_RECIPE_JSON,
    });
    expect(imported.status, imported.text).toBe(201);
    const recipe = imported.body as RecipeView;
    expect(recipe).toMatchObject({ name: 'Mirror new accounts into the sandbox', status: 'stopped', version: 1, runningVersion: null, webhookUrl: null });
    expect(recipe.connections.map((s) => [s.slot, s.connector, s.ready])).toEqual([
      ['source', 'http', false],
      ['target', 'http', false],
    ]);

    const exported = await server.api(`/api/v1/recipes/${recipe.id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^application\/json/);
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="Mirror new accounts into the sandbox.recipe.json"');
    expect(exported.body).toStrictEqual(exampleRecipe());

    // Exported again, it imports as a second recipe with the same definition.
    const again = await server.api('/api/v1/recipes/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: exported.text });
    expect(again.status, again.text).toBe(201);
    expect((again.body as RecipeView).id).not.toBe(recipe.id);
    expect((await server.api(`/api/v1/recipes/${(again.body as RecipeView).id}/export`)).body).toStrictEqual(exampleRecipe());
  });
});

describe('GET /api/v1/recipes/{id}/export', () => {
  it('names the file after the recipe, safely for any name', async () => {
    const created = await server.api('/api/v1/recipes', { method: 'POST', json: { ...exampleRecipe(), name: 'Café "VIP" a/b' } });
    const exported = await server.api(`/api/v1/recipes/${(created.body as RecipeView).id}/export`);
    expect(exported.headers.get('content-disposition')).toBe(
      `attachment; filename="Caf_ _VIP_ a_b.recipe.json"; filename*=UTF-8''Caf%C3%A9%20%22VIP%22%20a%2Fb.recipe.json`,
    );
    expect(exported.body).toStrictEqual({ ...exampleRecipe(), name: 'Café "VIP" a/b' });
  });
});

describe('a recipe from creation to deletion', () => {
  it('create → list → update (versions) → bind → start refused → start → stop → delete', async () => {
    const created = await server.api('/api/v1/recipes', { method: 'POST', json: exampleRecipe() });
    expect(created.status, created.text).toBe(201);
    const { id } = created.body as RecipeView;

    const list = await server.api('/api/v1/recipes');
    expect(list.status).toBe(200);
    expect((list.body as { recipes: RecipeSummary[] }).recipes.map((r) => r.id)).toContain(id);
    expect((await server.api(`/api/v1/recipes/${id}`)).body).toMatchObject({ id, version: 1 });

    const renamed = { ...exampleRecipe(), name: 'Mirror accounts (v2)' };
    const updated = await server.api(`/api/v1/recipes/${id}`, { method: 'PATCH', json: renamed });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({ id, name: 'Mirror accounts (v2)', version: 2 });
    const versions = await server.api(`/api/v1/recipes/${id}/versions`);
    expect(versions.body).toMatchObject({ versions: [{ version: 2, running: false }, { version: 1, running: false }] });

    const refused = await server.api(`/api/v1/recipes/${id}/start`, { method: 'POST' });
    expect(expectClientError(refused, 409, 'connections_required')).toContain('source');
    expect(detailsOf(refused)).toEqual([
      expect.objectContaining({ slot: 'source', connectionId: null }),
      expect.objectContaining({ slot: 'target', connectionId: null }),
    ]);

    const primary = await createHttpConnection(server, 'Primary', app.url);
    const secondary = await createHttpConnection(server, 'Secondary', app.url);
    const bound = await server.api(`/api/v1/recipes/${id}/connections`, { method: 'PUT', json: { source: primary.id, target: secondary.id } });
    expect(bound.status, bound.text).toBe(200);
    expect((bound.body as RecipeView).connections.map((s) => [s.slot, s.connectionId, s.ready])).toEqual([
      ['source', primary.id, true],
      ['target', secondary.id, true],
    ]);

    const started = await server.api(`/api/v1/recipes/${id}/start`, { method: 'POST', json: {} });
    expect(started.status, started.text).toBe(200);
    const running = started.body as RecipeView;
    // The test server listens on port 0 without PATCHBAY_PUBLIC_URL, so only the path is known.
    expect(running).toMatchObject({ status: 'running', runningVersion: 2, webhookUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/webhooks\/wh_[\w-]{43}$/) });
    expect((await server.api(`/api/v1/recipes/${id}/versions`)).body).toMatchObject({ versions: [{ version: 2, running: true }, { version: 1 }] });

    expectClientError(await server.api(`/api/v1/recipes/${id}`, { method: 'DELETE' }), 409, 'recipe_running');

    const stopped = await server.api(`/api/v1/recipes/${id}/stop`, { method: 'POST' });
    expect(stopped.body).toMatchObject({ status: 'stopped', webhookUrl: null });

    const unbound = await server.api(`/api/v1/recipes/${id}/connections`, { method: 'PUT', json: { target: null } });
    expect((unbound.body as RecipeView).connections.find((s) => s.slot === 'target')).toMatchObject({ connectionId: null, ready: false });

    const jobs = await server.api(`/api/v1/recipes/${id}/jobs?status=failed&limit=5`);
    expect(jobs.status, jobs.text).toBe(200);
    expect(jobs.body).toEqual({ jobs: [], next: null });

    const deleted = await server.api(`/api/v1/recipes/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expectClientError(await server.api(`/api/v1/recipes/${id}`), 404, 'not_found');
  });

  it('binding checks the slot and the connector', async () => {
    const { id } = (await server.api('/api/v1/recipes', { method: 'POST', json: exampleRecipe() })).body as RecipeView;
    const unknownSlot = await server.api(`/api/v1/recipes/${id}/connections`, { method: 'PUT', json: { nope: null } });
    expect(expectClientError(unknownSlot, 400, 'invalid_input')).toContain('nope');
    const unknownConnection = await server.api(`/api/v1/recipes/${id}/connections`, { method: 'PUT', json: { source: 'conn_doesNotExist' } });
    expect(expectClientError(unknownConnection, 400, 'invalid_input')).toContain('conn_doesNotExist');
  });

  it('lists notifications (none yet)', async () => {
    const res = await server.api('/api/v1/notifications?limit=10');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ notifications: [], next: null });
  });
});
