import { InvalidInputError } from './errors.ts';

/*
 * Keyset pagination for every list of the API. A page ends at its last item's sort key and id; the
 * next page starts strictly after them. Unlike an offset, this never skips or repeats an item when
 * others are added or deleted between two requests, and page 1000 costs what page 1 costs (an index
 * range scan from the position).
 */

/** One page of a list. `next` is the cursor of the following page; null on the last one. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** At most `limit` items, after `cursor` (the `next` of an earlier page; absent for the first page). */
export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** Where a page ended: the sort key (an ISO time) and id of its last item. */
export interface PagePosition {
  at: string;
  id: string;
}

const MAX_AT = 64;
const MAX_ID = 200;

/** The opaque `next` value: base64url of `[list, at, id]`. The list name catches a cursor pasted into another list. */
export function encodeCursor(list: string, position: PagePosition): string {
  return Buffer.from(JSON.stringify([list, position.at, position.id]), 'utf8').toString('base64url');
}

/** The position a cursor of `list` names; 400 `invalid_input` for anything else. */
export function decodeCursor(list: string, cursor: string): PagePosition {
  const parsed = parseCursor(cursor);
  if (parsed === undefined) {
    throw new InvalidInputError(
      'query.cursor is not a cursor Patchbay issued: pass the "next" value of the previous page unchanged, or leave cursor out to start at the first page.',
      [{ path: 'query.cursor', message: 'is not a cursor Patchbay issued' }],
    );
  }
  const [from, at, id] = parsed;
  if (from !== list) {
    throw new InvalidInputError(
      `query.cursor belongs to the ${from} list, not to the ${list} list: pass the "next" value this list returned, or leave cursor out to start at the first page.`,
      [{ path: 'query.cursor', message: `belongs to the ${from} list` }],
    );
  }
  return { at, id };
}

function parseCursor(cursor: string): [string, string, string] | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 3) return undefined;
  const [list, at, id]: unknown[] = value;
  if (typeof list !== 'string' || !/^[a-z]{1,32}$/.test(list)) return undefined;
  if (typeof at !== 'string' || at.length === 0 || at.length > MAX_AT || Number.isNaN(Date.parse(at))) return undefined;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID) return undefined;
  return [list, at, id];
}

/**
 * The page from rows fetched with `limit + 1`: the extra row only says that there is a next page,
 * so the last page never ends with a cursor that leads to an empty one.
 */
export function pageFrom<R, T>(rows: readonly R[], request: PageRequest, list: string, positionOf: (row: R) => PagePosition, toItem: (row: R) => T): Page<T> {
  const kept = rows.slice(0, request.limit);
  const last = kept.at(-1);
  const next = rows.length > request.limit && last !== undefined ? encodeCursor(list, positionOf(last)) : null;
  return { items: kept.map(toItem), next };
}
