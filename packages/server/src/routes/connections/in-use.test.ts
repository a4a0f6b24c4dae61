import { startEchoApp, type EchoApp } from '@patchbay/vault/testing';
import type { RecipeView } from '@patchbay/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpConnection, exampleRecipe } from '../../testing/example-recipe.ts';
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

async function runningRecipe(name: string, source: string, target: string): Promise<RecipeView> {
  const { id } = (await server.api('/api/v1/recipes', { method: 'POST', json: { ...exampleRecipe(), name } })).body as RecipeView;
  expect((await server.api(`/api/v1/recipes/${id}/connections`, { method: 'PUT', json: { source, target } })).status).toBe(200);
  const started = await server.api(`/api/v1/recipes/${id}/start`, { method: 'POST' });
  expect(started.status, started.text).toBe(200);
  return started.body as RecipeView;
}

describe('a connection used by running recipes', () => {
  it('cannot be disconnected or deleted without ?force=true; the refusal lists the recipes and slots', async () => {
    const shared = await createHttpConnection(server, 'Shared', app.url);
    const other = await createHttpConnection(server, 'Other', app.url);
    const first = await runningRecipe('First', shared.id, other.id);
    const second = await runningRecipe('Second', other.id, shared.id);

    for (const [method, path] of [
      ['POST', `/api/v1/connections/${shared.id}/disconnect`],
      ['DELETE', `/api/v1/connections/${shared.id}`],
      ['DELETE', `/api/v1/connections/${shared.id}?force=false`],
    ] as const) {
      const refused = await server.api(path, { method });
      const message = expectClientError(refused, 409, 'connection_in_use');
      expect(message).toContain('"First"');
      expect(message).toContain('?force=true');
      expect(detailsOf(refused)).toEqual(
        expect.arrayContaining([
          { recipeId: first.id, name: 'First', slot: 'source' },
          { recipeId: second.id, name: 'Second', slot: 'target' },
        ]),
      );
    }
    expect((await server.api(`/api/v1/connections/${shared.id}`)).body).toMatchObject({ status: 'connected' });

    // A stopped recipe does not hold the connection.
    await server.api(`/api/v1/recipes/${second.id}/stop`, { method: 'POST' });
    const onlyFirst = await server.api(`/api/v1/connections/${shared.id}/disconnect`, { method: 'POST' });
    expect(detailsOf(onlyFirst)).toEqual([{ recipeId: first.id, name: 'First', slot: 'source' }]);

    const forced = await server.api(`/api/v1/connections/${shared.id}/disconnect?force=true`, { method: 'POST' });
    expect(forced.status, forced.text).toBe(200);
    expect(forced.body).toMatchObject({ id: shared.id, status: 'disconnected' });

    expectClientError(await server.api(`/api/v1/connections/${other.id}`, { method: 'DELETE' }), 409, 'connection_in_use');
    const deleted = await server.api(`/api/v1/connections/${other.id}?force=true`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect((await server.api(`/api/v1/recipes/${first.id}`)).body).toMatchObject({
      connections: [expect.objectContaining({ slot: 'source', ready: false }), expect.objectContaining({ slot: 'target', ready: false })],
    });
  });

  it('refuses a force value that is not true or false, and unknown query parameters', async () => {
    const connection = await createHttpConnection(server, 'Unused', app.url);
    for (const query of ['force=yes', 'force=1', 'forse=true']) {
      const res = await server.api(`/api/v1/connections/${connection.id}?${query}`, { method: 'DELETE' });
      expect(expectClientError(res, 400, 'invalid_input'), query).toMatch(/force|forse/);
    }
    // An unused connection needs no force.
    expect((await server.api(`/api/v1/connections/${connection.id}/disconnect`, { method: 'POST' })).status).toBe(200);
    expect((await server.api(`/api/v1/connections/${connection.id}`, { method: 'DELETE' })).status).toBe(204);
  });
});
