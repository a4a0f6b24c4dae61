import { createGroupCommit } from '@patchbay/store';
import type { EmbeddedJobs, QueuedRow } from './embedded-jobs.ts';

/** Rows per INSERT: 10 columns each stays far below SQLite's 32 766 bound parameters. */
const MAX_INSERT_BATCH = 500;

/** Enqueues grouped; the workers of each name in a committed batch are woken once. */
export function createEnqueueBatcher(jobs: EmbeddedJobs, wake: (names: Set<string>) => void) {
  return createGroupCommit<QueuedRow>(MAX_INSERT_BATCH, (rows) => jobs.insertMany(rows), (rows) => wake(new Set(rows.map((row) => row.name))));
}

