import type { SalesforceEmulator } from '@patchbay/emulator-salesforce';
import { type VaultHarness, startVault } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import salesforce from './index.ts';
import { connect, control, countRequests, failureOf, idOf, recordsOf, seed, startOrg } from './test-support.ts';

// Every action through the vault: the happy path, Salesforce's own error turned into a step error
// that says what the org said, and input the action refuses before calling the org.
let vault: VaultHarness;
let sf: SalesforceEmulator;
let connectionId: string;

beforeAll(async () => {
  vault = await startVault({ connectors: [salesforce] });
  sf = await startOrg();
  connectionId = (await connect(vault, sf)).id;
});
afterAll(async () => {
  await sf.close();
  await vault.close();
});

const run = (action: string, input: unknown) => vault.service.runAction(vault.actor, connectionId, action, input);
const fails = (action: string, input: unknown) => failureOf(run(action, input));

const created = async (object: string, record: Record<string, unknown>) => idOf(await run('create', { object, record }));

/** A record as the org holds it, read through the control plane (not through the connector). */
async function stored(object: string, id: string): Promise<Record<string, unknown> | undefined> {
  const { records } = await control(sf, 'GET', `/records/${object}`);
  const found: unknown = Array.isArray(records) ? records.find((r: unknown) => typeof r === 'object' && r !== null && Reflect.get(r, 'Id') === id) : undefined;
  return typeof found === 'object' && found !== null ? Object.fromEntries(Object.entries(found)) : undefined;
}

describe('create', () => {
  it('creates a record of any object and answers its id', async () => {
    const out = await run('create', { object: 'Account', record: { Name: 'Acme', Industry: 'Energy', AnnualRevenue: 1000 } });
    expect(out).toEqual({ id: expect.stringMatching(/^001[A-Za-z0-9]{15}$/) });
    const id = await created('Invoice__c', { Name: 'INV-100', Amount__c: 12.5, Status__c: 'Sent' });
    expect(id).toMatch(/^a01/);
    expect(await stored('Invoice__c', id)).toMatchObject({ Name: 'INV-100', Amount__c: 12.5, Status__c: 'Sent' });
  });

  it("fails with Salesforce's own words: required fields, unknown fields, restricted picklists, unknown objects", async () => {
    const missing = await fails('create', { object: 'Contact', record: { FirstName: 'No Last Name' } });
    expect(missing).toEqual({
      code: 'app_refused',
      message: 'Salesforce answered 400 REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]',
      details: { app: 'Salesforce', appStatus: 400, appCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] },
    });
    expect(await fails('create', { object: 'Account', record: { Name: 'X', Foo__c: 1 } })).toMatchObject({
      code: 'app_refused',
      message: "Salesforce answered 400 INVALID_FIELD: No such column 'Foo__c' on sobject of type Account",
    });
    expect(await fails('create', { object: 'Invoice__c', record: { Name: 'X', Status__c: 'Lost' } })).toMatchObject({
      code: 'app_refused',
      details: { appCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' },
    });
    expect(await fails('create', { object: 'Nope__c', record: { Name: 'X' } })).toMatchObject({ code: 'app_not_found', message: 'Salesforce answered 404 NOT_FOUND: The requested resource does not exist' });
  });

  it('refuses input that is not an object name and a field map, before calling the org', async () => {
    const before = sf.requests.length;
    expect(await fails('create', { object: 'Account' })).toMatchObject({ code: 'invalid_input' });
    expect(await fails('create', { object: '../query', record: {} })).toMatchObject({ code: 'invalid_input' });
    expect(await fails('create', { object: 'Account', record: { 'Name?': 'x' } })).toMatchObject({ code: 'invalid_input' });
    expect(await fails('create', { object: 'Account', record: { Name: 'x' }, extra: 1 })).toMatchObject({ code: 'invalid_input' });
    expect(sf.requests.length).toBe(before);
  });
});

