/**
 * The PostgreSQL queue alone, without the engine: one producer process enqueues `jobs` jobs spread
 * over `groups` groups of `group-concurrency` (0: no group), 64 enqueues in flight, while `workers`
 * worker processes (each `concurrency` handlers, each handler sleeping `work-ms`) run them. Prints
 * enqueues/s, jobs/s (first enqueue → last job finished), latency enqueue → handler start (p50/p99),
 * and for each implementation the ratio of its last worker count to its first, all from the same run.
 *
 *   PATCHBAY_DATABASE_URL=postgres://… npx tsx bench/queue-throughput.ts \
 *     [--impl postgres,pgboss] [--workers 1,2] [--jobs 20000] [--groups 1] [--group-concurrency 10] \
 *     [--concurrency 32] [--work-ms 0] [--mode live|drain]
 *
 * `--mode drain` enqueues everything first and then lets the workers go: the workers' rate alone.
 * Each (implementation, worker count) runs on a database of its own, dropped afterwards.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createPostgresQueue, type Queue } from '../packages/queue/src/index.ts';
import { createPgBossQueue } from '../packages/queue/src/pgboss/pgboss-queue.ts';
import { report } from './result.ts';

type Impl = 'postgres' | 'pgboss';
const JOB = 'bench';

function createQueue(impl: Impl, url: string): Queue {
  // Each implementation with the options `patchbay serve` gives it (runtime.ts): what users get.
  return impl === 'pgboss' ? createPgBossQueue(url, { leaseSeconds: 30 }) : createPostgresQueue(url, { leaseSeconds: 30 });
}

/** A worker process: runs jobs once told to go, reports how many and their start latencies. */
async function child(): Promise<void> {
  const impl = process.env.BENCH_IMPL as Impl;
  const workMs = Number(process.env.BENCH_WORK_MS);
  const queue = createQueue(impl, process.env.BENCH_URL!);
  await queue.start();
  let done = 0;
  let latencies: number[] = [];
  process.on('message', async (message) => {
    if (message === 'go') {
      await queue.work<{ t: number }>(JOB, async (job) => {
        latencies.push(Date.now() - job.payload.t);
        if (workMs > 0) await new Promise((resolve) => setTimeout(resolve, workMs));
        done++;
      }, { concurrency: Number(process.env.BENCH_CONCURRENCY) });
    } else if (message === 'stop') {
      clearInterval(report);
      await queue.stop({ timeoutMs: 2_000 });
      process.exit(0);
    }
  });
  const report = setInterval(() => {
    process.send!({ done, latencies });
    latencies = [];
  }, 100);
  process.send!('ready');
}

