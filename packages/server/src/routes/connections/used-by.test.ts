import type { RecipeView } from '@patchbay/engine';
import { startEchoApp, type EchoApp } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpConnection, exampleRecipe } from '../../testing/example-recipe.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import type { ConnectionResource } from './resource.ts';

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

async function boundRecipe(name: string, bindings: { source: string; target: string }, start: boolean): Promise<RecipeView> {
  const { id } = (await server.api('/api/v1/recipes', { method: 'POST', json: { ...exampleRecipe(), name } })).body as RecipeView;
  expect((await server.api(`/api/v1/recipes/${id}/connections`, { method: 'PUT', json: bindings })).status).toBe(200);
  if (!start) return (await server.api(`/api/v1/recipes/${id}`)).body as RecipeView;
  const started = await server.api(`/api/v1/recipes/${id}/start`, { method: 'POST' });
  expect(started.status, started.text).toBe(200);
  return started.body as RecipeView;
}

async function connection(id: string): Promise<ConnectionResource> {
  const res = await server.api(`/api/v1/connections/${id}`);
  expect(res.status, res.text).toBe(200);
  return res.body as ConnectionResource;
}

describe('a connection lists the recipes bound to it (usedBy)', () => {
  it('every recipe, running or stopped, one entry per bound slot, sorted by name; the same on every route that answers a connection', async () => {
    const shared = await createHttpConnection(server, 'Shared', app.url);
    const other = await createHttpConnection(server, 'Other', app.url);
    const unused = await createHttpConnection(server, 'Unused', app.url);
    expect(shared).toMatchObject({ usedBy: [] });

    // Created in an order that is not the name order: the list must be sorted, not insertion-ordered.
    const zulu = await boundRecipe('Zulu sync', { source: shared.id, target: other.id }, true);
    const alpha = await boundRecipe('alpha mirror', { source: other.id, target: shared.id }, false);
    const both = await boundRecipe('Mirror into itself', { source: shared.id, target: shared.id }, true);

    const expected = [
      { recipeId: alpha.id, name: 'alpha mirror', slot: 'target', running: false },
      { recipeId: both.id, name: 'Mirror into itself', slot: 'source', running: true },
      { recipeId: both.id, name: 'Mirror into itself', slot: 'target', running: true },
      { recipeId: zulu.id, name: 'Zulu sync', slot: 'source', running: true },
    ];
    expect((await connection(shared.id)).usedBy).toEqual(expected);
    expect((await connection(other.id)).usedBy).toEqual([
      { recipeId: alpha.id, name: 'alpha mirror', slot: 'source', running: false },
      { recipeId: zulu.id, name: 'Zulu sync', slot: 'target', running: true },
    ]);
    expect((await connection(unused.id)).usedBy).toEqual([]);

    const listed = await server.api('/api/v1/connections?limit=10');
    const byId = new Map((listed.body as { connections: ConnectionResource[] }).connections.map((c) => [c.id, c]));
    expect(byId.get(shared.id)?.usedBy).toEqual(expected);
    expect(byId.get(unused.id)?.usedBy).toEqual([]);

    const renamed = await server.api(`/api/v1/connections/${shared.id}`, { method: 'PATCH', json: { name: 'Shared (renamed)' } });
    expect(renamed.body).toMatchObject({ name: 'Shared (renamed)', usedBy: expected });

    // Stopping a recipe keeps it in usedBy, no longer running; unbinding removes it.
    await server.api(`/api/v1/recipes/${zulu.id}/stop`, { method: 'POST' });
    await server.api(`/api/v1/recipes/${both.id}/connections`, { method: 'PUT', json: { target: null } });
    expect((await connection(shared.id)).usedBy).toEqual([
      expected[0],
      expected[1],
      { recipeId: zulu.id, name: 'Zulu sync', slot: 'source', running: false },
    ]);

    await server.api(`/api/v1/recipes/${both.id}/stop`, { method: 'POST' });
    const disconnected = await server.api(`/api/v1/connections/${shared.id}/disconnect`, { method: 'POST' });
    expect(disconnected.status, disconnected.text).toBe(200);
    expect((disconnected.body as ConnectionResource).usedBy.map((u) => u.running)).toEqual([false, false, false]);
  });

  it('a list page asks for the usage of all its connections at once, not once per connection', async () => {
    for (let i = 0; i < 4; i++) await createHttpConnection(server, `Batch ${i}`, app.url);
    const spy = vi.spyOn(server.engine, 'recipesUsingConnections');
    try {
      const page = await server.api('/api/v1/connections?limit=5');
      const shown = (page.body as { connections: ConnectionResource[] }).connections;
      expect(shown).toHaveLength(5);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0]?.[1]).toEqual(shown.map((c) => c.id));
    } finally {
      spy.mockRestore();
    }
  });

  it("does not show another workspace's recipes", async () => {
    const ours = await createHttpConnection(server, 'Ours', app.url);
    await boundRecipe('Ours only', { source: ours.id, target: ours.id }, false);
    // A recipe of another workspace cannot bind our connection through the API (404), so the
    // query's workspace condition is checked on the engine directly.
    expect((await server.engine.recipesUsingConnections('ws_someone_else', [ours.id])).get(ours.id)).toEqual([]);
    expect((await connection(ours.id)).usedBy).toHaveLength(2);
  });
});
