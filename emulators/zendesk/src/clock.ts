/**
 * Time as Zendesk writes it: ISO-8601 to the second with `Z` (`2023-09-23T00:16:16Z`, fact sheet §1)
 * and Unix seconds for `generated_timestamp` and `start_time` (§11).
 */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function isoSeconds(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Unix seconds of a Zendesk timestamp or ISO date (`2024-05-01`), or undefined when unreadable. */
export function parseTime(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * The second a record's change is stamped with. Zendesk timestamps have one-second resolution, so
 * two changes in the same second would carry the same `updated_at` and a sync that compares it
 * would miss the second change. The emulator moves such a change to the next second instead:
 * `updated_at` strictly grows per record (it may run a few seconds ahead under a burst of writes).
 */
export function nextChangeSecond(previous: number | undefined): number {
  const now = nowSeconds();
  return previous === undefined ? now : Math.max(now, previous + 1);
}
