/**
 * Accepted webhooks end to end on PostgreSQL, with real processes: one `patchbay serve --no-workers`
 * answers the webhooks (202, the event stored and queued) and N `patchbay worker` processes run the
 * jobs (one http action against a local app that answers at once). For each worker count, on a
 * database of its own: accepted req/s and latency p50/p99 (autocannon, `connections` in flight), jobs
 * completed per second (first request → last job finished), and the backlog (queued + running jobs)
 * every second, CPU per event of `serve` and of the workers, and database transactions per event; then
 * the ratio of the last worker count's jobs/s to the first's. `--workers 0` measures accepting alone
 * (serve has the machine; the jobs stay queued).
 *
 *   PATCHBAY_DATABASE_URL=postgres://… npx tsx bench/webhook-accepted-pg.ts \
 *     [--workers 1,2] [--events 20000] [--connections 32] [--recipe-concurrency 100] [--worker-concurrency 32]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { apiCaller, startServe, startWorker, type PatchbayProcess } from '../packages/cli/src/testing/run-cli.ts';
import { generateMasterKey } from '@patchbay/vault';
import { report } from './result.ts';

const ADMIN_TOKEN = 'pb_admin-bench-accepted-pg-4c1d9e7a2b';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '1,2' },
    events: { type: 'string', default: '20000' },
    connections: { type: 'string', default: '32' },
    'recipe-concurrency': { type: 'string', default: '100' },
    'worker-concurrency': { type: 'string', default: '32' },
  },
});
const events = Number(values.events);
const connections = Number(values.connections);
const recipeConcurrency = Number(values['recipe-concurrency']);
const workerConcurrency = Number(values['worker-concurrency']);

/** The app the recipe's action calls: answers every request at once. */
async function startApp(): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

interface Figures {
  workers: number;
  acceptedPerSecond: number;
  p50: number;
  p99: number;
  jobsPerSecond: number;
  backlog: number[];
  /** CPU µs per event: of `serve`, and of all the workers together. */
  serveCpuUs: number;
  workersCpuUs: number;
  /** Transactions committed in the database per event (every process: serve, workers, queue). */
  commitsPerEvent: number;
}

