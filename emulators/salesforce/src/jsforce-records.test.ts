import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SalesforceEmulator, startSalesforceEmulator } from './index.ts';
import { connect, control, mintToken, rejection } from './test-support.ts';

// Fidelity of describe and record CRUD/upsert through jsforce 3, unchanged but for the base URL.
let sf: SalesforceEmulator;
let conn: Connection;

beforeAll(async () => {
  sf = await startSalesforceEmulator();
  conn = await connect(sf);
});
afterAll(async () => {
  await sf.close();
});

describe('discovery and describe', () => {
  it('lists versions without a session and the version resources with one', async () => {
    const versions = await (await fetch(`${sf.url}/services/data/`)).json();
    expect(versions).toContainEqual({ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
    const resources = await conn.request<Record<string, string>>('/services/data/v62.0/');
    expect(resources.sobjects).toBe('/services/data/v62.0/sobjects');
    expect(resources.identity).toBe(`${sf.url}/id/${sf.orgId}/${sf.userId}`);
  });

  it('describeGlobal lists the standard and custom objects with key prefixes', async () => {
    const global = await conn.describeGlobal();
    expect(global).toMatchObject({ encoding: 'UTF-8', maxBatchSize: 200 });
    const byName = new Map(global.sobjects.map((o) => [o.name, o]));
    expect(byName.get('Account')).toMatchObject({ keyPrefix: '001', custom: false, createable: true, queryable: true });
    expect(byName.get('Invoice__c')).toMatchObject({ keyPrefix: 'a01', custom: true, label: 'Invoice', labelPlural: 'Invoices' });
    expect(byName.get('Account')?.urls.rowTemplate).toBe('/services/data/v62.0/sobjects/Account/{ID}');
  });

  it('describe reports field facts a connector builds forms from', async () => {
    const account = await conn.sobject('Account').describe();
    const field = (name: string) => account.fields.find((f) => f.name === name);
    expect(field('Id')).toMatchObject({ type: 'id', soapType: 'tns:ID', createable: false, idLookup: true });
    expect(field('Name')).toMatchObject({ type: 'string', nillable: false, createable: true, defaultedOnCreate: false, length: 255, nameField: true });
    expect(field('External_Id__c')).toMatchObject({ custom: true, externalId: true, unique: true, idLookup: true });
    expect(field('AnnualRevenue')).toMatchObject({ type: 'currency', soapType: 'xsd:double', precision: 18 });
    expect(field('Industry')?.picklistValues).toContainEqual({ active: true, defaultValue: false, label: 'Technology', validFor: null, value: 'Technology' });
    expect(field('SystemModstamp')).toMatchObject({ type: 'datetime', createable: false, updateable: false });
    expect(field('OwnerId')).toMatchObject({ type: 'reference', referenceTo: ['User'], relationshipName: 'Owner' });
    expect(account.childRelationships.map((r) => r.relationshipName)).toEqual(expect.arrayContaining(['Contacts', 'Cases', 'Invoices__r']));

    const supportCase = await conn.sobject('Case').describe();
    expect(supportCase.fields.find((f) => f.name === 'CaseNumber')).toMatchObject({ autoNumber: true, createable: false });
    const status = supportCase.fields.find((f) => f.name === 'Status');
    expect(status?.picklistValues?.find((p: { defaultValue: boolean }) => p.defaultValue)?.value).toBe('New');
    const invoice = await conn.describe('invoice__c');
    expect(invoice.fields.find((f) => f.name === 'Account__c')).toMatchObject({ referenceTo: ['Account'], relationshipName: 'Account__r' });
  });

  it('answers an unknown object with NOT_FOUND', async () => {
    expect(await rejection(conn.sobject('Nope__c').describe())).toMatchObject({ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' });
  });
});

describe('create, retrieve, update, delete', () => {
  it('round-trips a record with system fields at seconds precision', async () => {
    const created = await conn.sobject('Account').create({ Name: 'Umbrella Corp', Industry: 'Biotechnology', AnnualRevenue: 1234.56 });
    expect(created).toMatchObject({ success: true, errors: [] });
    expect(created.id).toMatch(/^001[A-Za-z0-9]{15}$/);

    const full = await conn.sobject('Account').retrieve(created.id ?? '');
    expect(full).toMatchObject({
      attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${created.id}` },
      Id: created.id,
      Name: 'Umbrella Corp',
      IsDeleted: false,
      AnnualRevenue: 1235,
      OwnerId: sf.userId,
      CreatedById: sf.userId,
      External_Id__c: null,
    });
    expect(full.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/);
    expect(full.SystemModstamp).toBe(full.CreatedDate);

    const some = await conn.sobject('Account').retrieve(created.id ?? '', { fields: ['name', 'Industry'] });
    expect(Object.keys(some)).toEqual(['attributes', 'Name', 'Industry', 'Id']);

    const updated = await conn.sobject('Account').update({ Id: created.id ?? '', Phone: '555-0000', Industry: 'Not In The List' });
    expect(updated).toEqual({ id: created.id, success: true, errors: [] });
    expect(await conn.sobject('Account').retrieve(created.id ?? '')).toMatchObject({ Phone: '555-0000', Industry: 'Not In The List' });

    expect(await conn.sobject('Account').destroy(created.id ?? '')).toEqual({ id: created.id, success: true, errors: [] });
    expect(await rejection(conn.sobject('Account').retrieve(created.id ?? ''))).toMatchObject({ errorCode: 'NOT_FOUND' });
  });

  it('fills defaults, auto-numbers and compound names', async () => {
    const { id } = await conn.sobject('Case').create({ Subject: 'Defaults please' });
    const record = await conn.sobject('Case').retrieve(id ?? '');
    expect(record).toMatchObject({ Status: 'New', Priority: 'Medium', Origin: null });
    expect(record.CaseNumber).toMatch(/^\d{8}$/);
    const contact = await conn.sobject('Contact').create({ FirstName: 'Alan', LastName: 'Turing' });
    expect(await conn.sobject('Contact').retrieve(contact.id ?? '', { fields: ['Name'] })).toMatchObject({ Name: 'Alan Turing' });
  });

  it('accepts dateTimes with offsets and stores them in UTC without milliseconds', async () => {
    await control(sf, 'POST', '/fields', { object: 'Account', name: 'Renewal_At__c', type: 'datetime', label: 'Renewal At' });
    const { id } = await conn.sobject('Account').create({ Name: 'Offset Co', Renewal_At__c: '2026-03-01T10:15:30.789+01:00' });
    expect(await conn.sobject('Account').retrieve(id ?? '', { fields: ['Renewal_At__c'] })).toMatchObject({ Renewal_At__c: '2026-03-01T09:15:30.000+0000' });
  });
});

describe('DML errors surface with jsforce errorCode', () => {
  it('REQUIRED_FIELD_MISSING names the fields', async () => {
    const error = await rejection(conn.sobject('Contact').create({ FirstName: 'No Last Name' }));
    expect(error).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]' });
    expect(error.data).toEqual({ message: 'Required fields are missing: [LastName]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] });
  });

  it('INVALID_FIELD for an unknown field, INVALID_FIELD_FOR_INSERT_UPDATE for a read-only one', async () => {
    expect(await rejection(conn.sobject('Account').create({ Name: 'X', Foo__c: 1 }))).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: "No such column 'Foo__c' on sobject of type Account",
    });
    const readOnly = await rejection(conn.sobject('Case').create({ Subject: 'X', CaseNumber: '123' }));
    expect(readOnly.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    expect(readOnly.data).toMatchObject({ fields: ['CaseNumber'] });
  });

  it('DUPLICATE_VALUE on a unique field, restricted picklists refuse unknown values', async () => {
    const duplicate = await rejection(conn.sobject('Account').create({ Name: 'Copy', External_Id__c: 'acme-001' }));
    expect(duplicate.errorCode).toBe('DUPLICATE_VALUE');
    expect(duplicate.message).toMatch(/^duplicate value found: External_Id__c duplicates value on record with id: 001/);
    expect(await rejection(conn.sobject('Invoice__c').create({ Name: 'INV-9', Status__c: 'Lost' }))).toMatchObject({
      errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
    });
  });

  it('update of a missing record is NOT_FOUND, a second delete ENTITY_IS_DELETED', async () => {
    expect(await rejection(conn.sobject('Account').update({ Id: '001000000000000AAA', Name: 'Ghost' }))).toMatchObject({ errorCode: 'NOT_FOUND' });
    const { id } = await conn.sobject('Account').create({ Name: 'Short-lived' });
    await conn.sobject('Account').destroy(id ?? '');
    expect(await rejection(conn.sobject('Account').destroy(id ?? ''))).toMatchObject({ errorCode: 'ENTITY_IS_DELETED' });
  });
});

describe('upsert by external id', () => {
  it('creates (201 created:true) then updates (200 created:false) on v62', async () => {
    const created = await conn.sobject('Account').upsert({ Name: 'Hooli', External_Id__c: 'HOOLI-9' }, 'External_Id__c');
    expect(created).toMatchObject({ success: true, errors: [], created: true });
    const updated = await conn.sobject('Account').upsert({ Name: 'Hooli XYZ', External_Id__c: 'hooli-9' }, 'External_Id__c');
    expect(updated).toEqual({ id: created.id, success: true, errors: [], created: false });
    const rows = await conn.query<{ Name: string }>("SELECT Name FROM Account WHERE External_Id__c = 'HOOLI-9'");
    expect(rows.records.map((r) => r.Name)).toEqual(['Hooli XYZ']);
  });

  it('answers an update with 204 on v45, which jsforce turns into success without an id', async () => {
    const old = await connect(sf, '45.0');
    expect(await old.sobject('Account').upsert({ Name: 'Acme (renamed)', External_Id__c: 'ACME-001' }, 'External_Id__c')).toEqual({ success: true, errors: [] });
  });

  it('upserts by Id, refuses fields that are not external ids, and reports several matches', async () => {
    const { id } = await conn.sobject('Account').create({ Name: 'By Id' });
    expect(await conn.sobject('Account').upsert({ Id: id ?? '', Phone: '1' }, 'Id')).toMatchObject({ id, created: false });
    expect(await rejection(conn.sobject('Account').upsert({ Name: 'X', Phone: '2' }, 'Phone'))).toMatchObject({ errorCode: 'NOT_FOUND' });

    await control(sf, 'POST', '/fields', { object: 'Contact', name: 'Legacy_Key__c', type: 'string', label: 'Legacy Key', externalId: true });
    await conn.sobject('Contact').create({ LastName: 'One', Legacy_Key__c: 'K1' });
    await conn.sobject('Contact').create({ LastName: 'Two', Legacy_Key__c: 'K1' });
    const several = await rejection(conn.sobject('Contact').upsert({ LastName: 'Three', Legacy_Key__c: 'K1' }, 'Legacy_Key__c'));
    expect(several.name).toBe('MULTIPLE_CHOICES');
    expect(several.data).toHaveLength(2);
  });

  it('reads a record by external id', async () => {
    const record = await conn.request<{ Name: string; attributes: { type: string } }>('/sobjects/Account/External_Id__c/GLOBEX-002');
    expect(record).toMatchObject({ Name: 'Globex Industries', attributes: { type: 'Account' } });
  });
});

describe('API envelope', () => {
  it('reports usage in Sforce-Limit-Info, which jsforce parses', async () => {
    await conn.sobject('Account').describe();
    expect(conn.limitInfo.apiUsage?.limit).toBe(15000);
    expect(conn.limitInfo.apiUsage?.used).toBeGreaterThan(0);
  });

  it('answers the simulated request limit with 403 REQUEST_LIMIT_EXCEEDED, not retried by jsforce', async () => {
    await control(sf, 'POST', '/rate-limit', { count: 1, retryAfter: 1 });
    const before = sf.requests.length;
    expect(await rejection(conn.sobject('Account').retrieve(sf.userId.replace(/^005/, '001')))).toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    });
    expect(sf.requests.length - before).toBe(1);
    await expect(conn.query('SELECT Id FROM Account LIMIT 1')).resolves.toMatchObject({ totalSize: 1 });
  });

  it('answers a wrong method with 405, Allow and Salesforce’s body, and an unknown version with 404', async () => {
    const token = await mintToken(sf);
    const res = await fetch(`${sf.url}/services/data/v62.0/sobjects/Account/001000000000000AAA`, { method: 'PUT', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET,PATCH,DELETE');
    expect(await res.json()).toEqual([{ errorCode: 'METHOD_NOT_ALLOWED', message: "HTTP Method 'PUT' not allowed. Allowed are GET,PATCH,DELETE" }]);
    const old = await fetch(`${sf.url}/services/data/v20.0/sobjects`, { headers: { authorization: `Bearer ${token}` } });
    expect(old.status).toBe(404);
  });
});
