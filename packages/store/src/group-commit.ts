/**
 * One call of `run` for the items added in the same turn of the event loop (at most `maxBatch`;
 * more go in the next call), each `add` resolving with its own result: `run` returns one per item,
 * in order. A failed call rejects every `add` of its batch. Under light load a batch is one item and
 * adds no delay beyond a turn of the event loop.
 */
export function createBatchedCall<T, R>(maxBatch: number, run: (items: T[]) => Promise<R[]>) {
  const pending: { item: T; resolve: (result: R) => void; reject: (err: unknown) => void }[] = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    const batch = pending.splice(0, maxBatch);
    if (pending.length > 0) schedule();
    if (batch.length === 0) return;
    let results: R[];
    try {
      results = await run(batch.map((p) => p.item));
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    if (results.length !== batch.length) {
      const mismatch = new Error(`a batched call returned ${results.length} results for ${batch.length} items`);
      for (const p of batch) p.reject(mismatch);
      return;
    }
    results.forEach((result, i) => batch[i]?.resolve(result));
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  }

  return {
    add(item: T): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        pending.push({ item, resolve, reject });
        schedule();
      });
    },
  };
}

/**
 * Group commit. On a busy webhook every request writes a job row (and may enqueue it or record
 * its outcome); a commit per write cost more than the statements themselves. Items arriving in the
 * same turn of the event loop are written together in one transaction, and `committed` runs once
 * for the batch. Each `add` resolves only once its item is committed, so a caller that answers
 * after it answers only for stored work; a failed write rejects every caller of that batch (none of
 * it is stored: the transaction is atomic).
 */
export function createGroupCommit<T>(maxBatch: number, write: (items: T[]) => Promise<void>, committed: (items: T[]) => void = () => {}) {
  return createBatchedCall<T, void>(maxBatch, async (items) => {
    await write(items);
    committed(items);
    return items.map(() => undefined);
  });
}
