import type PgBoss from 'pg-boss';

/**
 * Leases for the pg-boss jobs this process runs.
 *
 * pg-boss 10 decides that a job's worker is gone when the job has been active longer than its
 * `expire_in` (its maintenance fails it then: a retry, or dead after the last attempt). It has no
 * renewal, so that one number had to be both "longer than any handler runs" and "how long a crashed
 * worker's job blocks": it was 15 minutes. For a lane (a singleton queue of a limited group, see
 * postgres-queue.ts) that meant that a process killed mid-job kept every lane it was running
 * blocked for 15 minutes, and with them every job queued behind those lanes, including the jobs the
 * engine's recovery queued again: a recipe of concurrency 1 stood still for 15 minutes after a crash.
 *
 * So a job's `expire_in` is a lease instead: every third of it, each process moves the deadline of
 * the jobs it runs to `leaseSeconds` from now, and fails the jobs whose deadline has passed (their
 * process stopped renewing: it died, or lost the database for a whole lease). A crashed worker's lanes
 * free about one lease after the crash; a live handler keeps its job however long it runs.
 *
 * Why not free the lanes at once when a process starts, or by asking PostgreSQL which sessions are
 * gone? pg-boss does not record which process runs a job, and with `patchbay worker` processes beside
 * `serve` a starting process cannot tell a dead worker's job from a live one's; a session that
 * vanished may only be a restarted database, whose workers are still running their handlers. A lease
 * needs no such guess, and it is how the embedded queue and the engine's own job leases work.
 */

/** Only this run of the job (retry_count tells runs apart), and only while it is active. */
const RENEW = (schema: string) => `
  UPDATE ${schema}.job j SET expire_in = (now() - j.started_on) + make_interval(secs => $4)
  FROM unnest($1::text[], $2::uuid[], $3::int[]) AS mine(name, id, retry_count)
  WHERE j.name = mine.name AND j.id = mine.id AND j.retry_count = mine.retry_count AND j.state = 'active'`;

/** The parts of a running job a renewal needs: its pg-boss queue, id and attempt. */
export interface LeasedJob {
  queue: string;
  id: string;
  attempt: number;
}

export interface LeaseKeeper {
  start(): void;
  /** Stops the timer and waits for a renewal in progress (the pool must not close under it). */
  stop(): Promise<void>;
}

export function createLeaseKeeper(deps: {
  boss: PgBoss;
  schema: string;
  leaseSeconds: number;
  /** The jobs whose handlers run in this process now. */
  running: () => LeasedJob[];
  onError: (error: unknown) => void;
}): LeaseKeeper {
  const { boss, leaseSeconds, onError } = deps;
  const renewSql = RENEW(deps.schema);
  // A third of the lease: two renewals in a row may fail (a slow database) before a live job is lost.
  const everyMs = Math.max(100, Math.floor((leaseSeconds * 1000) / 3));
  let timer: NodeJS.Timeout | undefined;
  let tick: Promise<void> = Promise.resolve();
  let stopped = false;

  async function renewAndExpire(): Promise<void> {
    const jobs = deps.running();
    if (jobs.length > 0) {
      await boss.getDb().executeSql(renewSql, [jobs.map((j) => j.queue), jobs.map((j) => j.id), jobs.map((j) => j.attempt - 1), leaseSeconds]);
    }
    // Every process, not only pg-boss's maintenance (one process a minute, by default): a dead
    // worker's lanes free within a third of a lease of its lease ending. pg-boss's own statement,
    // under its advisory lock, so retries, back-off and dead jobs stay pg-boss's.
    await boss.expire();
  }

  function schedule(): void {
    timer = setTimeout(() => {
      tick = renewAndExpire()
        .catch(onError)
        .finally(() => {
          if (!stopped) schedule();
        });
    }, everyMs);
    timer.unref();
  }

  return {
    start() {
      if (timer || stopped) return;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await tick;
    },
  };
}
