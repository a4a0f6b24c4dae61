/**
 * The per-minute request budget Zendesk reports on every API answer (§13): `x-rate-limit: 700`
 * (Enterprise) and the remaining count, in both spellings the recordings and docs show
 * (`x-rate-limit-*`/`rate-limit-*` in node-zendesk's fixtures, `ratelimit-*` on the best-practices
 * page). The budget is only reported, never enforced: a test suite that makes 701 calls in a
 * minute should not fail by surprise; `POST /__emulator/rate-limit` makes 429s on demand instead.
 */
export class RequestBudget {
  #windowStart = 0;
  #used = 0;

  constructor(readonly perMinute = 700) {}

  /** Counts one request and returns the headers that describe the budget after it. */
  spend(): Record<string, string> {
    const now = Date.now();
    // A clock that went backwards (tests that move Date) also starts a new window.
    if (now - this.#windowStart >= 60_000 || now < this.#windowStart) {
      this.#windowStart = now;
      this.#used = 0;
    }
    this.#used += 1;
    const remaining = String(Math.max(0, this.perMinute - this.#used));
    const reset = String(Math.max(1, Math.ceil((this.#windowStart + 60_000 - now) / 1000)));
    const limit = String(this.perMinute);
    return {
      'x-rate-limit': limit,
      'rate-limit': limit,
      'ratelimit-limit': limit,
      'x-rate-limit-remaining': remaining,
      'rate-limit-remaining': remaining,
      'ratelimit-remaining': remaining,
      'rate-limit-reset': reset,
      'ratelimit-reset': reset,
    };
  }

  reset(): void {
    this.#windowStart = 0;
    this.#used = 0;
  }
}
