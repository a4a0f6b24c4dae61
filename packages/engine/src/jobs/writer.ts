import { type Store, createGroupCommit } from '@patchbay/store';
import { payloadsOf } from './payloads.ts';
import { type JobRow, outcomeColumns } from './store.ts';
import type { RunResult } from './runner.ts';

const MAX_BATCH = 200;

/**
 * Group commit for job rows (see createGroupCommit): new rows inserted together in one
 * transaction (`store.append`), outcomes recorded together in another (`store.updateById`). Each
 * commit costs a write to the database's log, more than the statement itself, and a busy webhook
 * writes one row per event. `write` and `finish` resolve only once committed: a caller that answers
 * after them still answers only for stored events. Payloads are given as JSON and stored sealed
 * (payloads.ts).
 */
export function createJobWriter(store: Store) {
  const payloads = payloadsOf(store.db);
  const inserts = createGroupCommit<JobRow>(MAX_BATCH, (rows) => store.append('jobs', rows.map((row) => payloads.sealColumns(row.id, row))));
  const outcomes = createGroupCommit<{ id: string; set: ReturnType<typeof outcomeColumns> }>(MAX_BATCH, (rows) => store.updateById('jobs', rows));
  return {
    write: (row: JobRow): Promise<void> => inserts.add(row),
    /** Records a job's outcome on its stored row. */
    finish: (id: string, outcome: RunResult): Promise<void> => outcomes.add({ id, set: payloads.sealColumns(id, outcomeColumns(outcome)) }),
  };
}

export type JobWriter = ReturnType<typeof createJobWriter>;
