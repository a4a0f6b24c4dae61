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

/** `?limit=&cursor=` of a list command, as the API's query parameters. */
export interface PageQuery {
  limit?: number;
  cursor?: string;
}

/**
 * The page options given. Command-line values are strings and the API takes `limit` as a number, so
 * the CLI converts it; the range (1 to 500) is the server's to check, and its message says so.
 */
export function pageQuery(args: ParsedArgs): PageQuery {
  const query: PageQuery = {};
  const limit = stringOption(args, 'limit');
  if (limit !== undefined) {
    if (!/^\d+$/.test(limit.trim())) throw new CliError(`--limit "${limit}" is not a whole number: give one from 1 to 500 (default 50).`, 2);
    query.limit = Number(limit);
  }
  const cursor = stringOption(args, 'cursor');
  if (cursor !== undefined) query.cursor = cursor;
  return query;
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

/** One page of a list, whatever the list calls its items. */
export interface ItemPage<Item> {
  items: readonly Item[];
  next: string | null;
}

/** Every item of an API list, 500 a page: for callers that must look through all of them. */
export async function everyItem<Item>(page: (query: { limit: number; cursor?: string }) => Promise<ItemPage<Item>>): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const answer: ItemPage<Item> = await page({ limit: 500, ...(cursor === null ? {} : { cursor }) });
    items.push(...answer.items);
    cursor = answer.next;
  } while (cursor !== null);
  return items;
}
