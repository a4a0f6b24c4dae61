import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

// PostgreSQL tests run against a real server when PATCHBAY_TEST_DATABASE_URL points at one (.ci/run
// starts a throwaway cluster with scripts/pg-cluster.sh) and are skipped, loudly, otherwise. Each
// test file gets its own database so files can run in parallel without seeing each other's rows.

const ENV = 'PATCHBAY_TEST_DATABASE_URL';

/** The admin URL of the test server (`postgres://postgres@127.0.0.1:PORT/postgres`), or undefined. */
export function testDatabaseUrl(): string | undefined {
  return process.env[ENV] || undefined;
}

export interface TestDatabase {
  /** Connection URL of the new, empty database. */
  url: string;
  name: string;
  /** Drops the database, closing any connection still open to it (pools left open by a failed test). */
  drop(): Promise<void>;
}

/**
 * Creates a fresh, uniquely named database on the test server.
 *
 * @example
 * let db: TestDatabase;
 * beforeAll(async () => { db = await createTestDatabase(); });
 * afterAll(() => db.drop());
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testDatabaseUrl();
  if (!adminUrl) throw new Error(`createTestDatabase: set ${ENV} (.ci/run does) or wrap the tests in describeWithPostgres`);
  // Lower-case letters, digits and underscores only, so the name never needs quoting rules.
  const name = `patchbay_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    name,
    drop: () => withAdmin(adminUrl, (client) => dropGently(client, name)),
  };
}

/**
 * Drops a database, giving sessions still closing (a pool ending as its test finished) up to two
 * seconds to go on their own: forcing them at once terminates a client mid-`end()`, whose error
 * then surfaces as an uncaught exception in the test file. Only what is still open after that (a
 * pool a failed test left behind) is terminated by `WITH (FORCE)`. (A plain DROP would itself wait
 * five seconds for other sessions before failing, so the wait is a count of them instead.)
 */
async function dropGently(client: pg.Client, name: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
    if ((rows[0]?.n ?? 0) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

async function withAdmin(adminUrl: string, run: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

/** `describe` when a test server is configured, else `describe.skip` with a warning saying how to run them. */
export function describeWithPostgres(name: string, fn: () => void): void {
  if (testDatabaseUrl()) {
    describe(name, fn);
    return;
  }
  console.warn(`PostgreSQL tests skipped: set ${ENV} (.ci/run does) — ${name}`);
  describe.skip(name, fn);
}
