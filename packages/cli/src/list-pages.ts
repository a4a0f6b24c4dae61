import type { ApiClient } from './api-client.ts';
import { CliError, type OptionsConfig, type ParsedArgs, stringOption } from './command.ts';

/*
 * What the `list` commands share: the API answers a page at a time (`?limit=&cursor=`, `next`), and
 * a command prints one page, then the command that prints the next one.
 */

export const PAGE_OPTIONS: OptionsConfig = { limit: { type: 'string' }, cursor: { type: 'string' }, json: { type: 'boolean' } };

export const PAGE_USAGE = [
  '  --limit <n>        at most n items, 1 to 500 (default 50)',
  '  --cursor <cursor>  the page after the one that printed this cursor',
  '  --json             print the page as JSON, with its "next" cursor',
].join('\n');

/** `?limit=…&cursor=…&<filters>` for the options given; '' when none. */
export function pageQuery(args: ParsedArgs, filters: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value !== undefined) query.set(name, value);
  for (const name of ['limit', 'cursor']) {
    const value = stringOption(args, name);
    if (value !== undefined) query.set(name, value);
  }
  return query.size > 0 ? `?${query.toString()}` : '';
}

/**
 * The line after a page that has a next one: the same command with its arguments and `--cursor`,
 * ready to copy. '' on the last page.
 */
export function nextPageHint(path: readonly string[], args: ParsedArgs, next: string | null): string {
  if (next === null) return '';
  const words = ['patchbay', ...path, ...args.positionals];
  for (const [name, value] of Object.entries(args.values)) {
    if (name === 'cursor' || name === 'json' || typeof value !== 'string') continue;
    words.push(`--${name}`, value);
  }
  words.push('--cursor', next);
  return `\nMore: ${words.map(shellWord).join(' ')}\n`;
}

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `--since`: a time (`2025-01-31`, `2025-01-31T09:00:00+01:00`) or an age (`30m`, `2h`, `7d`), sent
 * as the ISO time the API takes.
 */
export function sinceOf(raw: string, now: number = Date.now()): string {
  const age = /^(\d{1,6})([smhd])$/.exec(raw.trim());
  if (age) return new Date(now - Number(age[1]) * (UNITS[age[2] ?? 's'] ?? 1000)).toISOString();
  const time = Date.parse(raw);
  if (Number.isNaN(time)) throw new CliError(`--since "${raw}" is not a time: give one such as 2025-01-31, 2025-01-31T09:00:00Z, or an age such as 30m, 2h or 7d.`, 2);
  return new Date(time).toISOString();
}

/** Every item of an API list, 500 a page: for callers that must look through all of them. */
export async function everyItem<K extends string, T>(api: ApiClient, path: string, key: K): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const query: string = new URLSearchParams({ limit: '500', ...(cursor === null ? {} : { cursor }) }).toString();
    const page: Record<K, T[]> & { next: string | null } = await api.request('GET', `${path}?${query}`);
    items.push(...page[key]);
    cursor = page.next;
  } while (cursor !== null);
  return items;
}
