import PgBoss from 'pg-boss';
import { checkEnqueue, DEFAULT_STOP_TIMEOUT_MS, errorText, type Job, type JobCounts, type JsonValue, type Queue } from '../queue.ts';
import { createLeaseKeeper } from './leases.ts';
import { Workers } from '../workers.ts';

export interface PgBossQueueOptions {
  /**
   * A running job's lease, in seconds: the process running it renews it every third of this, and
   * once a lease has run out unrenewed (the process died) the job is retried (as a new attempt, or
   * dead after the last one) and its lane runs the next job (postgres-leases.ts). A handler may run
   * longer than this: only a dead process loses its jobs. pg-boss stores the first lease on the job
   * when it is enqueued, so give every process the same value. Default 30, as the engine's job lease.
   */
  leaseSeconds?: number;
  /** The wait before the second attempt, in whole seconds (at least 1); doubled for each further attempt, plus jitter. Default 1. */
  retryDelaySeconds?: number;
  /** How often an idle worker looks for due jobs, in ms. A local `enqueue` wakes it at once. Default 1 000. */
  pollIntervalMs?: number;
  /** How often pg-boss's maintenance runs (archiving; jobs of dead workers are failed every third of a lease anyway), in seconds. Default 60. */
  maintenanceIntervalSeconds?: number;
  /** Connections in pg-boss's pool. Default 10. */
  poolSize?: number;
  /** Receives errors of the background work (claiming, settling, maintenance). Default: console.error. */
  onError?: (error: unknown) => void;
}

/** pg-boss keeps everything in this schema of the Patchbay database. */
const SCHEMA = 'pgboss';

/** Tries at creating a queue that deadlocks with another process creating one (see ensureQueue). */
const QUEUE_CREATION_ATTEMPTS = 5;

const isDeadlock = (err: unknown) => err instanceof Error && 'code' in err && err.code === '40P01';

/** What each pg-boss job carries: the payload and, since lane queues share a name prefix, the group. */
interface Envelope {
  payload: JsonValue;
  group: string | null;
}

interface PostgresJob extends Job {
  /** The pg-boss queue the job is in (see `queueFor`). */
  queue: string;
}

/**
 * pg-boss queues per job name: `name` holds jobs without a concurrency limit; a limited group gets
 * `groupConcurrency` lanes, queues `name/group/lane` with the `singleton` policy. A unique index of
 * pg-boss (`job_i2`: one active job per queue and singletonKey for that policy) makes each lane run
 * one job at a time across every process. Lanes are separate queues, not singletonKeys of one queue:
 * pg-boss 10 fetches the oldest jobs of a queue and, when one of them would break that index, the
 * whole fetch fails, so one busy group would stall every other group of the queue (observed: with
 * key a busy and a's next job first in line, a due job of key b is not fetched). A job keeps the
 * lane it was given at enqueue (the one with the fewest unfinished jobs), so a long job holds back
 * its lane's later jobs even while another lane of the group is idle: never more than the limit,
 * sometimes less. A job whose process died holds its lane until its lease runs out (postgres-leases.ts).
 */
const laneQueue = (name: string, group: string, lane: number) => `${name}/${group}/${lane}`;

/** Due queues of a name, oldest job first, skipping lanes that are busy (fetching from them would fail). */
const READY_QUEUES = `
  SELECT j.name FROM ${SCHEMA}.job j
  WHERE (j.name = $1 OR starts_with(j.name, $2))
    AND j.state < 'active' AND j.start_after < now()
    AND NOT (j.policy = 'singleton' AND EXISTS (SELECT 1 FROM ${SCHEMA}.job a WHERE a.name = j.name AND a.state = 'active'))
  GROUP BY j.name ORDER BY min(j.created_on) LIMIT $3`;

/** Unfinished jobs per lane, in one query (pg-boss's getQueueSize is one query per queue). */
const LANE_SIZES = `
  SELECT name, count(*)::int AS n FROM ${SCHEMA}.job
  WHERE name = ANY($1::text[]) AND state < 'completed'
  GROUP BY name`;

