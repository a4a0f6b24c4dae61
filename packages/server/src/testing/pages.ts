import { isoNow, newId, newToken } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import { expect } from 'vitest';
import { hashToken } from '../auth/tokens.ts';
import type { TestServer } from './test-server.ts';

interface Identified {
  id: string;
  createdAt: string;
}

/**
 * Every page of a list, following `next` until it is null, with `before(n)` run before the n-th
 * page is fetched (to change the data mid-way). Fails when a page is larger than `limit`, or when
 * an item comes twice.
 */
export async function allPages<T extends Identified>(
  server: TestServer,
  path: string,
  key: string,
  options: { limit: number; token?: string; before?: (page: number) => Promise<void> },
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    await options.before?.(pages);
    const query = new URLSearchParams({ limit: String(options.limit), ...(cursor === null ? {} : { cursor }) });
    const separator = path.includes('?') ? '&' : '?';
    const headers = options.token ? { authorization: `Bearer ${options.token}` } : undefined;
    const res = await server.api(`${path}${separator}${query.toString()}`, headers ? { headers } : {});
    expect(res.status, res.text).toBe(200);
    const body = res.body as Record<string, unknown>;
    const page = body[key] as T[];
    expect(page.length).toBeLessThanOrEqual(options.limit);
    items.push(...page);
    cursor = body.next as string | null;
    // A page with a cursor is full: the last page is never followed by an empty one.
    if (cursor !== null) expect(page).toHaveLength(options.limit);
    pages++;
  } while (cursor !== null && pages < 1000);
  expect(new Set(items.map((item) => item.id)).size, 'an item came twice').toBe(items.length);
  return { items, pages };
}

/** A second workspace with its own admin token: what one workspace lists, the other never sees. */
export async function createWorkspace(store: Store, name: string): Promise<{ workspaceId: string; token: string }> {
  const now = isoNow();
  const workspaceId = newId('ws');
  const userId = newId('usr');
  const token = newToken('pb');
  await store.db.insertInto('workspaces').values({ id: workspaceId, name, created_at: now }).execute();
  await store.db.insertInto('users').values({ id: userId, workspace_id: workspaceId, name: `${name} admin`, role: 'admin', created_at: now }).execute();
  await store.db
    .insertInto('api_tokens')
    .values({ id: newId('tok'), workspace_id: workspaceId, user_id: userId, name: 'admin', token_hash: hashToken(token), created_at: now, last_used_at: null })
    .execute();
  return { workspaceId, token };
}

/** Is `items` ordered by (createdAt, id), ascending or descending? Ties on createdAt are ordered by id in the database's collation, so only createdAt is compared. */
export function expectOrderedByCreation(items: readonly Identified[], direction: 'asc' | 'desc'): void {
  const times = items.map((item) => item.createdAt);
  const sorted = [...times].sort();
  expect(times).toEqual(direction === 'asc' ? sorted : sorted.reverse());
}
