/**
 * Salesforce date and dateTime values (fact sheet §19): records carry dateTimes as
 * `2024-10-26T16:20:53.000+0000` (UTC, offset without a colon) and store them with seconds
 * precision; writes accept `Z` or `±HH:mm` offsets; dates are `yyyy-MM-dd`.
 */
const DATETIME_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_INPUT = /^(\d{4})-(\d{2})-(\d{2})$/;
export const DAY_MS = 86_400_000;

/** Milliseconds dropped, as Salesforce stores them (§19, [S27]). */
export function toSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export function nowSeconds(): number {
  return toSeconds(Date.now());
}

export function formatDateTime(ms: number): string {
  return `${new Date(toSeconds(ms)).toISOString().slice(0, 19)}.000+0000`;
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function validCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Epoch milliseconds of an ISO dateTime with `Z`, `±HH:mm` or `±HHmm` (what record values and
 * SOQL literals use); no offset means UTC. Keeps milliseconds: callers that store truncate.
 */
export function parseDateTime(text: string): number | undefined {
  const match = DATETIME_INPUT.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y), month = Number(mo), day = Number(d);
  const hour = Number(h), minute = Number(mi), second = Number(s);
  if (!validCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * (zone.startsWith('-') ? -1 : 1);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

/** `yyyy-MM-dd` if it names a real calendar day. */
export function parseDate(text: string): string | undefined {
  const match = DATE_INPUT.exec(text);
  if (!match) return undefined;
  return validCalendarDate(Number(match[1]), Number(match[2]), Number(match[3])) ? text : undefined;
}

/** Epoch milliseconds of midnight UTC starting a `yyyy-MM-dd` day. */
export function dateToMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}
