import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery } from 'kysely';
import { type Store, createStore } from '@patchbay/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobQuery, jobListQuery } from './list.ts';

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchbay-job-list-'));
  store = createStore(`sqlite:${join(dir, 'patchbay.db')}`);
  await store.migrate();
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** SQLite's plan of the query a job list runs, one line per step. */
async function planOf(query: JobQuery): Promise<string> {
  const compiled = jobListQuery(store, 'ws_1', query).compile();
  const plan = await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${compiled.sql}`, [...compiled.parameters]));
  return plan.rows.map((row) => row.detail).join('\n');
}

const after = Buffer.from(JSON.stringify(['jobs', '2025-01-01T00:00:00.000Z', 'job_x'])).toString('base64url');

describe('the job list query', () => {
  it.each<[string, JobQuery, string]>([
    ['all jobs', { limit: 50 }, 'jobs_workspace'],
    ['all jobs after a cursor', { limit: 50, cursor: after }, 'jobs_workspace'],
    ['jobs since a time', { limit: 50, since: '2025-01-01T00:00:00Z' }, 'jobs_workspace'],
    ['jobs of one status after a cursor', { limit: 50, status: 'failed', cursor: after }, 'jobs_workspace_status'],
    ['jobs of one recipe after a cursor', { limit: 50, recipe: 'rcp_1', cursor: after }, 'jobs_recipe'],
  ])('%s reads an index in order and sorts nothing', async (_name, query, index) => {
    const plan = await planOf(query);
    expect(plan).toMatch(new RegExp(`USING INDEX ${index}\\b`));
    expect(plan).not.toMatch(/TEMP B-TREE/);
    // The cursor is a range of the index, not a filter over every row before it.
    if (query.cursor !== undefined) expect(plan).toContain('(created_at,id)<(?,?)');
  });
});
