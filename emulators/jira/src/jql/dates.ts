/**
 * JQL date literals (§11): `"yyyy/MM/dd HH:mm"`, `"yyyy-MM-dd HH:mm"`, `"yyyy/MM/dd"`,
 * `"yyyy-MM-dd"`, periods relative to now (`-5d`, `-15m`, `"4w 2d"`) and bare numbers as epoch
 * milliseconds. Literals are read in the searching user's time zone; the demo user's is UTC, so
 * they are UTC here. Minute precision: a literal names the start of its minute.
 */
const ABSOLUTE = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/;
const PERIOD = /^([-+]?)\s*((?:\d+\s*[wdhm]\s*)+)$/;
const UNIT_MS: Record<string, number> = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000 };

export function parseJqlDate(text: string, now: number): number | undefined {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const absolute = ABSOLUTE.exec(value);
  if (absolute) {
    const [, year, , month, day, hour, minute] = absolute;
    const ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour ?? 0), Number(minute ?? 0));
    const check = new Date(ms);
    // Refuse 2025-02-30 rather than letting Date roll it over to March.
    return check.getUTCDate() === Number(day) && check.getUTCMonth() === Number(month) - 1 ? ms : undefined;
  }
  const period = PERIOD.exec(value);
  if (period) {
    const sign = period[1] === '-' ? -1 : 1;
    let offset = 0;
    for (const [, amount, unit] of (period[2] ?? '').matchAll(/(\d+)\s*([wdhm])/g)) offset += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
    return now + sign * offset;
  }
  return undefined;
}

/** Date functions of the subset: `now()`, `startOfDay([±period])`, `endOfDay([±period])`. */
export function evaluateDateFunction(name: string, args: readonly string[], now: number): number | undefined {
  const shift = args[0] === undefined ? 0 : (parseJqlDate(args[0], 0) ?? Number.NaN);
  if (Number.isNaN(shift)) return undefined;
  const day = new Date(now);
  const startOfToday = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  switch (name.toLowerCase()) {
    case 'now':
      return now;
    case 'startofday':
      return startOfToday + shift;
    case 'endofday':
      return startOfToday + 86_400_000 - 1 + shift;
    default:
      return undefined;
  }
}

export function invalidDateMessage(text: string, field: string): string {
  return `Date value '${text}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`;
}
