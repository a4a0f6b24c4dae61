/**
 * JQL pieces. Strings are quoted with `"` and backslash escapes; date literals have minute
 * precision and are read in the searching user's time zone (fact sheet §11).
 */
export function jqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `"yyyy-MM-dd HH:mm"` of an instant in a time zone (an IANA name such as `Europe/Berlin`). */
export function jqlDateTime(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return jqlString(`${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`);
}

/** Whether `Intl` knows a time zone name (Jira's `timeZone` is an IANA name). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Jira's timestamps, `2025-01-10T15:37:52.096+0300` (§1), as epoch milliseconds: the offset has no
 * colon, which `Date.parse` does not read everywhere.
 */
export function parseJiraTime(value: string): number | undefined {
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : ms;
}
