import { newId } from '@patchbay/core';
import type { NotificationsTable } from '@patchbay/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClientError } from '../../testing/expect-error.ts';
import { allPages, createWorkspace, expectOrderedByCreation } from '../../testing/pages.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;
let other: { workspaceId: string; token: string };

interface Listed {
  id: string;
  createdAt: string;
  kind: string;
}

/** A notification row as the engine's notifier writes it. */
function notification(workspaceId: string, createdAt: string, kind: string): NotificationsTable {
  return { id: newId('ntf'), workspace_id: workspaceId, recipe_id: 'rcp_1', connection_id: null, level: 'warning', kind, message: `${kind} happened`, created_at: createdAt, delivered_at: null };
}

beforeAll(async () => {
  server = await startTestServer();
  other = await createWorkspace(server.store, 'Other');
  const rows = Array.from({ length: 12 }, (_, i) => notification('default', `2025-02-01T00:00:${String(i < 4 ? 0 : i).padStart(2, '0')}.000Z`, `kind_${i}`));
  rows.push(...[1, 2, 3].map((i) => notification(other.workspaceId, '2025-02-01T00:00:00.000Z', `theirs_${i}`)));
  await server.store.db.insertInto('notifications').values(rows).execute();
});
afterAll(() => server?.stop());

describe('GET /api/v1/notifications', () => {
  it("pages newest first through the workspace's notifications, ties on time included once", async () => {
    const { items, pages } = await allPages<Listed>(server, '/api/v1/notifications', 'notifications', { limit: 5 });
    expect(items.map((n) => n.kind).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `kind_${i}`).sort());
    expect(pages).toBe(3);
    expectOrderedByCreation(items, 'desc');
    expect(items[0]).toMatchObject({ kind: 'kind_11', level: 'warning', message: 'kind_11 happened', recipeId: 'rcp_1', connectionId: null, deliveredAt: null });
  });

  it('keeps workspaces apart', async () => {
    const { items } = await allPages<Listed>(server, '/api/v1/notifications', 'notifications', { limit: 2, token: other.token });
    expect(items.map((n) => n.kind).sort()).toEqual(['theirs_1', 'theirs_2', 'theirs_3']);
  });

  it('refuses a bad limit or cursor with 400', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=abc']) {
      expect(expectClientError(await server.api(`/api/v1/notifications?${query}`), 400, 'invalid_input')).toMatch(/limit/);
    }
    const jobs = Buffer.from(JSON.stringify(['jobs', '2025-01-01T00:00:00.000Z', 'job_1'])).toString('base64url');
    expect(expectClientError(await server.api(`/api/v1/notifications?cursor=${jobs}`), 400, 'invalid_input')).toContain('belongs to the jobs list');
  });
});
