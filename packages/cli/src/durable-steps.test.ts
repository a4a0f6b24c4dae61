import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecipeView } from '@patchbay/engine';
import { createTestDatabase, describeWithPostgres, sleep, type TestDatabase, waitFor } from '@patchbay/testkit';
import { generateMasterKey, type ConnectionView } from '@patchbay/vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, startServe, type ServeProcess } from './testing/run-cli.ts';

// A real `patchbay serve` killed with SIGKILL while it runs jobs of several steps (an action, an if,
// a foreach, a try, an action), then started again on the same database: every accepted event's job
// finishes, and the app sees each step once, except a step in flight at the kill, which it sees twice
// with the same Idempotency-Key.
const ADMIN_TOKEN = 'pb_admin-durable-steps-8f1e2d3c4b5a6978';
// Long enough that a renewal delayed by a busy CI machine (every test file at once on 2 cores) does not
// let the lease run out under a job that is still running, which would send its step twice before the kill.
const LEASE_SECONDS = 10;
const EVENTS = 40;
const ITEMS = ['x', 'y', 'z'];
/** Every step's execution in a job, as its idempotency key ends. */
const EXECUTIONS = ['steps[0]', 'steps[1].then[0]', ...ITEMS.map((_, i) => `steps[2]@${i}.steps[0]`), 'steps[3].steps[0]', 'steps[4]'];
const APP_DELAY_MS = 25;

const post = (path: string, body: Record<string, unknown>) => ({ slot: 'app', action: 'request', input: { method: 'POST', path, body: { event: '{{ trigger.body.eventId }}', ...body } } });
const RECIPE = {
  name: 'Durable steps',
  connections: { app: { connector: 'http' } },
  trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'accepted' } },
  // The killed process holds every slot of the recipe (4, fewer than `serve` runs at once) with jobs
  // whose leases must run out (the queue's sweep, queue/src/postgres/jobs.ts). With pg-boss
  // they stayed busy for its 15-minute expiry, and this test timed out.
  concurrency: 4,
  steps: [
    { id: 'a', ...post('/a', {}) },
    { id: 'check', type: 'if', condition: '{{ trigger.body.n >= 0 }}', then: [{ id: 'b', ...post('/b', { a: '{{ steps.a.output.body.n }}' }) }] },
    { id: 'loop', type: 'foreach', items: '{{ trigger.body.items }}', steps: [{ id: 'c', ...post('/c', { item: '{{ item }}' }) }] },
    { id: 'guard', type: 'try', steps: [{ id: 'd', ...post('/d', {}) }], catch: [{ id: 'noted', type: 'set', values: { failed: true } }] },
    // Outputs of steps finished before the kill are back in scope after it.
    { id: 'e', ...post('/e', { a: '{{ steps.a.output.body.n }}', b: '{{ steps.b.output.body.n }}', d: '{{ steps.d.output.body.n }}' }) },
  ],
};

interface Seen {
  path: string;
  key: string;
  body: Record<string, unknown>;
  at: number;
}

/** The target app: counts every request as it arrives (its effect), answers after a short delay. */
async function startCountingApp(): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  let n = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      seen.push({ path: req.url ?? '', key: String(req.headers['idempotency-key'] ?? ''), body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, at: Date.now() });
      const answer = JSON.stringify({ n: ++n });
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
      }, APP_DELAY_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.closeAllConnections() ?? server.close(() => resolve())),
  };
}


