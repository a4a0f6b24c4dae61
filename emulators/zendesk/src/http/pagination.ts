import type { EmuRequest, EmuResponse } from '@patchbay/emulator-kit';
import { positiveInt } from '../body.ts';
import { invalidAttribute, zendeskJson } from './responses.ts';

/**
 * List pagination (§10). Cursor pagination when the request names `page[size]`, `page[after]` or
 * `page[before]`; otherwise offset pagination (`page`, `per_page`). Both cap pages at 100 records.
 * Every URL in an answer is absolute and built from the origin the client used, so node-zendesk,
 * which follows `links.next`/`next_page` only when they contain its own base URL (§14), follows
 * them.
 */
export const MAX_PAGE_SIZE = 100;
/** §10: offset pagination stops at 100 pages (support article 5591904358938). */
const MAX_OFFSET_PAGES = 100;

interface Listing<T> {
  /** Items in id order. */
  items: readonly T[];
  idOf: (item: T) => number;
  toJson: (item: T) => unknown;
  /** The collection key, e.g. `organizations`. */
  key: string;
  /** The path under `/api/v2`, without `.json`, e.g. `organizations`. */
  path: string;
}

export function listPage<T>(req: EmuRequest, listing: Listing<T>): EmuResponse {
  const q = req.query;
  const cursorMode = q.has('page[size]') || q.has('page[after]') || q.has('page[before]');
  return cursorMode ? cursorPage(req, listing) : offsetPage(req, listing);
}

function cursorPage<T>(req: EmuRequest, listing: Listing<T>): EmuResponse {
  const sizeText = req.query.get('page[size]');
  const size = sizeText === null ? MAX_PAGE_SIZE : positiveInt(sizeText);
  if (size === undefined || size > MAX_PAGE_SIZE) {
    return invalidAttribute(`You passed an invalid value for the page[size] attribute. Invalid parameter: page[size] must be an integer between 1 and ${MAX_PAGE_SIZE}`);
  }
  const after = req.query.get('page[after]');
  const before = req.query.get('page[before]');
  const afterId = after === null ? undefined : decodeCursor(after);
  const beforeId = before === null ? undefined : decodeCursor(before);
  if ((after !== null && afterId === undefined) || (before !== null && beforeId === undefined)) {
    return invalidAttribute('You passed an invalid value for the page[after] or page[before] attribute. The cursor is not valid.');
  }
  const { items, idOf } = listing;
  let page: readonly T[];
  let hasMore: boolean;
  if (beforeId !== undefined) {
    const earlier = items.filter((item) => idOf(item) < beforeId);
    page = earlier.slice(Math.max(0, earlier.length - size));
    hasMore = earlier.length > size;
  } else {
    const later = afterId === undefined ? items : items.filter((item) => idOf(item) > afterId);
    page = later.slice(0, size);
    hasMore = later.length > size;
  }
  const first = page[0];
  const last = page[page.length - 1];
  const afterCursor = last === undefined ? null : encodeCursor(idOf(last));
  const beforeCursor = first === undefined ? null : encodeCursor(idOf(first));
  // As recorded (NZ-fx organizations_test_list_all.json): `links.next` is set whenever the page is
  // not empty, even with `has_more: false`; following it gives an empty page with null links.
  const link = (name: 'after' | 'before', cursor: string | null) => {
    if (cursor === null) return null;
    const params = new URLSearchParams({ [`page[${name}]`]: cursor, 'page[size]': String(size) });
    for (const [key, value] of req.query) if (!key.startsWith('page')) params.append(key, value);
    return `${req.origin}/api/v2/${listing.path}.json?${params}`;
  };
  return zendeskJson(200, {
    [listing.key]: page.map(listing.toJson),
    meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
    links: { prev: link('before', beforeCursor), next: link('after', afterCursor) },
  });
}

function offsetPage<T>(req: EmuRequest, listing: Listing<T>): EmuResponse {
  const page = positiveInt(req.query.get('page')) ?? 1;
  const perPage = Math.min(MAX_PAGE_SIZE, positiveInt(req.query.get('per_page')) ?? MAX_PAGE_SIZE);
  if (page > MAX_OFFSET_PAGES) {
    // UNCERTAIN: the article gives the status (400) but not the body; §12's bad-parameter shape.
    return invalidAttribute(`Offset pagination is limited to ${MAX_OFFSET_PAGES} pages. Use cursor pagination (page[size]) to read further.`);
  }
  const { items } = listing;
  const start = (page - 1) * perPage;
  return zendeskJson(200, {
    [listing.key]: items.slice(start, start + perPage).map(listing.toJson),
    next_page: start + perPage < items.length ? offsetUrl(req, listing.path, page + 1, perPage) : null,
    previous_page: page > 1 ? offsetUrl(req, listing.path, page - 1, perPage) : null,
    count: items.length,
  });
}

/** The URL of another offset page, keeping the request's other parameters (query, sort …). */
export function offsetUrl(req: EmuRequest, path: string, page: number, perPage: number): string {
  const params = new URLSearchParams(req.query);
  params.set('page', String(page));
  params.set('per_page', String(perPage));
  return `${req.origin}/api/v2/${path}.json?${params}`;
}

/** Opaque cursors in Zendesk's style: base64 of a small JSON document (NZ-fx list fixture). */
export function encodeCursor(id: number): string {
  return Buffer.from(JSON.stringify({ o: 'id', v: id })).toString('base64');
}

function decodeCursor(cursor: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
    const value = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'v') : undefined;
    return typeof value === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}
