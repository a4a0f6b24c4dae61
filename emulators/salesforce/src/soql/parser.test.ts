import { describe, expect, it } from 'vitest';
import { parseSoql } from './parser.ts';
import { SoqlError } from './soql-error.ts';

function failure(soql: string): { errorCode: string; message: string; row?: number; column?: number } {
  try {
    parseSoql(soql);
  } catch (error) {
    if (error instanceof SoqlError) return { errorCode: error.errorCode, message: error.message, ...error.position };
    throw error;
  }
  throw new Error(`expected ${soql} to fail`);
}

describe('parseSoql', () => {
  it('parses the connector polling query', () => {
    const query = parseSoql(
      "SELECT Id, Name, CreatedDate FROM Account WHERE (CreatedDate > 2026-01-01T00:00:00Z OR (CreatedDate = 2026-01-01T00:00:00Z AND Id > '001000000000001AAA')) ORDER BY CreatedDate ASC, Id ASC LIMIT 200",
    );
    expect(query.fields.map((f) => f.text)).toEqual(['Id', 'Name', 'CreatedDate']);
    expect(query.from.name).toBe('Account');
    expect(query.limit).toBe(200);
    expect(query.orderBy.map((o) => [o.field.text, o.descending, o.nullsLast])).toEqual([['CreatedDate', false, false], ['Id', false, false]]);
    expect(query.where).toMatchObject({
      kind: 'or',
      operands: [
        { kind: 'compare', operator: '>', value: { kind: 'datetime', value: Date.UTC(2026, 0, 1) } },
        { kind: 'and', operands: [{ kind: 'compare', operator: '=' }, { kind: 'compare', operator: '>', value: { kind: 'string', value: '001000000000001AAA' } }] },
      ],
    });
  });

  it('reads dateTime offsets and milliseconds, dates, relative dates, null and booleans', () => {
    const where = parseSoql(
      'SELECT Id FROM Case WHERE CreatedDate >= 2026-01-01T01:00:00+01:00 AND SystemModstamp < 2026-01-01T00:00:00.250-08:00 AND ClosedDate = 2026-02-03 AND CreatedDate = LAST_N_DAYS:7 AND IsDeleted = FALSE AND Subject != NULL',
    ).where;
    expect(where).toMatchObject({
      kind: 'and',
      operands: [
        { value: { kind: 'datetime', value: Date.UTC(2026, 0, 1) } },
        { value: { kind: 'datetime', value: Date.UTC(2026, 0, 1, 8, 0, 0, 250) } },
        { value: { kind: 'date', value: '2026-02-03' } },
        { value: { kind: 'relative', name: 'LAST_N_DAYS', days: 7 } },
        { value: { kind: 'boolean', value: false } },
        { operator: '!=', value: { kind: 'null' } },
      ],
    });
  });

  it('unescapes strings but keeps LIKE escapes, and reads NOT IN, <> and NULLS LAST', () => {
    const query = parseSoql("select name from account where name like 'O\\'Brien\\_%' and Industry not in ('A', 'B') and Phone <> '1' order by Name desc nulls first");
    expect(query.where).toMatchObject({
      operands: [
        { operator: 'LIKE', value: { value: "O'Brien\\_%" } },
        { kind: 'in', negated: true, values: [{ value: 'A' }, { value: 'B' }] },
        { operator: '!=' },
      ],
    });
    expect(query.orderBy[0]).toMatchObject({ descending: true, nullsLast: false });
    expect(parseSoql('SELECT Id FROM Account ORDER BY Name DESC').orderBy[0]).toMatchObject({ nullsLast: true });
  });

  it('parses COUNT() and parent paths', () => {
    expect(parseSoql('SELECT COUNT() FROM Contact')).toMatchObject({ count: true, fields: [] });
    expect(parseSoql('SELECT Account.Owner.Name FROM Contact').fields[0]?.path).toEqual(['Account', 'Owner', 'Name']);
  });

  it('reports Salesforce’s unexpected-token errors with row and column', () => {
    expect(failure('SELECT Id FRM Account')).toEqual({ errorCode: 'MALFORMED_QUERY', message: "unexpected token: 'FRM'", row: 1, column: 11 });
    expect(failure('SELECT Id FROM')).toMatchObject({ message: 'unexpected token: <EOF>', column: 15 });
    expect(failure('SELECT Id,\nFROM Account')).toMatchObject({ message: "unexpected token: 'FROM'", row: 2, column: 1 });
    expect(failure("SELECT Id FROM Account WHERE Name = 'a' AND Phone = 'b' OR Id = null")).toMatchObject({ message: "unexpected token: 'OR'" });
    expect(failure('SELECT Id FROM Account WHERE Name = $x')).toMatchObject({ message: "line 1:36 no viable alternative at character '$'" });
    expect(failure("SELECT Id FROM Account WHERE Name = 'open")).toMatchObject({ errorCode: 'MALFORMED_QUERY' });
    expect(failure('SELECT Id FROM Account WHERE CreatedDate > 2026-01-01T00:00:00')).toMatchObject({ errorCode: 'MALFORMED_QUERY' });
    expect(failure('SELECT Id FROM Account OFFSET 2001')).toMatchObject({ errorCode: 'NUMBER_OUTSIDE_VALID_RANGE', message: 'Maximum SOQL offset allowed is 2000' });
  });
});
