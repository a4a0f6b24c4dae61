// A worker OS process for the crash and scale-out tests, started by child.ts as
// `node --import tsx worker-process.ts`. Configured by environment:
//   QUEUE_KIND  embedded | postgres      QUEUE_URL  SQLite file or PostgreSQL URL
//   WORKER_ID   name written beside each run      CONCURRENCY  handlers at once (default 10)
//   LEASE_MS  the embedded queue's lease      LEASE_SECONDS  the PostgreSQL queue's lease (default 30)
//   MAINTENANCE_SECONDS  the PostgreSQL queue's pruning interval (default 1)
// Every attempt is recorded (PostgreSQL: a row in `runs`; both: a line `run <id> <attempt>`). A job
// whose payload is `{ "hang": true }` prints `started <id>` and never finishes its first attempt, so
// the test can kill the process in the middle of it. SIGTERM stops the queue gracefully; the process
// must then exit by itself, which proves stop() leaves no timer or connection behind.
import { createStore, type Store } from '@patchbay/store';
import pg from 'pg';
import { createEmbeddedQueue } from '../embedded-queue.ts';
import { createPostgresQueue } from '../postgres-queue.ts';
import type { Queue } from '../queue.ts';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`worker-process: ${name} is required`);
  return value;
};
const kind = env('QUEUE_KIND');
const url = env('QUEUE_URL');
const worker = process.env.WORKER_ID ?? String(process.pid);
const concurrency = Number(process.env.CONCURRENCY ?? 10);

let store: Store | undefined;
let runs: pg.Pool | undefined;
let queue: Queue;
if (kind === 'embedded') {
  store = createStore(`sqlite:${url}`);
  queue = createEmbeddedQueue(store, { leaseMs: Number(process.env.LEASE_MS ?? 1_000), pollIntervalMs: 50 });
} else {
  runs = new pg.Pool({ connectionString: url, max: 4 });
  queue = createPostgresQueue(url, {
    maintenanceIntervalSeconds: Number(process.env.MAINTENANCE_SECONDS ?? 1),
    leaseSeconds: Number(process.env.LEASE_SECONDS ?? 30),
    pollIntervalMs: 100,
  });
}

await queue.work<{ hang?: boolean }>('work', async (job) => {
  await runs?.query('INSERT INTO runs (job_id, worker, attempt) VALUES ($1, $2, $3)', [job.id, worker, job.attempt]);
  console.log(`run ${job.id} ${job.attempt}`);
  if (job.payload?.hang && job.attempt === 1) {
    console.log(`started ${job.id}`);
    await new Promise(() => {});
  }
}, { concurrency });
await queue.start();
console.log('ready');

process.once('SIGTERM', () => {
  void (async () => {
    await queue.stop({ timeoutMs: 2_000 });
    await runs?.end();
    await store?.close();
    console.log('stopped');
  })();
});
