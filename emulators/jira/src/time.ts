/**
 * Jira's timestamp format: `2025-01-10T15:37:52.096+0000` — milliseconds and a `+hhmm` offset
 * without a colon (§1). The demo user's time zone is UTC, so the offset is always `+0000`.
 */
export function jiraTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** `yyyy-MM-ddTHH:mmZ`, the format of `X-RateLimit-Reset` (§13). */
export function minuteTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/** Accepts what a control request may carry for a date: epoch millis, ISO 8601 or Jira's own format. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return undefined;
  // Jira's `+0000` offsets are not ISO 8601 for Date.parse on every engine: add the colon.
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : ms;
}
