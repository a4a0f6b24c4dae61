import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startEngine } from '../testing/engine-harness.ts';
import { RecipeSlots } from './local-runs.ts';

describe('RecipeSlots', () => {
  it('gives each recipe at most its limit, and a freed slot to the first waiter before anyone new', async () => {
    const slots = new RecipeSlots();
    expect([slots.tryTake('r', 2), slots.tryTake('r', 2), slots.tryTake('r', 2)]).toEqual([true, true, false]);
    expect(slots.tryTake('other', 2)).toBe(true);
    const order: string[] = [];
    const first = slots.take('r', 2).then(() => order.push('first'));
    const second = slots.take('r', 2).then(() => order.push('second'));
    slots.give('r');
    // The freed slot went to the first waiter; a newcomer does not jump the queue.
    expect(slots.tryTake('r', 2)).toBe(false);
    await first;
    slots.give('r');
    await second;
    expect(order).toEqual(['first', 'second']);
    slots.give('r');
    slots.give('r');
    expect([slots.tryTake('r', 2), slots.tryTake('r', 2), slots.tryTake('r', 2)]).toEqual([true, true, false]);
  });
});

/** An app that holds each request 60 ms and records how many it held at once. */
function slowApp() {
  let inFlight = 0;
  const seen = { max: 0, requests: 0 };
  const server: Server = createServer((req, res) => {
    inFlight++;
    seen.requests++;
    seen.max = Math.max(seen.max, inFlight);
    req.resume();
    setTimeout(() => {
      inFlight--;
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    }, 60);
  });
  return { server, seen, reset: () => Object.assign(seen, { max: 0, requests: 0 }) };
}

let h: EngineHarness;
const app = slowApp();
let appUrl = '';

beforeAll(async () => {
  h = await startEngine();
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await h.close();
  await new Promise((resolve) => app.server.close(resolve));
});

async function acceptedRecipe(concurrency: number): Promise<string> {
  const { actor, service } = h.vault;
  const conn = await service.create(actor, { connector: 'http', name: `slow ${concurrency}`, fields: { baseUrl: appUrl } });
  const recipe = await h.engine.recipes.create(actor, {
    name: `accepted, concurrency ${concurrency}`,
    connections: { app: { connector: 'http' } },
    concurrency,
    trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'accepted' } },
    steps: [{ id: 'call', slot: 'app', action: 'request', input: { method: 'POST', path: '/work', body: { n: '{{ trigger.body.n }}' } } }],
  });
  await h.engine.recipes.bind(actor, recipe.id, { app: conn.id });
  const started = await h.engine.recipes.start(actor, recipe.id, {});
  return (started.webhookUrl ?? '').split('/webhooks/')[1] ?? '';
}

async function fire(token: string, count: number) {
  const answers = await Promise.all(Array.from({ length: count }, (_, n) => h.engine.webhook(token, { method: 'POST', headers: {}, query: {}, body: { n } })));
  const statuses = answers.map((a) => (typeof a.body === 'object' && a.body !== null && 'status' in a.body ? a.body.status : undefined));
  const jobs = await Promise.all(answers.map((a) => h.waitForJob(typeof a.body === 'object' && a.body !== null && 'jobId' in a.body ? String(a.body.jobId) : '', 20_000)));
  return { statuses, jobs };
}

describe('accepted webhook jobs run where they were accepted (embedded store)', () => {
  it('within the recipe concurrency: the overflow goes to the queue, and both together never exceed it', async () => {
    app.reset();
    const { statuses, jobs } = await fire(await acceptedRecipe(3), 15);
    expect(jobs.map((j) => j.status)).toEqual(Array(15).fill('succeeded'));
    expect(app.seen.requests).toBe(15);
    expect(app.seen.max).toBe(3);
    // The first three ran here at once; the rest waited in the queue.
    expect(statuses.filter((s) => s === 'running')).toHaveLength(3);
    expect(statuses.filter((s) => s === 'queued')).toHaveLength(12);
  });

  it('a recipe of concurrency 1 keeps the queue, so its events run one at a time in the order they came', async () => {
    app.reset();
    const { statuses, jobs } = await fire(await acceptedRecipe(1), 5);
    expect(statuses).toEqual(Array(5).fill('queued'));
    expect(jobs.map((j) => j.status)).toEqual(Array(5).fill('succeeded'));
    expect(app.seen.max).toBe(1);
    const started = jobs.map((j) => j.startedAt ?? '');
    expect([...started].sort()).toEqual(started);
  });
});

describe('an accepted job stored as running', () => {
  it('holds the process\'s job lease, so a crash right after the 202 is recovered that soon (not after the default 30 s)', async () => {
    const short = await startEngine({ jobLeaseMs: 2_000 });
    try {
      const { actor, service } = short.vault;
      const conn = await service.create(actor, { connector: 'http', name: 'slow', fields: { baseUrl: appUrl } });
      const recipe = await short.engine.recipes.create(actor, {
        name: 'lease',
        connections: { app: { connector: 'http' } },
        trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'accepted' } },
        steps: [{ id: 'call', slot: 'app', action: 'request', input: { method: 'POST', path: '/work' } }],
      });
      await short.engine.recipes.bind(actor, recipe.id, { app: conn.id });
      const started = await short.engine.recipes.start(actor, recipe.id, {});
      const before = Date.now();
      const answer = await short.engine.webhook((started.webhookUrl ?? '').split('/webhooks/')[1] ?? '', { method: 'POST', headers: {}, query: {}, body: {} });
      expect(answer.body).toMatchObject({ status: 'running' });
      const jobId = typeof answer.body === 'object' && answer.body !== null && 'jobId' in answer.body ? String(answer.body.jobId) : '';
      const row = await short.vault.store.db.selectFrom('jobs').select(['status', 'lease_until']).where('id', '=', jobId).executeTakeFirstOrThrow();
      expect(row.status).toBe('running');
      expect(Date.parse(row.lease_until ?? '') - before).toBeLessThanOrEqual(2_500);
      expect((await short.waitForJob(jobId)).status).toBe('succeeded');
    } finally {
      await short.close();
    }
  });
});