async function round(serverUrl: string, workerCount: number, appUrl: string): Promise<Figures> {
  const name = `accepted_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const cwd = mkdtempSync(join(tmpdir(), 'patchbay-accepted-pg-'));
  const env = { PATCHBAY_MASTER_KEY: generateMasterKey(), PATCHBAY_ADMIN_TOKEN: ADMIN_TOKEN, PATCHBAY_DATABASE_URL: url.toString() };
  const processes: PatchbayProcess[] = [];
  const db = new pg.Client({ connectionString: url.toString() });
  try {
    const serve = await startServe({ cwd, env, args: ['--no-workers'] });
    processes.push(serve);
    for (let i = 0; i < workerCount; i++) processes.push(await startWorker({ cwd, env, args: ['--concurrency', String(workerConcurrency)] }));
    const api = apiCaller(ADMIN_TOKEN, () => serve.url);
    const connection = await api<{ id: string }>('POST', '/api/v1/connections', { connector: 'http', name: 'app', fields: { auth: 'none', baseUrl: appUrl } });
    const recipe = await api<{ id: string }>('POST', '/api/v1/recipes', {
      name: 'accepted bench',
      connections: { app: { connector: 'http' } },
      trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'accepted' } },
      concurrency: recipeConcurrency,
      steps: [{ id: 'a', slot: 'app', action: 'request', input: { method: 'POST', path: '/a', body: { n: '{{ trigger.body.n }}' } } }],
    });
    await api('PUT', `/api/v1/recipes/${recipe.id}/connections`, { app: connection.id });
    const started = await api<{ webhookUrl: string }>('POST', `/api/v1/recipes/${recipe.id}/start`);
    const webhook = `${serve.url}${new URL(started.webhookUrl).pathname}`;

    await db.connect();
    const unfinished = async () => Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM jobs WHERE status IN ('queued', 'running')")).rows[0]?.n);
    const backlog: number[] = [];
    const sampler = setInterval(() => void unfinished().then((n) => backlog.push(n)), 1_000);
    const cpu = (list: PatchbayProcess[]) => list.reduce((sum, p) => sum + cpuSeconds(p.child.pid), 0);
    const [serveCpu0, workersCpu0] = [cpu([serve]), cpu(processes.slice(1))];
    const commits = async () => Number((await db.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()')).rows[0]?.n);
    const commits0 = await commits();
    const t0 = performance.now();
    const load = await autocannon({ url: webhook, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n: 1 }), connections, amount: events });
    if (load.non2xx > 0 || load.errors > 0) throw new Error(`${load.non2xx} answers other than 2xx, ${load.errors} errors`);
    // With no workers (`--workers 0`) the round measures accepting alone: the jobs stay queued.
    while (workerCount > 0 && (await unfinished()) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const seconds = (performance.now() - t0) / 1000;
    const [serveCpuUs, workersCpuUs] = [((cpu([serve]) - serveCpu0) / events) * 1e6, ((cpu(processes.slice(1)) - workersCpu0) / events) * 1e6];
    clearInterval(sampler);
    // The statistics collector reports a backend's counts at most every 0.5 s, and at its idle moments.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const commitsPerEvent = ((await commits()) - commits0) / events;
    const failed = Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM jobs WHERE status NOT IN ('succeeded', 'queued')")).rows[0]?.n);
    if (failed > 0) throw new Error(`${failed} jobs did not succeed`);
    return { workers: workerCount, acceptedPerSecond: load.requests.average, p50: load.latency.p50, p99: load.latency.p99, jobsPerSecond: workerCount > 0 ? events / seconds : 0, backlog, serveCpuUs, workersCpuUs, commitsPerEvent };
  } finally {
    await db.end().catch(() => {});
    await Promise.all(processes.map((p) => p.stop()));
    rmSync(cwd, { recursive: true, force: true });
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const serverUrl = process.env.PATCHBAY_DATABASE_URL;
if (!serverUrl) throw new Error('Set PATCHBAY_DATABASE_URL to a PostgreSQL server (a database per round is created there and dropped)');
const app = await startApp();
console.log(`${events} accepted webhooks, ${connections} in flight; recipe concurrency ${recipeConcurrency}; worker --concurrency ${workerConcurrency}`);
const results: Figures[] = [];
for (const workers of values.workers.split(',').map(Number)) {
  const figures = await round(serverUrl, workers, app.url);
  results.push(figures);
  console.log(
    `serve --no-workers + ${workers} worker(s): accepted ${figures.acceptedPerSecond.toFixed(0)} req/s (p50 ${figures.p50} ms, p99 ${figures.p99} ms), ` +
      `${workers === 0 ? 'no workers (accepting alone)' : `${figures.jobsPerSecond.toFixed(0)} jobs/s end to end`}; CPU per event: serve ${figures.serveCpuUs.toFixed(0)} µs, workers ${figures.workersCpuUs.toFixed(0)} µs; ${figures.commitsPerEvent.toFixed(1)} transactions per event; ` +
      `backlog each second: ${figures.backlog.join(' ')}`,
  );
}
const ran = results.filter((r) => r.workers > 0);
const [first, last] = [ran[0], ran[ran.length - 1]];
if (first && last && first !== last) console.log(`${first.workers} → ${last.workers} workers: ×${(last.jobsPerSecond / first.jobsPerSecond).toFixed(2)} jobs/s`);
const workers = (n: number) => `${n} worker${n === 1 ? '' : 's'}`;
if (last) {
  // Keeping pace: end-to-end jobs/s against the rate the same round accepted them (1 = the workers keep up).
  report({ figure: `jobs/s end to end, ${workers(last.workers)}`, value: last.jobsPerSecond, unit: 'jobs/s', baseline: 'jobs accepted/s, same round', baselineValue: last.acceptedPerSecond, better: 'higher' });
}
if (first && last && first !== last) {
  report({ figure: `jobs/s end to end, ${workers(last.workers)}`, value: last.jobsPerSecond, unit: 'jobs/s', baseline: workers(first.workers), baselineValue: first.jobsPerSecond, better: 'higher' });
}
app.close();
