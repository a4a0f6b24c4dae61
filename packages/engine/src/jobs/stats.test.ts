import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery } from 'kysely';
import { newSortableId } from '@patchbay/core';
import { type JobStatusValue, type Store, createStore } from '@patchbay/store';
import { type TestDatabase, createTestDatabase, describeWithPostgres } from '@patchbay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobStats, jobStatsQuery } from './stats.ts';

const HOUR = 3_600_000;
// 2025-03-10T14:37:12.345Z: the current hour is 14:00–15:00.
const NOW = new Date(Date.UTC(2025, 2, 10, 14, 37, 12, 345));
const CURRENT_HOUR = Date.UTC(2025, 2, 10, 14);

async function addJob(store: Store, createdAt: number, status: JobStatusValue, recipe = 'rcp_a', workspace = 'ws_1'): Promise<void> {
  const iso = new Date(createdAt).toISOString();
  await store.db
    .insertInto('jobs')
    .values({ id: newSortableId('job', createdAt), workspace_id: workspace, recipe_id: recipe, recipe_version: 1, status, trigger_event: 'null', steps: null, result: null, error: null, rerun_of: null, lease_until: null, created_at: iso, started_at: null, finished_at: null })
    .execute();
}

/** The same facts on each dialect: the query groups by text, so both must agree to the job. */
function statsBehaviour(open: () => Promise<Store>) {
  let store: Store;
  beforeAll(async () => {
    store = await open();
    await addJob(store, CURRENT_HOUR + 1, 'running');
    await addJob(store, NOW.getTime() - 1, 'queued');
    await addJob(store, CURRENT_HOUR, 'succeeded'); // the first millisecond of the hour belongs to it
    await addJob(store, CURRENT_HOUR - 1, 'failed'); // the last millisecond of the previous hour
    await addJob(store, CURRENT_HOUR - 1, 'failed');
    await addJob(store, CURRENT_HOUR - 5 * HOUR + 59 * 60_000, 'cancelled');
    await addJob(store, CURRENT_HOUR - 23 * HOUR, 'succeeded'); // the oldest hour of 24
    await addJob(store, CURRENT_HOUR - 22 * HOUR - 1, 'succeeded'); // its last millisecond: also in it
    await addJob(store, CURRENT_HOUR - 23 * HOUR - 1, 'succeeded'); // the hour before it: outside
    await addJob(store, CURRENT_HOUR + HOUR, 'queued'); // a later hour (another process's clock): outside
    await addJob(store, CURRENT_HOUR - 2 * HOUR, 'succeeded', 'rcp_b');
    await addJob(store, CURRENT_HOUR - 2 * HOUR, 'failed', 'rcp_a', 'ws_other');
  });
  afterAll(() => store?.close());

  it('answers exactly `hours` whole UTC hours, oldest first, the current hour last, counting by status', async () => {
    const stats = await jobStats(store, 'ws_1', { hours: 24, now: NOW });
    expect(stats.from).toBe('2025-03-09T15:00:00.000Z');
    expect(stats.to).toBe('2025-03-10T15:00:00.000Z');
    expect(stats.buckets).toHaveLength(24);
    expect(stats.buckets.map((b) => Date.parse(b.start))).toEqual(Array.from({ length: 24 }, (_, i) => CURRENT_HOUR - (23 - i) * HOUR));
    const at = (hoursAgo: number) => stats.buckets[23 - hoursAgo];
    expect(at(0)).toEqual({ start: '2025-03-10T14:00:00.000Z', queued: 1, running: 1, succeeded: 1, failed: 0, cancelled: 0 });
    expect(at(1)).toMatchObject({ start: '2025-03-10T13:00:00.000Z', failed: 2, succeeded: 0 });
    expect(at(2)).toMatchObject({ succeeded: 1, failed: 0 }); // rcp_b's job; not the other workspace's
    expect(at(5)).toMatchObject({ cancelled: 1 });
    expect(at(23)).toMatchObject({ succeeded: 2 });
    const total = stats.buckets.reduce((sum, b) => sum + b.queued + b.running + b.succeeded + b.failed + b.cancelled, 0);
    expect(total).toBe(9);
  });

  it('one recipe only, and one hour', async () => {
    const ofA = await jobStats(store, 'ws_1', { recipe: 'rcp_a', hours: 24, now: NOW });
    expect(ofA.buckets[21]).toMatchObject({ succeeded: 0, failed: 0 });
    const ofB = await jobStats(store, 'ws_1', { recipe: 'rcp_b', hours: 3, now: NOW });
    expect(ofB.buckets.map((b) => b.succeeded)).toEqual([1, 0, 0]);
    const one = await jobStats(store, 'ws_1', { hours: 1, now: NOW });
    expect(one).toEqual({
      from: '2025-03-10T14:00:00.000Z',
      to: '2025-03-10T15:00:00.000Z',
      buckets: [{ start: '2025-03-10T14:00:00.000Z', queued: 1, running: 1, succeeded: 1, failed: 0, cancelled: 0 }],
    });
  });

  it('is one grouped query', () => {
    const { sql } = jobStatsQuery(store, 'ws_1', { hours: 24, now: NOW }).compile();
    expect(sql.match(/\bselect\b/gi)).toHaveLength(1);
    expect(sql).toMatch(/group by substr\("?created_at"?, 1, 13\), "status"/);
  });
}

describe('jobs per hour on SQLite', () => {
  let dir: string;
  statsBehaviour(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-job-stats-'));
    const store = createStore(`sqlite:${join(dir, 'patchbay.db')}`);
    await store.migrate();
    return store;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the range from an index', async () => {
    const store = createStore(`sqlite:${join(dir, 'patchbay.db')}`);
    try {
      for (const [recipe, index] of [[undefined, 'jobs_workspace'], ['rcp_a', 'jobs_recipe']] as const) {
        const compiled = jobStatsQuery(store, 'ws_1', { recipe, hours: 24, now: NOW }).compile();
        const plan = await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${compiled.sql}`, [...compiled.parameters]));
        expect(plan.rows.map((row) => row.detail).join('\n')).toMatch(new RegExp(`USING (COVERING )?INDEX ${index}\\b`));
      }
    } finally {
      await store.close();
    }
  });
});

describeWithPostgres('jobs per hour on PostgreSQL', () => {
  let db: TestDatabase;
  statsBehaviour(async () => {
    db = await createTestDatabase();
    const store = createStore(db.url);
    await store.migrate();
    return store;
  });
  afterAll(() => db?.drop());
});
