import type pg from 'pg';
import { backoffMs, errorText, type CheckedEnqueue, type Job, type JobCounts, type JsonValue } from '../queue.ts';
import { CHANNEL, SCHEMA } from './schema.ts';

/** A job claimed by this process: `id`, `owner` and `attempt` together prove it is still ours to settle. */
export interface PostgresJob extends Job {
  owner: string;
}

export interface NewJob {
  id: string;
  name: string;
  payload: JsonValue;
  options: CheckedEnqueue;
}

/**
 * One INSERT for a batch of jobs, and one notification per job name in it (PostgreSQL folds equal
 * notifications of a transaction into one, and delivers them at commit, when the rows are visible).
 */
const INSERT = `
  WITH inserted AS (
    INSERT INTO ${SCHEMA}.jobs (id, name, payload, group_key, group_concurrency, state, max_attempts, run_at)
    SELECT id, name, payload, group_key, group_concurrency, 'queued', max_attempts, coalesce(run_at, now())
    FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::int[], $6::int[], $7::timestamptz[])
      AS t(id, name, payload, group_key, group_concurrency, max_attempts, run_at)
    RETURNING name
  )
  SELECT pg_notify('${CHANNEL}', name) FROM (SELECT DISTINCT name FROM inserted) n`;

/** Only this run of each job: a late settle (after its lease ended and another run began) changes nothing. */
const MINE = `j.id = m.id AND j.attempt = m.attempt AND j.locked_by = $1 AND j.state = 'running'`;

const SUCCEED = `
  UPDATE ${SCHEMA}.jobs j SET state = 'succeeded', finished_at = now(), locked_by = NULL, locked_until = NULL
  FROM unnest($2::text[], $3::int[]) AS m(id, attempt) WHERE ${MINE}`;

/** A failed attempt: queued again after its back-off (computed by the caller), or dead after the last one. */
const FAIL = `
  UPDATE ${SCHEMA}.jobs j
  SET state = CASE WHEN j.attempt >= j.max_attempts THEN 'dead' ELSE 'queued' END,
      finished_at = CASE WHEN j.attempt >= j.max_attempts THEN now() END,
      run_at = now() + make_interval(secs => m.delay_ms / 1000.0),
      locked_by = NULL, locked_until = NULL, last_error = m.error
  FROM unnest($2::text[], $3::int[], $4::float8[], $5::text[]) AS m(id, attempt, delay_ms, error) WHERE ${MINE}`;

const RENEW = `
  UPDATE ${SCHEMA}.jobs j SET locked_until = now() + make_interval(secs => $4 / 1000.0)
  FROM unnest($2::text[], $3::int[]) AS m(id, attempt) WHERE ${MINE}`;

/**
 * Jobs whose lease ended unrenewed (their process died, or lost the database for a whole lease): queued
 * again at once (the crash was not the job's failure, and the attempt it was on counts), or dead when
 * that was the last attempt. Processes sweeping at once each move a row once (the row lock serialises them).
 */
const SWEEP = `
  UPDATE ${SCHEMA}.jobs j
  SET state = CASE WHEN j.attempt >= j.max_attempts THEN 'dead' ELSE 'queued' END,
      finished_at = CASE WHEN j.attempt >= j.max_attempts THEN now() END,
      run_at = now(), locked_by = NULL, locked_until = NULL,
      last_error = 'The worker of this attempt stopped renewing its lease (its process crashed or was stopped).'
  WHERE j.state = 'running' AND j.locked_until < now()
  RETURNING j.name`;

const PRUNE = `
  DELETE FROM ${SCHEMA}.jobs WHERE id IN (
    SELECT id FROM ${SCHEMA}.jobs WHERE state IN ('succeeded', 'dead') AND finished_at < now() - make_interval(secs => $1 / 1000.0) LIMIT 10000)`;

const COUNTS = `
  SELECT state, count(*)::int AS n FROM ${SCHEMA}.jobs WHERE $1::text IS NULL OR name = $1 GROUP BY state`;

interface ClaimedRow {
  seq: string;
  id: string;
  payload: JsonValue;
  group_key: string | null;
  attempt: number;
  max_attempts: number;
}

/** The SQL of the PostgreSQL queue: each state change is one statement over a batch of jobs. */
export class PostgresJobs {
  constructor(
    private readonly pool: pg.Pool,
    private readonly owner: string,
  ) {}

  async insert(jobs: NewJob[]): Promise<void> {
    await this.pool.query(INSERT, [
      jobs.map((j) => j.id),
      jobs.map((j) => j.name),
      // As JSON text: pg would send a JS array payload as a PostgreSQL array, not as JSON.
      jobs.map((j) => JSON.stringify(j.payload)),
      jobs.map((j) => j.options.group),
      jobs.map((j) => j.options.groupConcurrency),
      jobs.map((j) => j.options.maxAttempts),
      jobs.map((j) => j.options.runAt?.toISOString() ?? null),
    ]);
  }

  async claim(name: string, limit: number, leaseMs: number): Promise<PostgresJob[]> {
    const { rows } = await this.pool.query<ClaimedRow>(`SELECT * FROM ${SCHEMA}.claim($1, $2, $3, $4)`, [name, limit, this.owner, Math.round(leaseMs)]);
    return rows
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .map((row) => ({
        owner: this.owner,
        id: row.id,
        name,
        payload: row.payload,
        group: row.group_key,
        attempt: row.attempt,
        maxAttempts: row.max_attempts,
      }));
  }

  async succeed(jobs: PostgresJob[]): Promise<void> {
    await this.pool.query(SUCCEED, [this.owner, jobs.map((j) => j.id), jobs.map((j) => j.attempt)]);
  }

  async fail(failures: { job: PostgresJob; error: unknown }[], retryDelayMs: number): Promise<void> {
    await this.pool.query(FAIL, [
      this.owner,
      failures.map((f) => f.job.id),
      failures.map((f) => f.job.attempt),
      failures.map((f) => backoffMs(retryDelayMs, f.job.attempt)),
      failures.map((f) => errorText(f.error).slice(0, 8_000)),
    ]);
  }

  async renew(jobs: PostgresJob[], leaseMs: number): Promise<void> {
    if (jobs.length === 0) return;
    await this.pool.query(RENEW, [this.owner, jobs.map((j) => j.id), jobs.map((j) => j.attempt), leaseMs]);
  }

  /** Returns the names of the jobs it queued again, to wake their workers. */
  async sweep(): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>(SWEEP);
    return [...new Set(rows.map((r) => r.name))];
  }

  async prune(olderThanMs: number): Promise<void> {
    await this.pool.query(PRUNE, [olderThanMs]);
  }

  async counts(name?: string): Promise<JobCounts> {
    const { rows } = await this.pool.query<{ state: keyof JobCounts; n: number }>(COUNTS, [name ?? null]);
    const counts: JobCounts = { queued: 0, running: 0, succeeded: 0, dead: 0 };
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }
}
