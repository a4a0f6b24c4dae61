import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecipeView } from '@patchbay/engine';
import { createTestDatabase, describeWithPostgres, sleep, type TestDatabase, waitFor } from '@patchbay/testkit';
import { generateMasterKey, type ConnectionView } from '@patchbay/vault';
import { startEchoApp, type EchoApp } from '@patchbay/vault/testing';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiCaller, startServe, startWorker, type PatchbayProcess, type ServeProcess } from './testing/run-cli.ts';

// Real processes, as deployed: one web-only `patchbay serve` and `patchbay worker` processes on one
// PostgreSQL database, with a short job lease so that a killed worker's job is recovered quickly.
const ADMIN_TOKEN = 'pb_admin-workers-test-3c9d1e7a5b2f4d6e';
const LEASE_SECONDS = 5;
const EVENTS = 1_000;

const RECIPE = {
  name: 'Deliver events',
  connections: { app: { connector: 'http' } },
  trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'accepted' } },
  steps: [{ id: 'deliver', slot: 'app', action: 'request', input: { method: 'POST', path: '/events', body: { eventId: '{{ trigger.body.eventId }}' } } }],
};


describeWithPostgres('recipe jobs on two patchbay worker processes sharing one PostgreSQL database', () => {
  let db: TestDatabase;
  let sql: pg.Pool;
  let cwd: string;
  let app: EchoApp;
  let serve: ServeProcess;
  let env: Record<string, string>;
  const workers: PatchbayProcess[] = [];
  let recipeId = '';
  let webhookPath = '';

  const api = apiCaller(ADMIN_TOKEN, () => serve.url);

  /** Sends one event to the recipe's webhook; returns the id of the job it queued. */
  async function sendEvent(eventId: string): Promise<string> {
    const answer = await fetch(`${serve.url}${webhookPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ eventId }) });
    const body: unknown = await answer.json();
    // On failure, give the server's error log line time to arrive: the message shows it.
    if (answer.status !== 202) await sleep(500);
    expect(answer.status, `${JSON.stringify(body)}\n${serve.output().slice(-4_000)}`).toBe(202);
    expect(body).toMatchObject({ status: 'queued', jobId: expect.stringMatching(/^job_/) });
    return typeof body === 'object' && body !== null && 'jobId' in body ? String(body.jobId) : '';
  }

  async function jobStatuses(): Promise<Record<string, number>> {
    const { rows } = await sql.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM jobs WHERE recipe_id = $1 GROUP BY status', [recipeId]);
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  async function jobStatus(jobId: string): Promise<string | undefined> {
    return (await sql.query<{ status: string }>('SELECT status FROM jobs WHERE id = $1', [jobId])).rows[0]?.status;
  }

  /** Ids of the jobs a worker ran, from its debug log line per claimed job. */
  function jobsRunBy(worker: PatchbayProcess): string[] {
    return [...worker.output().matchAll(/"jobId":"(job_[^"]+)"[^\n]*"msg":"running queued job"/g)].map((m) => m[1] ?? '');
  }

  /** The event ids the app received, one entry per request. */
  function deliveredEvents(): string[] {
    return app.requests.filter((r) => r.url === '/events').map((r) => {
      const body: unknown = JSON.parse(r.body);
      return typeof body === 'object' && body !== null && 'eventId' in body ? String(body.eventId) : '';
    });
  }

  const launchWorker = () => startWorker({ cwd, env: { ...env, PATCHBAY_LOG_LEVEL: 'debug' } });

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new pg.Pool({ connectionString: db.url, max: 2 });
    cwd = mkdtempSync(join(tmpdir(), 'patchbay-cli-workers-'));
    app = await startEchoApp();
    env = { PATCHBAY_DATABASE_URL: db.url, PATCHBAY_MASTER_KEY: generateMasterKey(), PATCHBAY_ADMIN_TOKEN: ADMIN_TOKEN, PATCHBAY_JOB_LEASE_SECONDS: String(LEASE_SECONDS) };
    // Web-only: every job below runs in a worker process the test knows.
    serve = await startServe({ cwd, env, args: ['--no-workers'] });
    const connection = await api<ConnectionView>('POST', '/api/v1/connections', { connector: 'http', name: 'Events app', fields: { auth: 'none', baseUrl: app.url } });
    recipeId = (await api<RecipeView>('POST', '/api/v1/recipes', RECIPE)).id;
    await api('PUT', `/api/v1/recipes/${recipeId}/connections`, { app: connection.id });
    const started = await api<RecipeView>('POST', `/api/v1/recipes/${recipeId}/start`);
    webhookPath = new URL(started.webhookUrl ?? '').pathname;
    workers.push(...(await Promise.all([launchWorker(), launchWorker()])));
  }, 60_000);

  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await serve?.stop();
    await sql?.end();
    await app?.close();
    await db?.drop();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it('1,000 webhook events: every job succeeds, each event reaches the app once, both workers run jobs', async () => {
    const started = performance.now();
    const eventIds = Array.from({ length: EVENTS }, (_, i) => `evt-${i}`);
    const jobIds: string[] = [];
    for (let i = 0; i < EVENTS; i += 50) jobIds.push(...(await Promise.all(eventIds.slice(i, i + 50).map(sendEvent))));
    const accepted = performance.now();
    expect(new Set(jobIds).size).toBe(EVENTS);

    await waitFor(`${EVENTS} jobs to finish`, async () => {
      const statuses = await jobStatuses();
      return (statuses.queued ?? 0) + (statuses.running ?? 0) === 0;
    }, 120_000);
    const done = performance.now();
    expect(await jobStatuses()).toEqual({ succeeded: EVENTS });

    const delivered = deliveredEvents();
    expect(delivered).toHaveLength(EVENTS);
    expect(new Set(delivered)).toEqual(new Set(eventIds));

    const [first = [], second = []] = workers.map(jobsRunBy);
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    // Together exactly the accepted jobs: none run twice, none left out.
    expect([...first, ...second].sort()).toEqual([...jobIds].sort());
    console.log(
      `${EVENTS} webhook events, 2 worker processes: accepted in ${((accepted - started) / 1000).toFixed(2)} s, ` +
        `all jobs succeeded ${((done - started) / 1000).toFixed(2)} s after the first (worker 1 ran ${first.length}, worker 2 ran ${second.length})`,
    );
  }, 180_000);

  it('a worker killed with SIGKILL mid-job: another worker runs the job again once its lease runs out, and it succeeds', async () => {
    // One worker left, so the test knows which process takes the job.
    const [victim, idle] = workers;
    if (!victim || !idle) throw new Error('the two workers of beforeAll are missing');
    expect(await idle.stop()).toBe(0);
    app.script('/events', { status: 200, body: { slow: true }, delayMs: 120_000 });
    const jobId = await sendEvent('hanging');
    await waitFor('the step to reach the app', () => deliveredEvents().includes('hanging'), 30_000);
    expect(jobsRunBy(victim).at(-1)).toBe(jobId);

    // Its start-up recovery finds the job running under a live lease and leaves it alone.
    const rescuer = await launchWorker();
    workers.push(rescuer);
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const killedAt = performance.now();
    expect(await jobStatus(jobId)).toBe('running');

    await waitFor('the job of the killed worker to finish', async () => !['queued', 'running'].includes((await jobStatus(jobId)) ?? ''), 60_000);
    expect(await jobStatus(jobId)).toBe('succeeded');
    expect(deliveredEvents().filter((id) => id === 'hanging')).toHaveLength(2);
    expect(jobsRunBy(rescuer)).toEqual([jobId]);
    console.log(`job of the killed worker succeeded on another worker ${((performance.now() - killedAt) / 1000).toFixed(2)} s after the kill (lease ${LEASE_SECONDS} s)`);
  }, 90_000);
});
