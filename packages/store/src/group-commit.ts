/**
 * Group commit. On a busy webhook every request writes a job row (and may enqueue it or record
 * its outcome); a commit per write cost more than the statements themselves. Items arriving in the
 * same turn of the event loop are written together in one transaction, and `committed` runs once
 * for the batch. Each `add` resolves only once its item is committed, so a caller that answers
 * after it answers only for stored work; a failed write rejects every caller of that batch (none of
 * it is stored: the transaction is atomic). Under light load a batch is one item and adds no delay
 * beyond a turn of the event loop.
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
