import type { EmbeddedJobs, QueuedRow } from './embedded-jobs.ts';

/** Rows per INSERT: 10 columns each stays far below SQLite's 32 766 bound parameters. */
const MAX_INSERT_BATCH = 500;

/**
 * Group commit. On a busy webhook every request enqueues one job; a commit per job (and a worker
 * wake-up, so a claim query, per job) cost more than the statements themselves. Items arriving in the same turn of the event loop are written in one
 * statement (one transaction), and `committed` runs once for the batch. Each `add` resolves only once
 * its item is committed, so a caller that answers after it answers only for stored work; a failed
 * statement rejects every caller of that batch (none of it is stored: a statement is atomic). Under
 * light load a batch is one item and adds no delay beyond a turn of the event loop.
 */
export function createGroupCommit<T>(maxBatch: number, write: (items: T[]) => Promise<void>, committed: (items: T[]) => void = () => {}) {
  let pending: { item: T; done: (err?: unknown) => void }[] = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    const batch = pending.splice(0, maxBatch);
    if (pending.length > 0) schedule();
    if (batch.length === 0) return;
    try {
      await write(batch.map((p) => p.item));
    } catch (err) {
      for (const p of batch) p.done(err);
      return;
    }
    for (const p of batch) p.done();
    committed(batch.map((p) => p.item));
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  }

  return {
    add(item: T): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        pending.push({ item, done: (err) => (err === undefined ? resolve() : reject(err)) });
        schedule();
      });
    },
  };
}

/** Enqueues grouped; the workers of each name in a committed batch are woken once. */
export function createEnqueueBatcher(jobs: EmbeddedJobs, wake: (names: Set<string>) => void) {
  return createGroupCommit<QueuedRow>(MAX_INSERT_BATCH, (rows) => jobs.insertMany(rows), (rows) => wake(new Set(rows.map((row) => row.name))));
}

