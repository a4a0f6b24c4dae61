import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@patchbay/testkit';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LockTimeoutError } from './locks.ts';
import { createStore, type Store } from './store.ts';

const SHARED_TABLES = ['api_tokens', 'audit_log', 'connections', 'job_progress', 'jobs', 'locks', 'master_keys', 'notifications', 'oauth_sessions', 'payload_keys', 'recipe_bindings', 'recipe_versions', 'recipes', 'sessions', 'trigger_dedupe', 'users', 'workspaces'];
// The embedded queue's table exists only on SQLite; PostgreSQL uses the queue's own `patchbay_queue` schema, created by the queue at start.
const TABLES = [...SHARED_TABLES, 'queue_jobs'].sort();

const ROUNDS = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function tableNames(store: Store): Promise<string[]> {
  const tables = await store.db.introspection.getTables();
  return tables.map((t) => t.name).filter((n) => !n.startsWith('kysely_')).sort();
}

/** A promise plus the function that settles it, to hold a lock for exactly as long as a test wants. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Holds `name` in `store` until the returned `release` is called; resolves once the lock is held. */
async function hold(store: Store, name: string) {
  const held = gate();
  const release = gate();
  const done = store.withLock(name, async () => {
    held.open();
    await release.opened;
  });
  await held.opened;
  return { release: async () => (release.open(), done) };
}

/** Lock behaviour both dialects must share; `stores()` gives two Store instances on one database. */
function lockContract(stores: () => [Store, Store]) {
  it('excludes ~10 contenders spread over two stores: enter/exit never interleave', async () => {
    const [a, b] = stores();
    const events: string[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).withLock('a', async () => {
          events.push(`enter ${i}`);
          await sleep(5 + (i % 3) * 5);
          events.push(`exit ${i}`);
        }),
      ),
    );
    expect(events).toHaveLength(20);
    for (let k = 0; k < events.length; k += 2) {
      const who = events[k]!.split(' ')[1];
      expect([events[k], events[k + 1]]).toEqual([`enter ${who}`, `exit ${who}`]);
    }
    expect(new Set(events.map((e) => e.split(' ')[1])).size).toBe(10);
  });

  it('makes the other store wait until the holder releases, then gives it the lock', async () => {
    const [a, b] = stores();
    const order: string[] = [];
    const holder = await hold(a, 'a');
    const waiter = b.withLock('a', async () => void order.push('b entered'));
    await sleep(150);
    order.push('a releasing');
    await holder.release();
    await waiter;
    expect(order).toEqual(['a releasing', 'b entered']);
  });

  it('throws LockTimeoutError after waitMs while another store holds it', async () => {
    const [a, b] = stores();
    const holder = await hold(a, 'a');
    let ran = false;
    await expect(b.withLock('a', async () => void (ran = true), { waitMs: 200 })).rejects.toBeInstanceOf(LockTimeoutError);
    expect(ran).toBe(false);
    await holder.release();
  });

  it('does not block locks with other names', async () => {
    const [a, b] = stores();
    const holder = await hold(a, 'a');
    await expect(b.withLock('b', async () => 'got b', { waitMs: 1_000 })).resolves.toBe('got b');
    await holder.release();
  });

  it('releases the lock when fn throws', async () => {
    const [a, b] = stores();
    await expect(a.withLock('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(b.withLock('a', async () => 'after', { waitMs: 500 })).resolves.toBe('after');
  });
}

describe('SQLite store', () => {
  let dir: string;
  let a: Store;
  let b: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-store-'));
    a = createStore(`sqlite:${join(dir, 'x.db')}`);
    await a.migrate();
    b = createStore(`sqlite:${join(dir, 'x.db')}`);
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates idempotently and creates every table', async () => {
    await a.migrate();
    await b.migrate();
    expect(await tableNames(a)).toEqual(TABLES);
    expect(a.dialect).toBe('sqlite');
  });

  it('survives concurrent migrate() from two stores on a fresh file', async () => {
    const file = join(dir, 'fresh.db');
    const [x, y] = [createStore(`sqlite:${file}`), createStore(`sqlite:${file}`)];
    try {
      const results = await Promise.allSettled([x.migrate(), y.migrate()]);
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok']);
      expect(await tableNames(y)).toEqual(TABLES);
    } finally {
      await x.close();
      await y.close();
    }
  });

  it('survives concurrent migrate() from three processes on fresh files', async () => {
    // Each child loads the store, then migrates one fresh file per round at a common wall-clock
    // time, so that the migrations of the three processes overlap.
    const script = `const { createStore } = await import(${JSON.stringify(fileURLToPath(new URL('./store.ts', import.meta.url)))});
      const [dir, startAt] = process.argv.slice(1);
      for (let round = 0; round < ${ROUNDS}; round++) {
        await new Promise((resolve) => setTimeout(resolve, Number(startAt) + round * 200 - Date.now()));
        const store = createStore('sqlite:' + dir + '/round-' + round + '.db');
        await store.migrate();
        await store.close();
      }
      console.log('migrated');`;
    const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
    const startAt = String(Date.now() + 4_000);
    const run = () => promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir, startAt], { cwd: repoRoot });
    const outputs = await Promise.all([run(), run(), run()]);
    expect(outputs.map((o) => o.stdout.trim())).toEqual(['migrated', 'migrated', 'migrated']);
    const check = createStore(`sqlite:${join(dir, `round-${ROUNDS - 1}.db`)}`);
    expect(await tableNames(check)).toEqual(TABLES);
    await check.close();
  });

  it('uses WAL journaling', async () => {
    const { rows } = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(b.db);
    expect(rows[0]?.journal_mode).toBe('wal');
  });

  lockContract(() => [a, b]);

  it('takes over a lock whose holder died (expired lease), but not a live one', async () => {
    const past = new Date(Date.now() - 1_000).toISOString();
    await a.db.insertInto('locks').values({ name: 'dead', owner: 'crashed-process', expires_at: past }).execute();
    await expect(b.withLock('dead', async () => 'taken over', { waitMs: 500 })).resolves.toBe('taken over');

    const future = new Date(Date.now() + 60_000).toISOString();
    await a.db.insertInto('locks').values({ name: 'live', owner: 'other-process', expires_at: future }).execute();
    await expect(b.withLock('live', async () => 'stolen', { waitMs: 200 })).rejects.toBeInstanceOf(LockTimeoutError);
  });

  it('leaves no lease row behind after release', async () => {
    await a.withLock('a', async () => {
      expect(await b.db.selectFrom('locks').select('name').execute()).toEqual([{ name: 'a' }]);
    });
    expect(await b.db.selectFrom('locks').selectAll().execute()).toEqual([]);
  });
});

