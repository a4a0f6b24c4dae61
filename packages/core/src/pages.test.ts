import { describe, expect, it } from 'vitest';
import { InvalidInputError } from './errors.ts';
import { decodeCursor, encodeCursor, pageFrom } from './pages.ts';

const position = { at: '2025-01-31T09:00:00.000Z', id: 'job_01jq4m8v2b0000' };
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

describe('cursors', () => {
  it('decode to the position they were made from, in the list that made them', () => {
    const cursor = encodeCursor('jobs', position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('jobs', cursor)).toEqual(position);
  });

  it.each([
    ['not base64url', '!!!'],
    ['not JSON', b64('jobs,2025-01-31,job_1')],
    ['an object', b64({ list: 'jobs', at: position.at, id: position.id })],
    ['too short an array', b64(['jobs', position.at])],
    ['a time that is not one', b64(['jobs', 'yesterday', 'job_1'])],
    ['an empty id', b64(['jobs', position.at, ''])],
    ['a number for the id', b64(['jobs', position.at, 7])],
  ])('refuse %s with a 400 that says what to pass', (_name, cursor) => {
    const error = (() => {
      try {
        decodeCursor('jobs', cursor);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_input', message: expect.stringContaining('pass the "next" value') });
  });

  it("refuse another list's cursor, naming that list", () => {
    expect(() => decodeCursor('jobs', encodeCursor('connections', position))).toThrow(/belongs to the connections list, not to the jobs list/);
  });
});

describe('pageFrom', () => {
  const rows = [1, 2, 3, 4].map((n) => ({ created_at: `2025-01-0${n}T00:00:00.000Z`, id: `r${n}` }));
  const positionOf = (row: { created_at: string; id: string }) => ({ at: row.created_at, id: row.id });

  it('keeps `limit` rows and points `next` after the last one when a row more was found', () => {
    const page = pageFrom(rows, { limit: 3 }, 'jobs', positionOf, (row) => row.id);
    expect(page.items).toEqual(['r1', 'r2', 'r3']);
    expect(decodeCursor('jobs', page.next ?? '')).toEqual({ at: '2025-01-03T00:00:00.000Z', id: 'r3' });
  });

  it('ends without a cursor when no row more was found, so no request returns an empty page', () => {
    expect(pageFrom(rows, { limit: 4 }, 'jobs', positionOf, (row) => row.id)).toEqual({ items: ['r1', 'r2', 'r3', 'r4'], next: null });
    expect(pageFrom([], { limit: 4 }, 'jobs', positionOf, (row) => row.id)).toEqual({ items: [], next: null });
  });
});