describe('update', () => {
  it('changes only the given fields', async () => {
    const id = await created('Account', { Name: 'Before', Phone: '555-0100' });
    expect(await run('update', { object: 'Account', id, record: { Name: 'After' } })).toEqual({ id });
    expect(await stored('Account', id)).toMatchObject({ Name: 'After', Phone: '555-0100' });
  });

  it("fails with Salesforce's words for a missing record or a read-only field; refuses a malformed id", async () => {
    expect(await fails('update', { object: 'Account', id: '001000000000000AAA', record: { Name: 'Ghost' } })).toMatchObject({ code: 'app_not_found', details: { appCode: 'NOT_FOUND' } });
    const id = await created('Case', { Subject: 'Read-only number' });
    expect(await fails('update', { object: 'Case', id, record: { CaseNumber: '1' } })).toMatchObject({ code: 'app_refused', details: { appCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['CaseNumber'] } });
    expect(await fails('update', { object: 'Account', id: 'short', record: {} })).toMatchObject({ code: 'invalid_input' });
    expect(await fails('update', { object: 'Account', id: '001000000000000AAA/x', record: {} })).toMatchObject({ code: 'invalid_input' });
  });
});

describe('upsert by external id', () => {
  it('creates when nothing matches, then updates the match; Id works as the match field too', async () => {
    const first = await run('upsert', { object: 'Account', externalIdField: 'External_Id__c', externalId: 'ERP/42 a', record: { Name: 'Hooli' } });
    expect(first).toEqual({ id: expect.stringMatching(/^001/), created: true });
    const id = idOf(first);
    // The matched value travels in the URL, encoded: a slash or space cannot reach another resource.
    expect(await stored('Account', id)).toMatchObject({ Name: 'Hooli', External_Id__c: 'ERP/42 a' });

    const second = await run('upsert', { object: 'Account', externalIdField: 'External_Id__c', externalId: 'ERP/42 a', record: { Name: 'Hooli XYZ', External_Id__c: 'ERP/42 a' } });
    expect(second).toEqual({ id, created: false });
    expect(await stored('Account', id)).toMatchObject({ Name: 'Hooli XYZ' });
    expect(await run('upsert', { object: 'Account', externalIdField: 'Id', externalId: id, record: { Phone: '555-0199' } })).toEqual({ id, created: false });
    expect(await stored('Account', id)).toMatchObject({ Phone: '555-0199' });
  });

  it('says so when several records match, and when the field is not an external id', async () => {
    await control(sf, 'POST', '/fields', { object: 'Contact', name: 'Legacy_Key__c', type: 'string', label: 'Legacy Key', externalId: true });
    await seed(sf, 'Contact', { LastName: 'One', Legacy_Key__c: 'K1' });
    await seed(sf, 'Contact', { LastName: 'Two', Legacy_Key__c: 'K1' });
    const several = await fails('upsert', { object: 'Contact', externalIdField: 'Legacy_Key__c', externalId: 'K1', record: { LastName: 'Three' } });
    expect(several).toMatchObject({ code: 'app_refused', details: { appCode: 'MULTIPLE_CHOICES' } });
    expect(several.message).toContain('Several Contact records have Legacy_Key__c = "K1"');
    expect(await fails('upsert', { object: 'Account', externalIdField: 'Phone', externalId: '1', record: { Name: 'X' } })).toMatchObject({ code: 'app_not_found' });
    expect(await fails('upsert', { object: 'Account', externalIdField: 'External_Id__c', record: {} })).toMatchObject({ code: 'invalid_input' });
  });
});

describe('get', () => {
  it('reads every field, or the listed ones, without Salesforce’s attributes envelope', async () => {
    const id = await created('Account', { Name: 'Readable', Industry: 'Retail' });
    const all = await run('get', { object: 'Account', id });
    expect(all).toMatchObject({ Id: id, Name: 'Readable', Industry: 'Retail', IsDeleted: false, OwnerId: sf.userId, CreatedDate: expect.stringMatching(/\.000\+0000$/) });
    expect(all).not.toHaveProperty('attributes');
    expect(await run('get', { object: 'Account', id, fields: ['Name', 'Industry'] })).toEqual({ Id: id, Name: 'Readable', Industry: 'Retail' });
  });

  it("fails with Salesforce's words for a missing record or an unknown field", async () => {
    expect(await fails('get', { object: 'Account', id: '001000000000000AAA' })).toMatchObject({ code: 'app_not_found', message: 'Salesforce answered 404 NOT_FOUND: The requested resource does not exist' });
    const id = await created('Account', { Name: 'Fields' });
    expect(await fails('get', { object: 'Account', id, fields: ['Nope__c'] })).toMatchObject({ code: 'app_refused', details: { appCode: 'INVALID_FIELD' } });
    expect(await fails('get', { object: 'Account', id, fields: ['Name,Id'] })).toMatchObject({ code: 'invalid_input' });
  });
});

