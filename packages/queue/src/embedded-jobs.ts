import type { Database, Store } from '@patchbay/store';
import { type ExpressionBuilder, type Generated, sql } from 'kysely';
import { backoffMs, errorText, type CheckedEnqueue, type Job, type JobCounts, type JsonValue } from './queue.ts';

/** The row of migration 0002 (packages/store). Timestamps are ISO-8601 UTC text, as in the store. */
interface QueueJobsTable {
  seq: Generated<number>;
  id: string;
  name: string;
  payload: string;
  group_key: string | null;
  group_concurrency: number | null;
  state: 'queued' | 'running' | 'succeeded' | 'dead';
  attempt: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

const queueDb = (store: Store) => store.db.withTables<{ queue_jobs: QueueJobsTable }>();
type QueueDb = ReturnType<typeof queueDb>;
type Tables = Database & { queue_jobs: QueueJobsTable };

/** Restricts a statement to this run of the job, so a late settle never touches a later run. */
const mine = (job: EmbeddedJob) => (eb: ExpressionBuilder<Tables, 'queue_jobs'>) =>
  eb.and([eb('id', '=', job.id), eb('locked_by', '=', job.owner), eb('attempt', '=', job.attempt), eb('state', '=', 'running')]);

/** A job claimed by this process: `owner` and `attempt` together prove it is still ours to settle. */
export interface EmbeddedJob extends Job {
  owner: string;
}

interface ClaimedRow {
  seq: number;
  id: string;
  name: string;
  payload: string;
  group_key: string | null;
  attempt: number;
  max_attempts: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A new job's row, its payload already JSON (so that a payload that cannot be serialised fails alone). */
export type QueuedRow = Omit<QueueJobsTable, 'seq' | 'locked_by' | 'locked_until' | 'last_error' | 'finished_at'>;

export function queuedRow(id: string, name: string, payload: string, options: CheckedEnqueue): QueuedRow {
  const now = new Date().toISOString();
  return {
    id,
    name,
    payload,
    group_key: options.group,
    group_concurrency: options.groupConcurrency,
    state: 'queued',
    attempt: 0,
    max_attempts: options.maxAttempts,
    run_at: options.runAt?.toISOString() ?? now,
    created_at: now,
  };
}

/** The SQL of the embedded queue. Every state change is one statement, so it is atomic in SQLite. */
export class EmbeddedJobs {
  private readonly db: QueueDb;

  constructor(store: Store) {
    if (store.dialect !== 'sqlite') {
      throw new Error('The embedded queue needs a SQLite store; with PostgreSQL use createPostgresQueue.');
    }
    this.db = queueDb(store);
  }

  async insert(id: string, name: string, payload: JsonValue, options: CheckedEnqueue): Promise<void> {
    await this.insertMany([queuedRow(id, name, JSON.stringify(payload), options)]);
  }

  /** Inserts rows in one statement: one commit for all of them (see embedded-enqueue.ts). */
  async insertMany(rows: QueuedRow[]): Promise<void> {
    if (rows.length > 0) await this.db.insertInto('queue_jobs').values(rows).execute();
  }