const COUNTS = `
  SELECT state::text AS state, count(*)::int AS n FROM ${SCHEMA}.job
  WHERE $1::text IS NULL OR name = $1 OR starts_with(name, $1 || '/')
  GROUP BY state`;

/**
 * The queue of PostgreSQL deployments, on pg-boss 10 (schema `pgboss` in the same database): any
 * number of `patchbay serve` and `patchbay worker` processes share it.
 *
 * @example
 * const queue = createPostgresQueue(process.env.PATCHBAY_DATABASE_URL, { leaseSeconds: 60 });
 * await queue.start();
 * await queue.work('recipe-run', async (job) => runJob(job.payload), { concurrency: 8 });
 */
export function createPgBossQueue(databaseUrl: string, options: PgBossQueueOptions = {}): Queue {
  const leaseSeconds = options.leaseSeconds ?? 30;
  const retryDelay = Math.max(1, Math.round(options.retryDelaySeconds ?? 1));
  const pollMs = options.pollIntervalMs ?? 1_000;
  const onError = options.onError ?? ((error: unknown) => console.error('patchbay queue:', error));
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: SCHEMA,
    max: options.poolSize ?? 10,
    application_name: 'patchbay-queue',
    // Cron schedules are the engine's business (croner): no timekeeper timers here.
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
  });
  boss.on('error', onError);
  /** Queues this process has created (or found), by name: one creation per queue, then a resolved promise. */
  const ensured = new Map<string, Promise<void>>();
  let creations: Promise<unknown> = Promise.resolve();

  /**
   * pg-boss's create_queue inserts the queue row, then creates and attaches its partition of the job
   * table. Two of them in flight at once (the first burst of webhooks to a new recipe asks for its
   * lanes together) deadlock on the locks of the queue table (observed: "deadlock detected", 40P01),
   * even for different names. So a process creates one queue at a time, and a deadlock with another
   * process is retried: PostgreSQL aborted only one side, and the row is ON CONFLICT DO NOTHING.
   */
  function ensureQueue(queue: string, policy: 'standard' | 'singleton'): Promise<void> {
    const known = ensured.get(queue);
    if (known) return known;
    const creation = creations.then(() => createQueue(queue, policy));
    creations = creation.catch(() => {});
    ensured.set(queue, creation);
    // Not remembered when it failed: the next enqueue tries again.
    creation.catch(() => ensured.delete(queue));
    return creation;
  }

  async function createQueue(queue: string, policy: 'standard' | 'singleton'): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await boss.createQueue(queue, { name: queue, policy, retryBackoff: true, retryDelay, expireInSeconds: leaseSeconds });
        return;
      } catch (err) {
        if (attempt >= QUEUE_CREATION_ATTEMPTS || !isDeadlock(err)) throw err;
        // Jittered, so that two processes that deadlocked do not collide again.
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
      }
    }
  }

  /**
   * A lane with the fewest unfinished jobs: spreads a group's jobs so its lanes fill evenly. A random
   * one of them, not the first: a burst of enqueues (webhooks arriving together) reads the sizes
   * before any of its jobs is stored, and taking the first least-loaded lane sent the whole burst to
   * it (observed: 40 jobs of a group of 20 lanes in 7 lanes, 12 in lane 0).
   */
  async function pickLane(name: string, group: string, lanes: number): Promise<number> {
    if (lanes === 1) return 0;
    const queues = Array.from({ length: lanes }, (_, lane) => laneQueue(name, group, lane));
    const rows: { name: string; n: number }[] = (await boss.getDb().executeSql(LANE_SIZES, [queues])).rows;
    const sizes = queues.map((queue) => rows.find((row) => row.name === queue)?.n ?? 0);
    const fewest = Math.min(...sizes);
    const least = sizes.flatMap((size, lane) => (size === fewest ? [lane] : []));
    return least[Math.floor(Math.random() * least.length)] ?? 0;
  }

  async function claim(name: string, limit: number): Promise<PostgresJob[]> {
    const ready: { name: string }[] = (await boss.getDb().executeSql(READY_QUEUES, [name, `${name}/`, limit])).rows;
    const claimed: PostgresJob[] = [];
    for (const { name: queue } of ready) {
      const free = limit - claimed.length;
      if (free <= 0) break;
      // A lane runs one job at a time; the unlimited queue can fill every free slot.
      const jobs = await boss.fetch<Envelope>(queue, { batchSize: queue === name ? free : 1, includeMetadata: true });
      for (const job of jobs) {
        claimed.push({
          id: job.id,
          name,
          queue,
          payload: job.data.payload,
          group: job.data.group,
          attempt: job.retryCount + 1,
          maxAttempts: job.retryLimit + 1,
        });
      }
    }
    return claimed;
  }

  const backend = {
    claim,
    succeed: (job: PostgresJob) => boss.complete(job.queue, job.id),
    fail: (job: PostgresJob, error: unknown) => boss.fail(job.queue, job.id, { message: errorText(error).slice(0, 8_000) }),
  };

  const workers = new Workers<PostgresJob>({ backend, pollMs, onError });
  const leases = createLeaseKeeper({ boss, schema: SCHEMA, leaseSeconds, running: () => workers.active(), onError });

  function assertStarted(): void {
    const { state } = workers;
    if (state !== 'started') throw new Error(`The PostgreSQL queue is ${state === 'new' ? 'not started: call start() first' : 'stopped'}`);
  }

  return {
    async enqueue(name, payload, enqueueOptions) {
      const checked = checkEnqueue(name, enqueueOptions);
      assertStarted();
      let queue = name;
      let singletonKey: string | undefined;
      if (checked.group !== null && checked.groupConcurrency !== null) {
        const lane = await pickLane(name, checked.group, checked.groupConcurrency);
        queue = laneQueue(name, checked.group, lane);
        singletonKey = `${checked.group}:${lane}`;
        await ensureQueue(queue, 'singleton');
      } else {
        await ensureQueue(queue, 'standard');
      }
      const envelope: Envelope = { payload, group: checked.group };
      const id = await boss.send(queue, envelope, {
        retryLimit: checked.maxAttempts - 1,
        retryDelay,
        retryBackoff: true,
        // The first lease: the worker that takes the job renews it from there.
        expireInSeconds: leaseSeconds,
        ...(checked.runAt ? { startAfter: checked.runAt } : {}),
        ...(singletonKey ? { singletonKey } : {}),
      });
      if (!id) throw new Error(`pg-boss refused the job for queue "${queue}"`);
      workers.wake(name);
      return id;
    },

    async work(name, handler, workOptions) {
      workers.register(name, handler, workOptions);
    },

    async start() {
      if (workers.state !== 'new') return;
      await boss.start();
      leases.start();
      workers.start();
    },

    async stop(stopOptions = {}) {
      const timeoutMs = stopOptions.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
      // Leases are renewed while we wait, so a slow but live handler is not taken over meanwhile.
      const leftovers = await workers.stop(timeoutMs);
      if (!leftovers) return;
      await leases.stop();
      for (const job of leftovers) {
        await backend.fail(job, new Error(`The worker stopped before the handler finished (waited ${timeoutMs} ms)`)).catch(onError);
      }
      // Our runners are not pg-boss workers, so pg-boss has nothing in flight: this clears its
      // maintenance timer and closes its pool.
      await boss.stop({ graceful: true, wait: true, timeout: 1_000 });
    },

    async counts(name) {
      assertStarted();
      const rows: { state: string; n: number }[] = (await boss.getDb().executeSql(COUNTS, [name ?? null])).rows;
      const counts: JobCounts = { queued: 0, running: 0, succeeded: 0, dead: 0 };
      const key: Record<string, keyof JobCounts | undefined> = { created: 'queued', retry: 'queued', active: 'running', completed: 'succeeded', failed: 'dead' };
      for (const row of rows) {
        const k = key[row.state];
        if (k) counts[k] += row.n;
      }
      return counts;
    },
  };
}
