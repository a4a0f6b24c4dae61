import type pg from 'pg';

/** The queue keeps its table and claim function in this schema of the Patchbay database. */
export const SCHEMA = 'patchbay_queue';

/** The channel enqueues notify, with the job name as payload: idle workers of other processes wake at once. */
export const CHANNEL = 'patchbay_queue';

/**
 * One row per job. `id` is the job id the Queue interface hands out, made by the enqueuing process so
 * a batch of inserts needs no mapping back; `seq` orders jobs (enqueue order). The partial indexes hold
 * only the rows a claim looks at (queued, running). `seq` has no index of its own on purpose: with one,
 * the planner read it in order past every claimed job (a queue's dead rows stay in the table until
 * vacuum) instead of the partial index that holds only the queued ones, and claims slowed as they went.
 */
const TABLE = `
  CREATE TABLE IF NOT EXISTS ${SCHEMA}.jobs (
    id text PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    name text NOT NULL,
    payload jsonb,
    group_key text,
    group_concurrency int,
    state text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'dead')),
    attempt int NOT NULL DEFAULT 0,
    max_attempts int NOT NULL,
    run_at timestamptz NOT NULL,
    locked_by text,
    locked_until timestamptz,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
  );
  CREATE INDEX IF NOT EXISTS jobs_queued_free ON ${SCHEMA}.jobs (name, seq) WHERE state = 'queued' AND group_concurrency IS NULL;
  CREATE INDEX IF NOT EXISTS jobs_queued_limited ON ${SCHEMA}.jobs (name, group_key, seq) WHERE state = 'queued' AND group_concurrency IS NOT NULL;
  CREATE INDEX IF NOT EXISTS jobs_running ON ${SCHEMA}.jobs (name, group_key) WHERE state = 'running';
  CREATE INDEX IF NOT EXISTS jobs_lease ON ${SCHEMA}.jobs (locked_until) WHERE state = 'running';
  CREATE INDEX IF NOT EXISTS jobs_finished ON ${SCHEMA}.jobs (finished_at) WHERE state IN ('succeeded', 'dead');
`;

/**
 * Takes up to `p_limit` due jobs of `p_name` for `p_owner`, oldest first, never more of a limited group
 * than its `group_concurrency` minus its running jobs, across every process.
 *
 * Why a function: a group's limit holds only if claims of one name see each other's results, so they
 * take turns on an advisory lock; a plain statement takes its snapshot before it could wait for the
 * lock, while each statement of a plpgsql function takes a new one after it. So a claim is one round
 * trip, and claims of other names do not wait. A claim is short (index reads of the heads of the due
 * groups, then one UPDATE), and a worker claims as many jobs as it has free slots at once.
 *
 * The limited groups with queued jobs are found by a skip scan of `jobs_queued_limited` (one index
 * probe per group, however long a group's backlog), and each group then offers only its first
 * `limit - running` due jobs: a saturated group offers nothing, so it cannot crowd out the other groups
 * (pg-boss 10 fetched the oldest jobs of a queue and failed the whole fetch when one broke its
 * singleton index). A job waiting out a retry back-off does not hold back later jobs of its group.
 */
const CLAIM_FUNCTION = `
  CREATE OR REPLACE FUNCTION ${SCHEMA}.claim(p_name text, p_limit int, p_owner text, p_lease_ms int)
  RETURNS TABLE (id text, seq bigint, payload jsonb, group_key text, attempt int, max_attempts int)
  LANGUAGE plpgsql VOLATILE AS $fn$
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('${SCHEMA}.claim'), hashtext(p_name));
    RETURN QUERY
    WITH RECURSIVE groups AS (
      (SELECT j.group_key FROM ${SCHEMA}.jobs j
        WHERE j.name = p_name AND j.state = 'queued' AND j.group_concurrency IS NOT NULL
        ORDER BY j.group_key LIMIT 1)
      UNION ALL
      SELECT (SELECT j.group_key FROM ${SCHEMA}.jobs j
        WHERE j.name = p_name AND j.state = 'queued' AND j.group_concurrency IS NOT NULL AND j.group_key > g.group_key
        ORDER BY j.group_key LIMIT 1)
      FROM groups g WHERE g.group_key IS NOT NULL
    ), busy AS (
      SELECT r.group_key, count(*)::int AS n FROM ${SCHEMA}.jobs r
      WHERE r.name = p_name AND r.state = 'running' AND r.group_key IS NOT NULL
      GROUP BY r.group_key
    ), candidates AS (
      SELECT c.id, c.seq FROM groups g
      -- The group's limit, as its oldest queued job was given it.
      CROSS JOIN LATERAL (
        SELECT j.group_concurrency AS n FROM ${SCHEMA}.jobs j
        WHERE j.name = p_name AND j.state = 'queued' AND j.group_concurrency IS NOT NULL AND j.group_key = g.group_key
        ORDER BY j.group_key, j.seq LIMIT 1
      ) lim
      LEFT JOIN busy b ON b.group_key = g.group_key
      -- Ordered as jobs_queued_limited is, so that index is read (not the primary key, past every claimed job).
      CROSS JOIN LATERAL (
        SELECT j.id, j.seq FROM ${SCHEMA}.jobs j
        WHERE j.name = p_name AND j.state = 'queued' AND j.group_concurrency IS NOT NULL
          AND j.group_key = g.group_key AND j.run_at <= now()
        ORDER BY j.group_key, j.seq LIMIT least(p_limit, greatest(0, lim.n - coalesce(b.n, 0)))
      ) c
      WHERE g.group_key IS NOT NULL
      UNION ALL
      (SELECT j.id, j.seq FROM ${SCHEMA}.jobs j
        WHERE j.name = p_name AND j.state = 'queued' AND j.group_concurrency IS NULL AND j.run_at <= now()
        ORDER BY j.name, j.seq LIMIT p_limit)
    )
    UPDATE ${SCHEMA}.jobs u
    SET state = 'running', attempt = u.attempt + 1, locked_by = p_owner,
        locked_until = now() + make_interval(secs => p_lease_ms / 1000.0)
    WHERE u.id IN (SELECT cs.id FROM candidates cs ORDER BY cs.seq LIMIT p_limit) AND u.state = 'queued'
    RETURNING u.id, u.seq, u.payload, u.group_key, u.attempt, u.max_attempts;
  END
  $fn$;
`;

/**
 * Creates the schema, table and function if they are missing. Processes starting together take turns
 * on an advisory lock: concurrent `CREATE … IF NOT EXISTS` of one object can still fail on its catalog row.
 */
export async function ensureSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('${SCHEMA}.ddl'))`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await client.query(TABLE);
    await client.query(CLAIM_FUNCTION);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