  /**
   * Takes up to `limit` due jobs in enqueue order, plus jobs whose lease ended (their worker died),
   * in one UPDATE. A job of a limited group is taken only while the group's running jobs plus the
   * jobs taken before it stay within the limit.
   *
   * Every read is a seek in the (name, state, group_key, seq) index, so a claim costs the same with
   * a backlog of 20 000 jobs as with none: `groups` skips from one group with queued jobs to the
   * next, and `walk` steps through each group's oldest due jobs, no more of them than the group has
   * room for. Ranking every queued job of a group instead (a window function) made each claim read
   * the whole backlog: a burst of 20 000 events drained at ~400 jobs/s, 2–3 ms of CPU per job.
   * Expired jobs of a group are still counted as running, so taking them back keeps the group within
   * its limit.
   */
  async claim(name: string, limit: number, owner: string, leaseMs: number): Promise<EmbeddedJob[]> {
    const now = Date.now();
    const nowIso = iso(now);
    // A lease that ended on the last attempt means that attempt failed: the job is dead.
    await this.db
      .updateTable('queue_jobs')
      .set({ state: 'dead', finished_at: nowIso, locked_by: null, locked_until: null, last_error: 'The worker of the last attempt stopped renewing its lease (its process crashed or was stopped).' })
      .where('name', '=', name)
      .where('state', '=', 'running')
      .where('locked_until', '<', nowIso)
      .whereRef('attempt', '>=', 'max_attempts')
      .execute();
    const { rows } = await sql<ClaimedRow>`
      WITH RECURSIVE groups(key) AS (
        SELECT (SELECT min(group_key) FROM queue_jobs WHERE name = ${name} AND state = 'queued' AND group_key IS NOT NULL)
        UNION ALL
        SELECT (SELECT min(group_key) FROM queue_jobs WHERE name = ${name} AND state = 'queued' AND group_key > groups.key)
        FROM groups WHERE groups.key IS NOT NULL
      ), rooms(key, room) AS MATERIALIZED (
        -- The newest job's limit: a recipe's concurrency may have changed since older jobs were queued.
        SELECT key,
          coalesce((SELECT group_concurrency FROM queue_jobs WHERE name = ${name} AND state = 'queued' AND group_key = groups.key ORDER BY seq DESC LIMIT 1), ${limit})
          - (SELECT count(*) FROM queue_jobs WHERE name = ${name} AND state = 'running' AND group_key = groups.key)
        FROM groups WHERE key IS NOT NULL
      ), walk(key, seq, taken, room) AS (
        SELECT key, (SELECT seq FROM queue_jobs WHERE name = ${name} AND state = 'queued' AND group_key = rooms.key AND run_at <= ${nowIso} ORDER BY seq LIMIT 1), 1, room
        FROM rooms WHERE room > 0
        UNION ALL
        SELECT key, (SELECT seq FROM queue_jobs WHERE name = ${name} AND state = 'queued' AND group_key = walk.key AND run_at <= ${nowIso} AND seq > walk.seq ORDER BY seq LIMIT 1), taken + 1, room
        FROM walk WHERE seq IS NOT NULL AND taken < room AND taken < ${limit}
      ), candidates(seq) AS (
        SELECT seq FROM walk WHERE seq IS NOT NULL
        UNION ALL
        SELECT seq FROM (
          SELECT seq FROM queue_jobs WHERE name = ${name} AND state = 'queued' AND group_key IS NULL AND run_at <= ${nowIso} ORDER BY seq LIMIT ${limit}
        )
        UNION ALL
        SELECT seq FROM queue_jobs WHERE name = ${name} AND state = 'running' AND locked_until < ${nowIso} AND attempt < max_attempts
      )
      UPDATE queue_jobs
      SET state = 'running', attempt = attempt + 1, locked_by = ${owner}, locked_until = ${iso(now + leaseMs)}
      WHERE seq IN (SELECT seq FROM candidates ORDER BY seq LIMIT ${limit})
      RETURNING seq, id, name, payload, group_key, attempt, max_attempts
    `.execute(this.db);
    return rows
      .sort((a, b) => a.seq - b.seq)
      .map((row) => ({
        id: row.id,
        name: row.name,
        payload: JSON.parse(row.payload) as JsonValue,
        attempt: row.attempt,
        maxAttempts: row.max_attempts,
        group: row.group_key,
        owner,
      }));
  }

  /** Extends the leases of jobs this process is still running. */
  async renew(jobs: EmbeddedJob[], leaseMs: number): Promise<void> {
    for (const job of jobs) {
      await this.db.updateTable('queue_jobs').set({ locked_until: iso(Date.now() + leaseMs) }).where(mine(job)).execute();
    }
  }

  async succeed(job: EmbeddedJob): Promise<void> {
    const finished = { state: 'succeeded' as const, finished_at: new Date().toISOString(), locked_by: null, locked_until: null };
    await this.db.updateTable('queue_jobs').set(finished).where(mine(job)).execute();
  }

  async fail(job: EmbeddedJob, error: unknown, retryDelayMs: number): Promise<void> {
    const now = Date.now();
    const released = { locked_by: null, locked_until: null, last_error: errorText(error).slice(0, 8_000) };
    const next =
      job.attempt >= job.maxAttempts
        ? { ...released, state: 'dead' as const, finished_at: iso(now) }
        : { ...released, state: 'queued' as const, run_at: iso(now + backoffMs(retryDelayMs, job.attempt)) };
    await this.db.updateTable('queue_jobs').set(next).where(mine(job)).execute();
  }

  async prune(olderThanMs: number): Promise<void> {
    await this.db
      .deleteFrom('queue_jobs')
      .where('state', 'in', ['succeeded', 'dead'])
      .where('finished_at', '<', iso(Date.now() - olderThanMs))
      .execute();
  }

  async counts(name?: string): Promise<JobCounts> {
    let query = this.db.selectFrom('queue_jobs').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state');
    if (name !== undefined) query = query.where('name', '=', name);
    const counts: JobCounts = { queued: 0, running: 0, succeeded: 0, dead: 0 };
    for (const row of await query.execute()) counts[row.state] = Number(row.n);
    return counts;
  }
}
