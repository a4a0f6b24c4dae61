/**
 * Gathers the calls made in one turn of the event loop and sends them as one statement: under load,
 * many enqueues (webhooks arriving together) and settles (handlers finishing together) share one round
 * trip and one commit; a lone call waits only for the end of the current turn (`setImmediate`).
 */
export class Batcher<T, R> {
  private pending: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;
  private inFlight = new Set<Promise<void>>();

  /** `flush` receives the items in call order and returns one result per item, in the same order. */
  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    private readonly maxBatch = 500,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.send();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.send());
      }
    });
  }

  /** Waits for every batch sent so far (before the pool closes under them). */
  async idle(): Promise<void> {
    if (this.pending.length > 0) this.send();
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private send(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const sent = this.flush(batch.map((b) => b.item)).then(
      (results) => batch.forEach((b, i) => b.resolve(results[i] as R)),
      (error: unknown) => batch.forEach((b) => b.reject(error)),
    );
    this.inFlight.add(sent);
    void sent.finally(() => this.inFlight.delete(sent));
  }
}