function crashTest(name: string, databaseUrl: () => Promise<{ url?: string; drop(): Promise<void> }>) {
  return () => {
    let cwd: string;
    let app: Awaited<ReturnType<typeof startCountingApp>>;
    let env: Record<string, string>;
    let serve: ServeProcess | undefined;
    let database: { url?: string; drop(): Promise<void> } | undefined;

    const api = apiCaller(ADMIN_TOKEN, () => serve?.url ?? '');

    beforeAll(async () => {
      database = await databaseUrl();
      cwd = mkdtempSync(join(tmpdir(), 'patchbay-durable-'));
      app = await startCountingApp();
      env = {
        PATCHBAY_MASTER_KEY: generateMasterKey(),
        PATCHBAY_ADMIN_TOKEN: ADMIN_TOKEN,
        PATCHBAY_JOB_LEASE_SECONDS: String(LEASE_SECONDS),
        ...(database.url ? { PATCHBAY_DATABASE_URL: database.url } : {}),
      };
      serve = await startServe({ cwd, env });
    }, 60_000);

    afterAll(async () => {
      if (serve && serve.child.exitCode === null && serve.child.signalCode === null) await serve.stop();
      await app?.close();
      await database?.drop();
      if (cwd) rmSync(cwd, { recursive: true, force: true });
    });

    it(`${name}: kill -9 mid-job, restart: every job finishes and no finished step reaches the app again`, async () => {
      const connection = await api<ConnectionView>('POST', '/api/v1/connections', { connector: 'http', name: 'Counting app', fields: { auth: 'none', baseUrl: app.url, idempotencyKeys: true } });
      const recipe = await api<RecipeView>('POST', '/api/v1/recipes', RECIPE);
      await api('PUT', `/api/v1/recipes/${recipe.id}/connections`, { app: connection.id });
      const started = await api<RecipeView>('POST', `/api/v1/recipes/${recipe.id}/start`);
      const webhook = `${serve?.url}${new URL(started.webhookUrl ?? '').pathname}`;

      const jobIds = await Promise.all(
        Array.from({ length: EVENTS }, async (_, i) => {
          const answer = await fetch(webhook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ eventId: `evt-${i}`, n: i, items: ITEMS }) });
          expect(answer.status).toBe(202);
          return ((await answer.json()) as { jobId: string }).jobId;
        }),
      );
      // Kill once about a third of the steps have reached the app: many jobs are then half done.
      const total = EVENTS * EXECUTIONS.length;
      await waitFor('a third of the steps to reach the app', () => app.seen.length >= total / 3, 60_000);
      serve?.child.kill('SIGKILL');
      expect(await serve?.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const killedAt = Date.now();
      const seenAtKill = app.seen.length;
      // Requests still on their way when the process died are before the kill too.
      await sleep(100);

      serve = await startServe({ cwd, env });
      const restartedAt = Date.now();
      const statuses = async () => {
        const page = await api<{ jobs: { id: string; status: string }[] }>('GET', `/api/v1/recipes/${recipe.id}/jobs?limit=100`);
        return new Map(page.jobs.map((job) => [job.id, job.status]));
      };
      await waitFor('every accepted job to finish', async () => [...(await statuses()).values()].every((s) => s !== 'queued' && s !== 'running'), 90_000);
      const finishedAt = Date.now();
      const finished = await statuses();
      expect(finished.size).toBe(EVENTS);
      for (const id of jobIds) expect(finished.get(id), id).toBe('succeeded');

      // Every step of every job reached the app, under its job's key.
      const byKey = new Map<string, Seen[]>();
      for (const seen of app.seen) byKey.set(seen.key, [...(byKey.get(seen.key) ?? []), seen]);
      const expected = jobIds.flatMap((id) => EXECUTIONS.map((execution) => `${id}:${execution}`));
      expect([...byKey.keys()].sort()).toEqual([...expected].sort());

      // A step seen twice was in flight at the kill: once before it, once after the restart, with
      // the same key; a job has at most one such step (its steps run one after another).
      const repeated = [...byKey.entries()].filter(([, seen]) => seen.length > 1);
      for (const [key, seen] of repeated) {
        expect(seen, key).toHaveLength(2);
        expect(seen[0]?.at, key).toBeLessThanOrEqual(killedAt);
        expect(seen[1]?.at, key).toBeGreaterThanOrEqual(restartedAt);
      }
      const repeatedJobs = repeated.map(([key]) => key.split(':')[0]);
      expect(new Set(repeatedJobs).size).toBe(repeatedJobs.length);

      // The test proves something only if jobs were cut in the middle: some had steps before the
      // kill and after the restart, and those resumed instead of starting again.
      const before = new Set(app.seen.slice(0, seenAtKill).map((s) => s.key.split(':')[0]));
      const after = new Set(app.seen.slice(seenAtKill).map((s) => s.key.split(':')[0]));
      const resumed = [...before].filter((id) => after.has(id));
      expect(resumed.length).toBeGreaterThan(0);
      // Outputs of steps finished before the kill reached the last step's mapping.
      for (const seen of app.seen.filter((s) => s.path === '/e')) {
        expect(seen.body.a, seen.key).toEqual(expect.any(Number));
        expect(seen.body.b, seen.key).toEqual(expect.any(Number));
        expect(seen.body.d, seen.key).toEqual(expect.any(Number));
      }
      console.log(
        `${name}: ${EVENTS} jobs of ${EXECUTIONS.length} steps, killed after ${seenAtKill} of ${total} requests, ` +
          `all finished ${((finishedAt - restartedAt) / 1000).toFixed(1)} s after the restart: ` +
          `${resumed.length} jobs resumed mid-way, ${repeated.length} steps in flight at the kill sent again with the same key, none repeated otherwise`,
      );
    }, 150_000);
  };
}

describe('durable steps on SQLite', crashTest('SQLite', async () => ({ drop: async () => {} })));

describeWithPostgres('durable steps on PostgreSQL', crashTest('PostgreSQL', async () => {
  const db: TestDatabase = await createTestDatabase();
  return { url: db.url, drop: () => db.drop() };
}));
