import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import pg from 'pg';
import * as m0001 from './migrations/0001-connections.ts';
import * as m0002 from './migrations/0002-queue.ts';
import * as m0003 from './migrations/0003-recipes.ts';
import * as m0004 from './migrations/0004-list-indexes.ts';
import * as m0005 from './migrations/0005-job-progress.ts';
import * as m0006 from './migrations/0006-sessions.ts';
import * as m0007 from './migrations/0007-oauth-return-to.ts';
import * as m0008 from './migrations/0008-payload-keys.ts';
import * as m0009 from './migrations/0009-job-lease-indexes.ts';
import * as m0010 from './migrations/0010-queue-lanes.ts';
import { type RowAppender, queryAppender, sqliteAppender } from './appender/appender.ts';
import { postgresLock, sqliteLeaseLock, sqliteWriteTransaction, type LockOptions } from './locks.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** The SQLite file, or the PostgreSQL URL without its password. */
  readonly location: string;
  /** Applies pending migrations; safe to run from several processes at once. */
  migrate(): Promise<void>;
  /**
   * Runs `fn` while holding a cross-process lock named `name`: a PostgreSQL advisory lock, or on
   * SQLite a lease row taken by a single write statement. Callers re-read what they guard after
   * acquiring, since another process may have done the work meanwhile.
   */
  withLock<T>(name: string, fn: () => Promise<T>, options?: LockOptions): Promise<T>;
  /**
   * Inserts rows (all with the same columns) in one transaction; resolves once committed. For
   * write-heavy appends such as job history (see appender/appender.ts).
   */
  append: RowAppender['append'];
  /** Updates rows by id in one transaction (see appender/appender.ts): grouped writes such as finished jobs. */
  updateById: RowAppender['updateById'];
  close(): Promise<void>;
}

// Every difference between the dialects lives in this file and in locks.ts.
function migrationsFor(dialect: Dialect): Record<string, Migration> {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  return {
    '0001-connections': { up: (db) => m0001.up(db, idType) },
    '0002-queue': { up: (db) => m0002.up(db, dialect) },
    '0003-recipes': { up: (db) => m0003.up(db) },
    '0004-list-indexes': { up: (db) => m0004.up(db) },
    '0005-job-progress': { up: (db) => m0005.up(db) },
    '0006-sessions': { up: (db) => m0006.up(db) },
    '0007-oauth-return-to': { up: (db) => m0007.up(db) },
    '0008-payload-keys': { up: (db) => m0008.up(db) },
    '0009-job-lease-indexes': { up: (db) => m0009.up(db) },
    '0010-queue-lanes': { up: (db) => m0010.up(db, dialect) },
  };
}

export function createStore(databaseUrl: string): Store {
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) {
    return createPostgresStore(databaseUrl);
  }
  return createSqliteStore(databaseUrl.replace(/^sqlite:/, ''));
}

/**
 * The database holds job history (app data) and encrypted credentials: only the account that runs
 * Patchbay may read it. A directory we create is 0700; the file is created 0600 before SQLite opens
 * it, and SQLite gives its `-wal` and `-shm` files the database file's mode. Files of an older
 * install (created 0644 under the usual umask) are narrowed at each start.
 */
function restrictDatabaseFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      chmodSync(path, 0o600);
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'ENOENT')) throw err;
    }
  }
}

function createSqliteStore(file: string): Store {
  if (file !== ':memory:') restrictDatabaseFile(file);
  const sqlite = new SQLite(file);
  // WAL + synchronous=NORMAL: committed data survives a process crash; the last transactions may be
  // lost on power loss. busy_timeout lets a second process (the CLI) wait briefly for the writer.
  setWalMode(sqlite);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const appender = sqliteAppender(sqlite, file);
  return finishStore(
    db,
    'sqlite',
    file,
    appender,
    async () => {},
    (name, fn, options) => sqliteLeaseLock(db, name, fn, options),
    // Kysely takes no migration lock on SQLite: two stores migrating one file at once failed with
    // "table already exists". We hold SQLite's write lock for the whole run instead.
    (migrate) => sqliteWriteTransaction(sqlite, () => migrate({ disableTransactions: true })),
  );
}

/**
 * Two processes turning a brand-new file into WAL at once can get SQLITE_BUSY without SQLite calling
 * the busy handler (it would deadlock), so the loser retries briefly. Opening is synchronous, hence
 * the blocking sleep; it only happens on a first start racing another process.
 */
function setWalMode(sqlite: SQLite.Database): void {
  for (let attempt = 1; ; attempt++) {
    try {
      sqlite.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && String(err.code).startsWith('SQLITE_BUSY')) || attempt >= 100) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

function createPostgresStore(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // Lock holders wait on their own small pool so that waiting for a lock never starves the pool
  // that the lock holder itself needs for its queries.
  const lockPool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle connection the server ends (a restart, a failover, an administrator) is reported on its
  // pool; without a listener that report would end the process. pg has already dropped the client,
  // and the next query opens a new one, so there is nothing else to do.
  for (const p of [pool, lockPool]) p.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safeUrl = new URL(url);
  safeUrl.password = '';
  return finishStore(
    db,
    'postgres',
    safeUrl.toString(),
    queryAppender(db),
    () => lockPool.end(),
    (name, fn, options) => postgresLock(lockPool, name, fn, options),
    // Kysely's Migrator already serialises PostgreSQL migrations with an advisory lock.
    (migrate) => migrate({}),
  );
}

function finishStore(
  db: Kysely<Database>,
  dialect: Dialect,
  location: string,
  appender: RowAppender,
  closeExtra: () => Promise<void>,
  withLock: Store['withLock'],
  serialiseMigrations: (migrate: (options: { disableTransactions?: boolean }) => Promise<void>) => Promise<void>,
): Store {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(dialect) };
  return {
    db,
    dialect,
    location,
    withLock,
    append: (table, rows) => appender.append(table, rows),
    updateById: (table, rows) => appender.updateById(table, rows),
    async migrate() {
      await serialiseMigrations(async (options) => {
        const { error, results } = await new Migrator({ db, provider, ...options }).migrateToLatest();
        if (error) {
          const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
          throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
            cause: error,
          });
        }
      });
    },
    async close() {
      await appender.close();
      await db.destroy();
      await closeExtra();
    },
  };
}

const MAX_CACHED_STATEMENTS = 500;

/**
 * Kysely prepares every query anew; preparing costs more than running a small statement. Queries
 * are built from a fixed set of shapes, so the prepared statements are kept by SQL text and reused
 * (better-sqlite3 statements are reusable; Kysely never streams here, which is the one use that
 * would need a statement of its own).
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= MAX_CACHED_STATEMENTS) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
