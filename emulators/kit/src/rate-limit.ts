/**
 * Makes the next API requests answer "too many requests", so connector tests can prove they wait
 * for `Retry-After` and try again (`POST /__emulator/rate-limit {"count": 1, "retryAfter": 1}`).
 */
export class RateLimiter {
  #remaining = 0;
  #retryAfterSeconds = 1;

  failNext(count: number, retryAfterSeconds: number): void {
    this.#remaining = Math.max(0, Math.floor(count));
    this.#retryAfterSeconds = Math.max(0, Math.floor(retryAfterSeconds));
  }

  /** Seconds to put in `Retry-After` when this request must be refused, else undefined. */
  take(): number | undefined {
    if (this.#remaining <= 0) return undefined;
    this.#remaining -= 1;
    return this.#retryAfterSeconds;
  }

  reset(): void {
    this.#remaining = 0;
  }
}
