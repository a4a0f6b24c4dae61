const FIVE_MINUTES = 5 * 60_000;

/**
 * A token is refreshed ahead of its expiry by `min(5 min, lifetime / 2)`: long-lived tokens a few
 * minutes early, short-lived ones (seconds, in tests or strict apps) at half their life.
 */
export function needsRefresh(obtainedAt: string, expiresAt: string | undefined, now = Date.now()): boolean {
  if (expiresAt === undefined) return false;
  const expires = Date.parse(expiresAt);
  const lifetime = Math.max(0, expires - Date.parse(obtainedAt));
  return now >= expires - Math.min(FIVE_MINUTES, lifetime / 2);
}

/** Back-off after failed token requests: 2 s, 4 s, 8 s … capped at 5 minutes. */
export function retryDelayMs(failures: number): number {
  return Math.min(FIVE_MINUTES, 1000 * 2 ** Math.max(1, failures));
}