describeWithPostgres('PostgreSQL store', () => {
  let database: TestDatabase;
  let a: Store;
  let b: Store;
  beforeAll(async () => {
    database = await createTestDatabase();
    a = createStore(database.url);
    b = createStore(database.url);
    await a.migrate();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('migrates idempotently, creates every table and hides the password in location', async () => {
    await a.migrate();
    await b.migrate();
    expect(await tableNames(a)).toEqual(SHARED_TABLES);
    expect(a.dialect).toBe('postgres');
    const withPassword = new URL(database.url);
    withPassword.password = 'canary-pw';
    const store = createStore(withPassword.href);
    expect(store.location).not.toContain('canary-pw');
    await store.close();
  });

  lockContract(() => [a, b]);

  it('gives the lock to a waiter when the holding session dies', async () => {
    const dying = new pg.Client({ connectionString: database.url });
    await dying.connect();
    await dying.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', ['a']);
    await expect(a.withLock('a', async () => 'stolen', { waitMs: 200 })).rejects.toBeInstanceOf(LockTimeoutError);
    const waiter = a.withLock('a', async () => 'taken over', { waitMs: 5_000 });
    await sleep(100);
    await dying.end(); // the server ends the session and with it the advisory lock
    await expect(waiter).resolves.toBe('taken over');
  });

  it('keeps the process alive and works on when the server ends its idle connections', async () => {
    await a.db.selectFrom('workspaces').select('id').execute();
    await a.withLock('idle', async () => 'held');
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const ended = await admin.query('SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
      expect(ended.rows.length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await sleep(200);
    // Without an error listener on the pools, the terminated idle clients' errors end the process
    // (vitest reports them as uncaught); with it, the next query simply opens a new connection.
    await expect(a.db.selectFrom('workspaces').select('id').execute()).resolves.toEqual([]);
    await expect(a.withLock('idle', async () => 'again')).resolves.toBe('again');
  });

  it('survives concurrent migrate() from two stores on fresh databases', async () => {
    for (let round = 0; round < 5; round++) {
      const fresh = await createTestDatabase();
      const [x, y] = [createStore(fresh.url), createStore(fresh.url)];
      try {
        const results = await Promise.allSettled([x.migrate(), y.migrate()]);
        expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok']);
        expect(await tableNames(x)).toEqual(SHARED_TABLES);
      } finally {
        await x.close();
        await y.close();
        await fresh.drop();
      }
    }
  });
});
