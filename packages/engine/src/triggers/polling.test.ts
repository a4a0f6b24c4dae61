import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthFailedError, Type, defineConnector } from '@patchbay/sdk';
import { startVault } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine } from '../testing/engine-harness.ts';

/** A feed app: GET /items?after=<id> lists items after a cursor, two at a time; it can be told to refuse the key. */
async function startFeed() {
  const items: { id: number; title: string }[] = [];
  let refuse = false;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'application/json');
    if (refuse || req.headers['x-api-key'] !== 'feed-key') return res.writeHead(401).end(JSON.stringify({ error: 'bad key' }));
    const after = Number(url.searchParams.get('after') ?? '0');
    const page = items.filter((i) => i.id > after).slice(0, 2);
    res.end(JSON.stringify({ items: page, more: items.filter((i) => i.id > after).length > 2 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    add: (...titles: string[]) => titles.forEach((title) => items.push({ id: items.length + 1, title })),
    setRefuse: (value: boolean) => {
      refuse = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function itemsOf(body: unknown): { id: number; title: string }[] {
  if (typeof body !== 'object' || body === null || !('items' in body) || !Array.isArray(body.items)) return [];
  return body.items.flatMap((i: unknown) => (typeof i === 'object' && i !== null && 'id' in i && 'title' in i && typeof i.id === 'number' && typeof i.title === 'string' ? [{ id: i.id, title: i.title }] : []));
}

const feed = defineConnector({
  key: 'feed',
  title: 'Feed',
  version: '1.0.0',
  connection: {
    fields: { url: { type: 'url', label: 'URL', required: true }, key: { type: 'secret', label: 'Key', required: true } },
    auth: { kind: 'apiKey', name: 'x-api-key', value: (f) => f.key },
    baseUrl: ({ fields }) => fields.url,
    test: async (ctx) => ({ ok: (await ctx.http.request({ path: 'items' })).status === 200 }),
  },
  triggers: {
    new_item: {
      title: 'New item',
      kind: 'polling',
      input: Type.Object({ intervalSeconds: Type.Optional(Type.Number()) }),
      async poll(ctx) {
        const res = await ctx.http.request({ path: 'items', query: { after: ctx.cursor ?? '0' } });
        if (res.status === 401) throw new AuthFailedError('The feed refused the API key.');
        const items = itemsOf(res.body);
        const more = typeof res.body === 'object' && res.body !== null && 'more' in res.body && res.body.more === true;
        return { events: items.map((i) => ({ dedupeKey: String(i.id), data: i })), cursor: String(items.at(-1)?.id ?? ctx.cursor ?? '0'), hasMore: more };
      },
    },
  },
});

const recipe = {
  name: 'Feed to history',
  connections: { source: { connector: 'feed' } },
  trigger: { slot: 'source', trigger: 'new_item', input: { intervalSeconds: 10 } },
  steps: [{ id: 'keep', type: 'set', values: { title: '{{ trigger.title }}' } }],
};

let app: Awaited<ReturnType<typeof startFeed>>;
beforeAll(async () => {
  app = await startFeed();
});
afterAll(() => app.close());

async function titles(h: Awaited<ReturnType<typeof startEngine>>, recipeId: string) {
  const jobs = (await h.engine.recipes.jobs(h.vault.actor, recipeId, { limit: 100 })).items;
  const views = await Promise.all(jobs.map((j) => h.waitForJob(j.id)));
  return views.map((v) => (typeof v.result === 'object' && v.result !== null && 'title' in v.result ? String(v.result.title) : '?')).sort();
}

describe('polling trigger', () => {
  it('polls from its cursor, pages with hasMore, drops duplicates, and loses nothing across a restart', async () => {
    const vault = await startVault({ connectors: [feed] });
    let h = await startEngine({ connectors: [feed], vault });
    try {
      const conn = await vault.service.create(vault.actor, { connector: 'feed', name: 'feed', fields: { url: app.url, key: 'feed-key' } });
      const created = await h.engine.recipes.create(vault.actor, recipe);
      await h.engine.recipes.bind(vault.actor, created.id, { source: conn.id });
      app.add('a', 'b', 'c');
      await h.engine.recipes.start(vault.actor, created.id, { since: '2000-01-01T00:00:00Z' });
      expect(await h.engine.scheduler.tick()).toBe(2);
      expect(await h.engine.scheduler.tick()).toBe(1); // hasMore: polled again at once
      expect(await h.engine.scheduler.tick()).toBe(0); // next poll is 10 s away
      expect(await titles(h, created.id)).toEqual(['a', 'b', 'c']);

      // A restart of the whole engine: new queue and scheduler on the same store.
      await h.close();
      app.add('d');
      h = await startEngine({ connectors: [feed], vault });
      await vault.store.db.updateTable('recipes').set({ next_trigger_at: new Date().toISOString() }).where('id', '=', created.id).execute();
      // The cursor went back (an app that re-sends old items): dedupe keeps them out.
      const row = await vault.store.db.selectFrom('recipes').select('poll_cursor').where('id', '=', created.id).executeTakeFirstOrThrow();
      expect(JSON.parse(row.poll_cursor ?? '{}')).toMatchObject({ cursor: '3' });
      await vault.store.db.updateTable('recipes').set({ poll_cursor: JSON.stringify({ cursor: '1', since: null }) }).where('id', '=', created.id).execute();
      await h.engine.scheduler.tick();
      await h.engine.scheduler.tick();
      expect(await titles(h, created.id)).toEqual(['a', 'b', 'c', 'd']);
    } finally {
      await h.close();
      await vault.close();
    }
  });

  it('stops the recipe after N consecutive authentication failures, marks the connection and notifies', async () => {
    const received: unknown[] = [];
    const hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString()));
        res.end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/notify`;
    const h = await startEngine({ connectors: [feed], maxAuthFailures: 3, notifyUrl: hookUrl });
    try {
      const { actor, service } = h.vault;
      const conn = await service.create(actor, { connector: 'feed', name: 'feed', fields: { url: app.url, key: 'feed-key' } });
      const created = await h.engine.recipes.create(actor, recipe);
      await h.engine.recipes.bind(actor, created.id, { source: conn.id });
      await h.engine.recipes.start(actor, created.id, {});
      app.setRefuse(true);
      for (let i = 0; i < 3; i++) {
        await h.vault.store.db.updateTable('recipes').set({ next_trigger_at: new Date().toISOString() }).where('id', '=', created.id).execute();
        await h.engine.scheduler.tick();
      }
      const stopped = await h.engine.recipes.get(actor, created.id);
      expect(stopped.status).toBe('stopped');
      expect(stopped.statusReason).toMatch(/Stopped after 3 consecutive authentication failures.*refused the API key/);
      expect((await service.get(actor, conn.id)).status).toBe('error');
      const notes = (await h.engine.notifications(actor.workspaceId)).items;
      expect(notes.map((n) => n.kind)).toEqual(['recipe_stopped', 'trigger_auth_failed', 'trigger_auth_failed']);
      expect(received).toHaveLength(3);
      expect(received.at(-1)).toMatchObject({ kind: 'recipe_stopped', recipeId: created.id, level: 'error' });
    } finally {
      app.setRefuse(false);
      await h.close();
      await new Promise<void>((resolve) => hook.close(() => resolve()));
    }
  });
});
