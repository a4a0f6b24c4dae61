import type { ApiRecord } from '../data/api-record.ts';
import { badRequest } from '../errors.ts';

/**
 * Query locators (fact sheet §17): a query whose rows do not fit one batch keeps its rows here,
 * and `nextRecordsUrl` = `/services/data/vXX.X/query/<locator id>-<offset>` reads on. Like
 * Salesforce, a user has at most 10 open cursors (opening an 11th releases the oldest), and a
 * cursor is released once its last batch has been read.
 */
const MAX_OPEN_CURSORS = 10;
export const DEFAULT_BATCH_SIZE = 2000;
const MIN_BATCH_SIZE = 200;

interface Cursor {
  rows: ApiRecord[];
  batchSize: number;
}

export interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: ApiRecord[];
}

export class QueryCursors {
  readonly #open = new Map<string, Cursor>();

  /**
   * The first page of `rows`. `newLocatorId` is only called when more rows remain.
   */
  firstPage(rows: ApiRecord[], totalSize: number, batchSize: number, version: string, newLocatorId: () => string): QueryPage {
    if (rows.length <= batchSize) return { totalSize, done: true, records: rows };
    const id = newLocatorId();
    this.#open.set(id, { rows, batchSize });
    while (this.#open.size > MAX_OPEN_CURSORS) {
      const oldest = this.#open.keys().next().value;
      if (oldest === undefined) break;
      this.#open.delete(oldest);
    }
    return this.#page(id, 0, version);
  }

  /**
   * `GET …/query/<id>-<offset>`; an unknown or released locator is a 400 (UNCERTAIN wording). A
   * batch size sent with this request wins; otherwise the first request's applies (UNCERTAIN).
   */
  nextPage(locator: string, version: string, batchSize?: number): QueryPage {
    const match = /^(.+)-(\d+)$/.exec(locator);
    const cursor = match?.[1] ? this.#open.get(match[1]) : undefined;
    const offset = Number(match?.[2]);
    if (!match?.[1] || !cursor || offset >= cursor.rows.length) throw badRequest('INVALID_QUERY_LOCATOR', 'invalid query locator');
    if (batchSize !== undefined) cursor.batchSize = batchSize;
    return this.#page(match[1], offset, version);
  }

  #page(id: string, offset: number, version: string): QueryPage {
    const cursor = this.#open.get(id);
    if (!cursor) throw badRequest('INVALID_QUERY_LOCATOR', 'invalid query locator');
    const end = offset + cursor.batchSize;
    const records = cursor.rows.slice(offset, end);
    if (end >= cursor.rows.length) {
      this.#open.delete(id);
      return { totalSize: cursor.rows.length, done: true, records };
    }
    return { totalSize: cursor.rows.length, done: false, nextRecordsUrl: `/services/data/v${version}/query/${id}-${end}`, records };
  }
}

/**
 * `Sforce-Query-Options: batchSize=n` (§17): 200–2000, a request rather than a promise; values
 * outside are clamped; undefined when the header names none.
 */
export function batchSizeFrom(header: string | string[] | undefined): number | undefined {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const match = /batchSize\s*=\s*(\d+)/i.exec(text);
  if (!match) return undefined;
  return Math.min(DEFAULT_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, Number(match[1])));
}
