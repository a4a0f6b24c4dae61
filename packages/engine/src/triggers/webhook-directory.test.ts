import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, type Store } from '@patchbay/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleRecipe } from '../definition/testing.ts';
import { insertRecipe, updateRecipe } from '../recipes/repository.ts';
import { createWebhookDirectory } from './webhook-directory.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('webhook directory', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-directory-'));
    store = createStore(`sqlite:${join(dir, 'patchbay.db')}`);
    await store.migrate();
    await store.db.insertInto('workspaces').values({ id: 'default', name: 'Default', created_at: new Date().toISOString() }).onConflict((oc) => oc.doNothing()).execute();
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function runningRecipe(token: string) {
    const row = await insertRecipe(store, 'default', 'user:test', exampleRecipe());
    await updateRecipe(store, row.id, { status: 'running', running_version: 1, webhook_token: token });
    return row.id;
  }

  it('finds running recipes by token, never keeps unknown tokens, and forgets on demand', async () => {
    const directory = createWebhookDirectory(store, 60_000);
    expect(await directory.find('wh_unknown')).toBeUndefined();
    const id = await runningRecipe('wh_later');
    // Unknown a moment ago, running now: found at once (a miss is never cached).
    expect(await directory.find('wh_later')).toEqual({ id, workspaceId: 'default', runningVersion: 1 });
    await updateRecipe(store, id, { status: 'stopped' });
    // Another process stopped it: this process still knows it until the TTL...
    expect(await directory.find('wh_later')).toMatchObject({ id });
    // ...unless this process is the one that changed it, which forgets at once.
    directory.forget();
    expect(await directory.find('wh_later')).toBeUndefined();
  });

  it('sees a change made by another process within its TTL', async () => {
    const directory = createWebhookDirectory(store, 150);
    const id = await runningRecipe('wh_ttl');
    expect(await directory.find('wh_ttl')).toMatchObject({ id });
    await updateRecipe(store, id, { status: 'running', running_version: 2 });
    await updateRecipe(store, id, { status: 'stopped' });
    await sleep(200);
    expect(await directory.find('wh_ttl')).toBeUndefined();
  });
});
