import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SalesforceEmulator, startSalesforceEmulator } from './index.ts';
import { asObject, connect, mintToken, rejection, seedRecord } from './test-support.ts';

// Fidelity of SOQL through jsforce 3: filters, relationships, errors, and paging across batches.
let sf: SalesforceEmulator;
let conn: Connection;
const BULK = 450;
// A fresh object each time: jsforce writes its Authorization header into the headers it is given.
const smallBatch = () => ({ 'Sforce-Query-Options': 'batchSize=200' });

beforeAll(async () => {
  sf = await startSalesforceEmulator();
  conn = await connect(sf);
  for (let i = 0; i < BULK; i++) {
    await seedRecord(sf, 'Invoice__c', { Name: `BULK-${String(i).padStart(4, '0')}`, Amount__c: i, Status__c: 'Draft' });
  }
});
afterAll(async () => {
  await sf.close();
});

describe('SOQL subset', () => {
  it('selects parent fields through lookups, nested with attributes', async () => {
    const result = await conn.query<Record<string, unknown>>('SELECT name, Account.Name, Owner.Name FROM Contact ORDER BY LastName');
    expect(result).toMatchObject({ totalSize: 2, done: true });
    expect(result.records[0]).toEqual({
      attributes: { type: 'Contact', url: expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/Contact\/003/) },
      Name: 'Grace Hopper',
      Account: { attributes: { type: 'Account', url: expect.stringMatching(/\/Account\/001/) }, Name: 'Globex Industries' },
      Owner: { attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${sf.userId}` }, Name: 'Patchbay Integration' },
    });
    const invoices = await conn.query<{ Account__r: { Name: string } | null }>("SELECT Account__r.Name FROM Invoice__c WHERE Name LIKE 'INV-%' ORDER BY Name");
    expect(invoices.records.map((r) => r.Account__r?.Name)).toEqual(['Acme Corporation', 'Globex Industries']);
    const orphans = await conn.query<{ Account__r: unknown }>("SELECT Account__r.Name FROM Invoice__c WHERE Name = 'BULK-0000'");
    expect(orphans.records[0]?.Account__r).toBeNull();
  });

  it('filters with AND, OR, NOT, IN, LIKE, null and numbers, case-insensitively for text', async () => {
    const names = async (soql: string) => (await conn.query<{ Name: string }>(soql)).records.map((r) => r.Name);
    expect(await names("SELECT Name FROM Account WHERE Industry IN ('technology', 'Finance') ORDER BY Name DESC")).toEqual(['Initech Ltd', 'Globex Industries']);
    expect(await names("SELECT Name FROM Account WHERE NOT Name LIKE '%corp%' AND AnnualRevenue >= 3200000 ORDER BY Name")).toEqual(['Globex Industries', 'Initech Ltd']);
    expect(await names("SELECT Name FROM Account WHERE (Industry = 'Finance' OR BillingCity = 'new york') AND Phone != null ORDER BY Name")).toEqual(['Globex Industries', 'Initech Ltd']);
    expect((await conn.query('SELECT COUNT() FROM Invoice__c WHERE Account__c = null')).totalSize).toBe(BULK);
    expect((await conn.query('SELECT COUNT() FROM Invoice__c WHERE Account__c != null')).totalSize).toBe(2);
    // A long text area cannot be filtered, as describe's `filterable: false` says.
    expect(await rejection(conn.query('SELECT Name FROM Account WHERE Description = null'))).toMatchObject({ errorCode: 'INVALID_FIELD' });
    expect(await names("SELECT Name FROM Account WHERE Industry NOT IN ('Finance') ORDER BY AnnualRevenue DESC LIMIT 1")).toEqual(['Globex Industries']);
    expect(await names("SELECT Name FROM Invoice__c WHERE Amount__c > 447.5 AND Name LIKE 'BULK-%' ORDER BY Amount__c")).toEqual(['BULK-0448', 'BULK-0449']);
    expect(await names("SELECT Name FROM Invoice__c WHERE Name = 'it\\'s not there'")).toEqual([]);
  });

  it('filters dateTimes with Z, offset and millisecond literals, dates and relative literals', async () => {
    const count = async (where: string) => (await conn.query(`SELECT COUNT() FROM Account WHERE ${where}`)).totalSize;
    expect(await count('CreatedDate > 2000-01-01T00:00:00Z')).toBe(3);
    expect(await count('CreatedDate < 2000-01-01T00:00:00.000+01:00')).toBe(0);
    expect(await count('CreatedDate = LAST_N_DAYS:60')).toBe(3);
    expect(await count('CreatedDate = TODAY')).toBe(0);
    expect(await count('CreatedDate >= 2000-01-01T00:00:00-08:00 AND CreatedDate < TOMORROW')).toBe(3);
  });

  it('pages with OFFSET and LIMIT; totalSize counts the rows the query selects', async () => {
    const page = await conn.query<{ Name: string }>("SELECT Name FROM Invoice__c WHERE Name LIKE 'BULK-%' ORDER BY Name LIMIT 3 OFFSET 10");
    expect(page.totalSize).toBe(3);
    expect(page.records.map((r) => r.Name)).toEqual(['BULK-0010', 'BULK-0011', 'BULK-0012']);
  });
});

describe('SOQL errors carry the caret block and jsforce errorCode', () => {
  it('MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE', async () => {
    const malformed = await rejection(conn.query('SELECT Id FRM Account'));
    expect(malformed).toMatchObject({ errorCode: 'MALFORMED_QUERY', message: "\nSELECT Id FRM Account\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'FRM'" });
    const invalidField = await rejection(conn.query('SELECT Id, Foo__c FROM Account'));
    expect(invalidField.errorCode).toBe('INVALID_FIELD');
    expect(invalidField.message).toBe(
      "\nSELECT Id, Foo__c FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo__c' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    );
    expect(await rejection(conn.query('SELECT Id FROM Invoice'))).toMatchObject({ errorCode: 'INVALID_TYPE' });
    expect(await rejection(conn.query("SELECT Id FROM Account WHERE CreatedDate > '2026-01-01'"))).toMatchObject({ errorCode: 'INVALID_FIELD' });
    expect(await rejection(conn.query('SELECT Id FROM Account WHERE Name = 1 AND Phone = null OR Id = null'))).toMatchObject({ errorCode: 'MALFORMED_QUERY' });
    expect(await rejection(conn.query("SELECT Id FROM Account WHERE Id = 'not-an-id'"))).toMatchObject({ errorCode: 'INVALID_QUERY_FILTER_OPERATOR' });
  });
});

describe('the connector’s polling query', () => {
  it('breaks CreatedDate ties by Id, so a cursor (CreatedDate, Id) misses nothing and repeats nothing', async () => {
    const tie = '2030-05-05T12:00:00.000+0000';
    const ids = [
      await seedRecord(sf, 'Account', { Name: 'Tie A', CreatedDate: '2030-05-05T12:00:00Z' }),
      await seedRecord(sf, 'Account', { Name: 'Tie B', CreatedDate: '2030-05-05T13:00:00+01:00' }),
      await seedRecord(sf, 'Account', { Name: 'Tie C', CreatedDate: '2030-05-05T12:00:00.999Z' }),
      await seedRecord(sf, 'Account', { Name: 'Later', CreatedDate: '2030-05-05T12:00:01Z' }),
    ];
    const poll = (cursorDate: string, cursorId: string) =>
      conn.query<{ Id: string; CreatedDate: string }>(
        `SELECT Id, Name, CreatedDate, SystemModstamp FROM Account WHERE (CreatedDate > ${cursorDate} OR (CreatedDate = ${cursorDate} AND Id > '${cursorId}')) ORDER BY CreatedDate ASC, Id ASC LIMIT 2`,
      );
    const first = await poll('2030-05-05T11:59:59Z', '000000000000000');
    expect(first.records.map((r) => r.Id)).toEqual(ids.slice(0, 2));
    expect(first.records.map((r) => r.CreatedDate)).toEqual([tie, tie]);
    const last = first.records[1];
    const second = await poll('2030-05-05T12:00:00Z', last?.Id ?? '');
    expect(second.records.map((r) => r.Id)).toEqual(ids.slice(2, 4));
  });
});

describe('batches and query locators', () => {
  const soql = "SELECT Id, Name FROM Invoice__c WHERE Name LIKE 'BULK-%' ORDER BY Name";

  it('returns the first batch with nextRecordsUrl, and queryMore reads the next', async () => {
    const first = await conn.query<{ Name: string }>(soql, { headers: smallBatch() });
    expect(first).toMatchObject({ totalSize: BULK, done: false });
    expect(first.records).toHaveLength(200);
    expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v62\.0\/query\/01g[A-Za-z0-9]{15}-200$/);

    const second = await conn.queryMore<{ Name: string }>(first.nextRecordsUrl ?? '');
    expect(second.records[0]?.Name).toBe('BULK-0200');
    expect(second).toMatchObject({ totalSize: BULK, done: false });
    const third = await conn.queryMore<{ Name: string }>(second.nextRecordsUrl ?? '');
    expect(third).toMatchObject({ totalSize: BULK, done: true });
    expect(third.records).toHaveLength(50);
    expect(third.nextRecordsUrl).toBeUndefined();
  });

  it('autoFetch follows nextRecordsUrl across batches; maxFetch stops it early', async () => {
    const before = sf.requests.filter((r) => r.path.includes('/query/')).length;
    const all = await conn.query<{ Name: string }>(soql).run({ autoFetch: true, maxFetch: 10_000, headers: smallBatch() });
    expect(all.records).toHaveLength(BULK);
    expect(new Set(all.records.map((r) => r.Name)).size).toBe(BULK);
    expect(sf.requests.filter((r) => r.path.includes('/query/')).length - before).toBe(2);

    const some = await conn.query<{ Name: string }>(soql).run({ autoFetch: true, maxFetch: 300, headers: smallBatch() });
    expect(some.records).toHaveLength(300);
  });

  it('puts a relative nextRecordsUrl on the wire', async () => {
    const headers = { authorization: `Bearer ${await mintToken(sf)}`, ...smallBatch() };
    const res = await fetch(`${sf.url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, { headers });
    const body = asObject(await res.json());
    expect(Object.keys(body)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records']);
    expect(body.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g[A-Za-z0-9]{15}-200$/);
  });

  it('serves 2000 rows per batch by default and refuses an unknown locator', async () => {
    const first = await conn.query(soql);
    expect(first.records).toHaveLength(BULK);
    expect(first.done).toBe(true);
    const res = await fetch(`${sf.url}/services/data/v62.0/query/01gAAAAAAAAAAAAAAA-200`, { headers: { authorization: `Bearer ${await mintToken(sf)}` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
  });
});

describe('queryAll', () => {
  it('sees deleted records that query no longer returns', async () => {
    const { id } = await conn.sobject('Account').create({ Name: 'Deleted Soon' });
    await conn.sobject('Account').destroy(id ?? '');
    const soql = "SELECT Id, IsDeleted FROM Account WHERE Name = 'Deleted Soon'";
    expect((await conn.query(soql)).totalSize).toBe(0);
    const all = await conn.query<{ IsDeleted: boolean }>(soql).scanAll(true);
    expect(all.records).toEqual([expect.objectContaining({ Id: id, IsDeleted: true })]);
  });
});
