/** Timestamps are stored as ISO-8601 UTC strings: portable across SQLite and PostgreSQL and sortable. */
export function isoNow(now: number = Date.now()): string {
  return new Date(now).toISOString();
}

export function isoIn(ms: number, now: number = Date.now()): string {
  return new Date(now + ms).toISOString();
}
