import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@patchbay/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobsTable } from '../schema.ts';
import { createStore, type Store } from '../store.ts';

let sequence = 0;
function jobRow(overrides: Partial<JobsTable> = {}): JobsTable {
  const id = `job_${String(sequence++).padStart(8, '0')}`;
  return {
    id,
    workspace_id: 'default',
    recipe_id: 'rcp_test',
    recipe_version: 1,
    status: 'succeeded',
    trigger_event: JSON.stringify({ body: { n: sequence, padding: 'x'.repeat(400) } }),
    steps: '{"records":[],"dropped":0}',
    result: '{"ok":true}',
    error: null,
    rerun_of: null,
    lease_until: null,
    created_at: new Date().toISOString(),
    started_at: null,
    finished_at: new Date().toISOString(),
    ...overrides,
  };
}

async function jobIds(store: Store): Promise<string[]> {
  return (await store.db.selectFrom('jobs').select('id').orderBy('id').execute()).map((r) => r.id);
}

function appendContract(open: () => Promise<Store>) {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('inserts every row of a batch, readable as soon as append resolves', async () => {
    const rows = Array.from({ length: 25 }, () => jobRow());
    await store.append('jobs', rows);
    expect(await jobIds(store)).toEqual(rows.map((r) => r.id));
    const stored = await store.db.selectFrom('jobs').selectAll().where('id', '=', rows[3]?.id ?? '').executeTakeFirstOrThrow();
    expect(stored).toEqual(rows[3]);
  });

  it('updates rows by id, each with its own columns, in one call; other rows are untouched', async () => {
    const rows = Array.from({ length: 5 }, () => jobRow({ status: 'running', result: null, finished_at: null }));
    await store.append('jobs', rows);
    const [a, b] = rows;
    await store.updateById('jobs', [
      { id: a?.id ?? '', set: { status: 'succeeded', result: '{"n":1}', finished_at: '2026-01-01T00:00:00.000Z' } },
      { id: b?.id ?? '', set: { status: 'failed', error: '{"code":"x"}' } },
    ]);
    const stored = await store.db.selectFrom('jobs').select(['id', 'status', 'result', 'error', 'finished_at']).orderBy('id').execute();
    expect(stored[0]).toEqual({ id: a?.id, status: 'succeeded', result: '{"n":1}', error: null, finished_at: '2026-01-01T00:00:00.000Z' });
    expect(stored[1]).toEqual({ id: b?.id, status: 'failed', result: null, error: '{"code":"x"}', finished_at: null });
    expect(stored.slice(2).map((r) => r.status)).toEqual(['running', 'running', 'running']);
  });

  it('splits a batch larger than one statement can bind, still all or nothing', async () => {
    const rows = Array.from({ length: 2_500 }, () => jobRow({ trigger_event: '{}' }));
    await store.append('jobs', rows);
    expect(await jobIds(store)).toHaveLength(2_500);
    // The last row repeats the first id already stored: the whole batch, 2,499 good rows included, fails.
    const failing = [...Array.from({ length: 2_499 }, () => jobRow({ trigger_event: '{}' })), jobRow({ id: rows[0]?.id ?? '' })];
    await expect(store.append('jobs', failing)).rejects.toThrow(/unique|duplicate/i);
    expect(await jobIds(store)).toHaveLength(2_500);
  });

  it('a batch with a bad row fails as a whole and leaves what was stored before', async () => {
    const first = jobRow();
    await store.append('jobs', [first]);
    const batch = [jobRow(), { ...first }, jobRow()];
    await expect(store.append('jobs', batch)).rejects.toThrow(/unique|duplicate/i);
    expect(await jobIds(store)).toEqual([first.id]);
    await store.append('jobs', []);
    expect(await jobIds(store)).toEqual([first.id]);
  });
}

describe('store.append on SQLite', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-append-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  appendContract(async () => {
    const store = createStore(`sqlite:${join(dir, `append-${sequence++}.db`)}`);
    await store.migrate();
    return store;
  });

  it('checkpoints the WAL from its own thread: appended rows reach the database file without any checkpoint on this connection', async () => {
    const file = join(dir, 'checkpoints.db');
    const store = createStore(`sqlite:${file}`);
    await store.migrate();
    try {
      const before = statSync(file).size;
      for (let i = 0; i < 40; i++) await store.append('jobs', Array.from({ length: 50 }, () => jobRow()));
      // 2,000 rows of ~600 bytes: over 1 MB in the WAL, far below the 1000-page automatic checkpoint,
      // which this connection no longer does anyway. Only the checkpoint thread moves them to the file.
      const deadline = Date.now() + 5_000;
      while (statSync(file).size < before + 1_000_000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(statSync(file).size).toBeGreaterThan(before + 1_000_000);
      expect(await store.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 2000 });
    } finally {
      await store.close();
    }
  });

  it('works on an in-memory database too (no checkpoint thread there)', async () => {
    const store = createStore('sqlite::memory:');
    await store.migrate();
    try {
      const rows = [jobRow(), jobRow()];
      await store.append('jobs', rows);
      expect(await jobIds(store)).toEqual(rows.map((r) => r.id));
    } finally {
      await store.close();
    }
  });
});

describeWithPostgres('store.append on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  appendContract(async () => {
    const store = createStore(database.url);
    await store.migrate();
    await store.db.deleteFrom('jobs').execute();
    return store;
  });
});