interface Result {
  impl: Impl;
  workers: number;
  enqueuesPerSecond: number;
  jobsPerSecond: number;
  p50: number;
  p99: number;
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function withDatabase<T>(serverUrl: string, run: (url: string) => Promise<T>): Promise<T> {
  const name = `queue_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function round(impl: Impl, workerCount: number, url: string, args: Args): Promise<Result> {
  const children: ChildProcess[] = [];
  let done = 0;
  let lastDoneAt = 0;
  const latencies: number[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < workerCount; i++) {
    const proc = fork(fileURLToPath(import.meta.url), ['--child'], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_IMPL: impl, BENCH_URL: url, BENCH_WORK_MS: String(args.workMs), BENCH_CONCURRENCY: String(args.concurrency) },
    });
    children.push(proc);
    let seen = 0;
    ready.push(new Promise((resolve) => proc.on('message', (message) => message === 'ready' && resolve())));
    proc.on('message', (message) => {
      if (typeof message !== 'object' || message === null || !('done' in message)) return;
      const report = message as { done: number; latencies: number[] };
      if (report.done > seen) lastDoneAt = performance.now();
      done += report.done - seen;
      seen = report.done;
      latencies.push(...report.latencies);
    });
  }
  await Promise.all(ready);
  const producer = createQueue(impl, url);
  await producer.start();
  const go = () => children.forEach((c) => c.send('go'));
  if (args.mode === 'live') go();

  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < args.jobs) {
        const i = next++;
        const group = args.groupConcurrency > 0 ? { group: `g${i % args.groups}`, groupConcurrency: args.groupConcurrency } : {};
        await producer.enqueue(JOB, { t: Date.now(), i }, group);
      }
    }),
  );
  const enqueued = performance.now();
  const runFrom = args.mode === 'drain' ? performance.now() : started;
  if (args.mode === 'drain') go();
  const deadline = Date.now() + 600_000;
  while (done < args.jobs && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (done < args.jobs) console.error(`${impl} × ${workerCount}: only ${done} of ${args.jobs} jobs done after 10 minutes`);
  for (const c of children) c.send('stop');
  await Promise.all(children.map((c) => new Promise((resolve) => c.once('exit', resolve))));
  await producer.stop({ timeoutMs: 2_000 });
  latencies.sort((a, b) => a - b);
  return {
    impl,
    workers: workerCount,
    enqueuesPerSecond: args.jobs / ((enqueued - started) / 1000),
    jobsPerSecond: done / ((lastDoneAt - runFrom) / 1000),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

interface Args {
  impls: Impl[];
  workers: number[];
  jobs: number;
  groups: number;
  groupConcurrency: number;
  concurrency: number;
  workMs: number;
  mode: 'live' | 'drain';
}

function parse(): Args {
  const { values } = parseArgs({
    options: {
      impl: { type: 'string', default: 'postgres,pgboss' },
      workers: { type: 'string', default: '1,2' },
      jobs: { type: 'string', default: '20000' },
      groups: { type: 'string', default: '1' },
      'group-concurrency': { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '32' },
      'work-ms': { type: 'string', default: '0' },
      mode: { type: 'string', default: 'live' },
    },
  });
  const impls = values.impl.split(',').filter((i): i is Impl => i === 'postgres' || i === 'pgboss');
  const mode = values.mode === 'drain' ? 'drain' : 'live';
  return {
    impls,
    workers: values.workers.split(',').map(Number),
    jobs: Number(values.jobs),
    groups: Number(values.groups),
    groupConcurrency: Number(values['group-concurrency']),
    concurrency: Number(values.concurrency),
    workMs: Number(values['work-ms']),
    mode,
  };
}

async function main(): Promise<void> {
  const serverUrl = process.env.PATCHBAY_DATABASE_URL;
  if (!serverUrl) throw new Error('Set PATCHBAY_DATABASE_URL to a PostgreSQL server (a database per round is created there and dropped)');
  const args = parse();
  console.log(
    `${args.jobs} jobs, ${args.groups} group(s) × concurrency ${args.groupConcurrency || 'unlimited'}, ` +
      `worker concurrency ${args.concurrency}, handler ${args.workMs} ms, mode ${args.mode}`,
  );
  const results: Result[] = [];
  for (const impl of args.impls) {
    for (const workers of args.workers) {
      const result = await withDatabase(serverUrl, (url) => round(impl, workers, url, args));
      results.push(result);
      console.log(
        `${impl.padEnd(8)} workers ${workers}: enqueue ${result.enqueuesPerSecond.toFixed(0)}/s, ` +
          `${result.jobsPerSecond.toFixed(0)} jobs/s, start latency p50 ${result.p50} ms p99 ${result.p99} ms`,
      );
    }
  }
  for (const impl of args.impls) {
    const mine = results.filter((r) => r.impl === impl);
    const [first, last] = [mine[0], mine[mine.length - 1]];
    if (first && last && first !== last) {
      console.log(`${impl}: ${first.workers} → ${last.workers} workers ×${(last.jobsPerSecond / first.jobsPerSecond).toFixed(2)} jobs/s`);
      report({ figure: `${impl} jobs/s, ${last.workers} workers`, value: last.jobsPerSecond, unit: 'jobs/s', baseline: `${first.workers} worker${first.workers === 1 ? '' : 's'}`, baselineValue: first.jobsPerSecond, better: 'higher' });
    }
  }
  const [a, b] = args.impls.map((impl) => results.filter((r) => r.impl === impl));
  if (a && b) {
    a.forEach((r, i) => {
      const other = b[i];
      if (!other) return;
      console.log(`workers ${r.workers}: ${r.impl} / ${other.impl} = ×${(r.jobsPerSecond / other.jobsPerSecond).toFixed(1)} jobs/s`);
      if (i === a.length - 1) report({ figure: `${r.impl} jobs/s, ${r.workers} worker${r.workers === 1 ? '' : 's'}`, value: r.jobsPerSecond, unit: 'jobs/s', baseline: `${other.impl}, same workers`, baselineValue: other.jobsPerSecond, better: 'higher' });
    });
  }
}

if (process.argv.includes('--child')) await child();
else await main();
