import { randomUUID } from 'node:crypto';
import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.ts';

export interface LockOptions {
  /** How long to wait for the lock before giving up. Default 30 s. */
  waitMs?: number;
  /** SQLite only: how long a lease lasts if its holder dies without releasing it. Default 60 s. */
  leaseMs?: number;
}

export class LockTimeoutError extends Error {
  constructor(name: string, waitMs: number) {
    super(`Timed out after ${waitMs} ms waiting for lock "${name}".`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * PostgreSQL: a session advisory lock on a dedicated connection, held while `fn` runs. The server
 * releases it if this process dies, so a crash never leaves it held.
 */
export async function postgresLock<T>(pool: pg.Pool, name: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const waitMs = options.waitMs ?? 30_000;
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(waitMs))}`);
    try {
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
    } catch (err) {
      if (err instanceof Error && 'code' in err && err.code === '55P03') throw new LockTimeoutError(name, waitMs);
      throw err;
    }
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]).catch(() => {
        broken = true;
      });
    }
  } finally {
    // A connection whose unlock failed may still hold the lock: destroy it rather than reuse it.
    client.release(broken);
  }
}

/**
 * SQLite: a lease row. Taking it is one INSERT … ON CONFLICT DO UPDATE, which SQLite runs as a
 * write transaction (the database's RESERVED lock makes it atomic across processes). We do not hold
 * a `BEGIN IMMEDIATE` transaction across the token request itself: that would block every other
 * writer of the database, in every process, for the length of a network call.
 */
export async function sqliteLeaseLock<T>(
  db: Kysely<Database>,
  name: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const waitMs = options.waitMs ?? 30_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const owner = randomUUID();
  const deadline = Date.now() + waitMs;
  let delay = 5;
  for (;;) {
    const now = new Date();
    await db
      .insertInto('locks')
      .values({ name, owner, expires_at: new Date(now.getTime() + leaseMs).toISOString() })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ owner, expires_at: new Date(now.getTime() + leaseMs).toISOString() })
          .where('locks.expires_at', '<', now.toISOString()),
      )
      .execute();
    const row = await db.selectFrom('locks').select('owner').where('name', '=', name).executeTakeFirst();
    if (row?.owner === owner) break;
    if (Date.now() >= deadline) throw new LockTimeoutError(name, waitMs);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 100);
  }
  try {
    return await fn();
  } finally {
    await db.deleteFrom('locks').where('name', '=', name).where('owner', '=', owner).execute();
  }
}

/**
 * SQLite: runs `fn` inside one `BEGIN IMMEDIATE` transaction, committed when `fn` resolves and rolled
 * back when it throws. It serialises migrations (the lease table above is itself created by one):
 * SQLite's write lock makes every other process or store wait. The lock is polled with
 * busy_timeout 0, because better-sqlite3 blocks the event loop while it waits, so a second store in
 * the same process would otherwise starve the holder it is waiting for.
 */
export async function sqliteWriteTransaction<T>(sqlite: SQLite.Database, fn: () => Promise<T>, waitMs = 60_000): Promise<T> {
  const deadline = Date.now() + waitMs;
  const busyTimeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
  let delay = 5;
  for (;;) {
    sqlite.pragma('busy_timeout = 0');
    try {
      sqlite.exec('BEGIN IMMEDIATE');
      break;
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && String(err.code).startsWith('SQLITE_BUSY'))) throw err;
      if (Date.now() >= deadline) throw new LockTimeoutError('migrations', waitMs);
    } finally {
      sqlite.pragma(`busy_timeout = ${busyTimeout}`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 100);
  }
  try {
    const result = await fn();
    sqlite.exec('COMMIT');
    return result;
  } catch (err) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw err;
  }
}
