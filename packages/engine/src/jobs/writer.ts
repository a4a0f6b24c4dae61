import type { Store } from '@patchbay/store';
import { payloadsOf } from './payloads.ts';
import type { JobRow } from './store.ts';

const MAX_BATCH = 200;

/**
 * Group commit for job rows. Each commit costs a write to the database's log (tens of µs on a disk,
 * more than the insert itself), so rows arriving together are inserted in one transaction
 * (`store.append`). `write` resolves only once its row is committed: a caller that answers after
 * it still answers only for stored events. Under light load a batch is one row and adds no delay
 * beyond a turn of the event loop. Rows are given with JSON payloads and stored sealed (payloads.ts).
 */
export function createJobWriter(store: Store) {
  const payloads = payloadsOf(store.db);
  let pending: { row: JobRow; done: (err?: unknown) => void }[] = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    const batch = pending.splice(0, MAX_BATCH);
    if (pending.length > 0) schedule();
    if (batch.length === 0) return;
    try {
      await store.append('jobs', batch.map((p) => payloads.sealColumns(p.row.id, p.row)));
      for (const p of batch) p.done();
    } catch (err) {
      for (const p of batch) p.done(err);
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  }

  return {
    write(row: JobRow): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        pending.push({ row, done: (err) => (err === undefined ? resolve() : reject(err)) });
        schedule();
      });
    },
  };
}

export type JobWriter = ReturnType<typeof createJobWriter>;