describe('delete', () => {
  it('deletes a record; a second delete says it is deleted', async () => {
    const id = await created('Account', { Name: 'Short-lived' });
    expect(await run('delete', { object: 'Account', id })).toEqual({ id, deleted: true });
    expect(await stored('Account', id)).toBeUndefined();
    expect(await fails('delete', { object: 'Account', id })).toMatchObject({ code: 'app_not_found', details: { appStatus: 404, appCode: 'ENTITY_IS_DELETED' } });
    expect(await fails('delete', { object: 'Account' })).toMatchObject({ code: 'invalid_input' });
  });
});

describe('query', () => {
  const BULK = 2150;
  const soql = "SELECT Id, Name, Account__r.Name FROM Invoice__c WHERE Name LIKE 'Q-%' ORDER BY Name";
  const queryCalls = () => countRequests(sf, (r) => r.path.startsWith('/services/data/v62.0/query'));

  beforeAll(async () => {
    const names = Array.from({ length: BULK }, (_, i) => `Q-${String(i).padStart(5, '0')}`);
    for (let i = 0; i < names.length; i += 50) await Promise.all(names.slice(i, i + 50).map((Name) => seed(sf, 'Invoice__c', { Name })));
  });

  it('returns plain records with parents nested, totalSize and done', async () => {
    const out = await run('query', { soql: "SELECT Name, Account__r.Name FROM Invoice__c WHERE Name LIKE 'INV-%' ORDER BY Name LIMIT 2" });
    expect(out).toEqual({
      records: [
        { Name: 'INV-0001', Account__r: { Name: 'Acme Corporation' } },
        { Name: 'INV-0002', Account__r: { Name: 'Globex Industries' } },
      ],
      totalSize: 2,
      done: true,
    });
  });

  it("follows nextRecordsUrl across Salesforce's batches", async () => {
    const before = queryCalls();
    const out = await run('query', { soql, limit: 10_000 });
    expect(out).toMatchObject({ totalSize: BULK, done: true });
    const names = recordsOf(out).map((r) => r.Name);
    expect(names).toHaveLength(BULK);
    expect(new Set(names).size).toBe(BULK);
    expect(names.at(-1)).toBe('Q-02149');
    expect(queryCalls() - before).toBe(2);
  });

  it('stops at the limit, asking for no bigger batch than it needs', async () => {
    let before = queryCalls();
    const capped = await run('query', { soql, limit: 2100 });
    expect(capped).toMatchObject({ totalSize: BULK, done: false });
    expect(recordsOf(capped)).toHaveLength(2100);
    expect(queryCalls() - before).toBe(2);

    before = queryCalls();
    const small = await run('query', { soql, limit: 250 });
    expect(recordsOf(small)).toHaveLength(250);
    expect(small).toMatchObject({ done: false });
    expect(queryCalls() - before).toBe(1);

    // Below Salesforce's smallest batch (200) the whole batch comes back: still not done.
    const tiny = await run('query', { soql: "SELECT Name FROM Invoice__c WHERE Name LIKE 'Q-0000%' ORDER BY Name", limit: 5 });
    expect(tiny).toEqual({ records: ['Q-00000', 'Q-00001', 'Q-00002', 'Q-00003', 'Q-00004'].map((Name) => ({ Name })), totalSize: 10, done: false });
  });

  it("fails with Salesforce's words for bad SOQL; refuses an empty query or a bad limit", async () => {
    expect(await fails('query', { soql: 'SELECT Id FRM Account' })).toMatchObject({
      code: 'app_refused',
      message: "Salesforce answered 400 MALFORMED_QUERY: SELECT Id FRM Account\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'FRM'",
    });
    expect(await fails('query', { soql: 'SELECT Id FROM Invoice' })).toMatchObject({ code: 'app_refused', details: { appCode: 'INVALID_TYPE' } });
    expect(await fails('query', { soql: '' })).toMatchObject({ code: 'invalid_input' });
    expect(await fails('query', { soql: 'SELECT Id FROM Account', limit: 0 })).toMatchObject({ code: 'invalid_input' });
    expect(await fails('query', { soql: 'SELECT Id FROM Account', limit: 10_001 })).toMatchObject({ code: 'invalid_input' });
  });
});
