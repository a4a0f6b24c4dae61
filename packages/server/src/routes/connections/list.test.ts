import type { ConnectionView } from '@patchbay/vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpConnection } from '../../testing/example-recipe.ts';
import { expectClientError } from '../../testing/expect-error.ts';
import { allPages, createWorkspace, expectOrderedByCreation } from '../../testing/pages.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;
const created: ConnectionView[] = [];
// Nothing listens there: creating an http connection without a test path calls nothing.
const BASE_URL = 'http://127.0.0.1:9/';

beforeAll(async () => {
  server = await startTestServer();
  for (let i = 0; i < 7; i++) created.push(await createHttpConnection(server, `Connection ${i}`, BASE_URL));
});
afterAll(() => server?.stop());

const sortedIds = (items: readonly { id: string }[]) => items.map((item) => item.id).sort();

describe('GET /api/v1/connections', () => {
  it('pages oldest first through connections shown as GET /connections/{id} shows them', async () => {
    const { items, pages } = await allPages<ConnectionView>(server, '/api/v1/connections', 'connections', { limit: 3 });
    expect(sortedIds(items)).toEqual(sortedIds(created));
    expect(pages).toBe(3);
    expectOrderedByCreation(items, 'asc');
    for (const item of items) expect(item).toEqual((await server.api(`/api/v1/connections/${item.id}`)).body);
  });

  it('a connection created meanwhile comes once, on the last page; one deleted is simply gone', async () => {
    let added: ConnectionView | undefined;
    const doomed = created[6];
    const { items } = await allPages<ConnectionView>(server, '/api/v1/connections', 'connections', {
      limit: 2,
      before: async (page) => {
        if (page !== 1) return;
        added = await createHttpConnection(server, 'Added while paging', BASE_URL);
        expect((await server.api(`/api/v1/connections/${doomed?.id ?? ''}`, { method: 'DELETE' })).status).toBe(204);
      },
    });
    expect(sortedIds(items)).toEqual(sortedIds([...created.slice(0, 6), ...(added ? [added] : [])]));
    expect(items.at(-1)?.id).toBe(added?.id);
    created.splice(6, 1, ...(added ? [added] : []));
  });

  it("leaves out connections of a connector that is no longer installed, and still fills every page", async () => {
    const template = await server.store.db.selectFrom('connections').selectAll().where('id', '=', created[0]?.id ?? '').executeTakeFirstOrThrow();
    await server.store.db
      .insertInto('connections')
      .values([1, 2, 3].map((n) => ({ ...template, id: `conn_gone${n}`, connector: 'uninstalled', name: `Gone ${n}` })))
      .execute();
    const { items } = await allPages<ConnectionView>(server, '/api/v1/connections', 'connections', { limit: 2 });
    expect(sortedIds(items)).toEqual(sortedIds(created));
  });

  it('keeps workspaces apart', async () => {
    const other = await createWorkspace(server.store, 'Other');
    const headers = { authorization: `Bearer ${other.token}` };
    expect((await server.api('/api/v1/connections', { headers })).body).toEqual({ connections: [], next: null });
    const theirs = await server.api('/api/v1/connections', { method: 'POST', headers, json: { connector: 'http', name: 'Theirs', fields: { auth: 'none', baseUrl: BASE_URL } } });
    expect(theirs.status, theirs.text).toBe(201);
    const listed = await allPages<ConnectionView>(server, '/api/v1/connections', 'connections', { limit: 1, token: other.token });
    expect(listed.items.map((c) => c.name)).toEqual(['Theirs']);
    const ours = await allPages<ConnectionView>(server, '/api/v1/connections', 'connections', { limit: 4 });
    expect(sortedIds(ours.items)).toEqual(sortedIds(created));
  });

  it('refuses a bad limit or cursor with 400', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=abc']) {
      expect(expectClientError(await server.api(`/api/v1/connections?${query}`), 400, 'invalid_input')).toMatch(/limit/);
    }
    expect(expectClientError(await server.api('/api/v1/connections?cursor=%25%25'), 400, 'invalid_input')).toMatch(/cursor/);
    const recipes = Buffer.from(JSON.stringify(['recipes', '2025-01-01T00:00:00.000Z', 'rcp_1'])).toString('base64url');
    expect(expectClientError(await server.api(`/api/v1/connections?cursor=${recipes}`), 400, 'invalid_input')).toContain('belongs to the recipes list');
  });
});
