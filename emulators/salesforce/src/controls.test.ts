import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SalesforceEmulator, startSalesforceEmulator } from './index.ts';
import { connect, control, mintToken, rejection, seedRecord } from './test-support.ts';

// The /__emulator/ control plane that connector tests and the demo drive.
let sf: SalesforceEmulator;

beforeAll(async () => {
  sf = await startSalesforceEmulator({ orgName: 'Controls Org' });
});
afterAll(async () => {
  await sf.close();
});

describe('records', () => {
  it('lists the seeded records per object', async () => {
    const counts: Record<string, number> = {};
    for (const object of ['Account', 'Contact', 'Case', 'Invoice__c', 'User']) {
      const { status, body } = await control(sf, 'GET', `/records/${object}`);
      expect(status).toBe(200);
      counts[object] = Array.isArray(Reflect.get(Object(body), 'records')) ? Reflect.get(Object(body), 'records').length : -1;
    }
    expect(counts).toEqual({ Account: 3, Contact: 2, Case: 2, Invoice__c: 2, User: 1 });
  });

  it('creates a record as a user would, with explicit CreatedDate and SystemModstamp for ties', async () => {
    const { status, body } = await control(sf, 'POST', '/records/Account', {
      Name: 'Tied Inc',
      CreatedDate: '2026-01-01T00:00:00.500Z',
      SystemModstamp: '2026-01-02T00:00:00+02:00',
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^001/),
      attributes: { type: 'Account' },
      Name: 'Tied Inc',
      CreatedDate: '2026-01-01T00:00:00.000+0000',
      LastModifiedDate: '2026-01-01T00:00:00.000+0000',
      SystemModstamp: '2026-01-01T22:00:00.000+0000',
      OwnerId: sf.userId,
    });
  });

  it('answers an unknown object with 404 and a failing validation with 400 and Salesforce’s errors', async () => {
    expect((await control(sf, 'POST', '/records/Nope', { Name: 'x' })).status).toBe(404);
    const invalid = await control(sf, 'POST', '/records/Contact', { FirstName: 'Missing' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({
      message: 'Required fields are missing: [LastName]',
      errors: [{ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] }],
    });
    const badDate = await control(sf, 'POST', '/records/Account', { Name: 'x', CreatedDate: 'yesterday' });
    expect(badDate.status).toBe(400);
  });

  it('updates a record and bumps LastModifiedDate and SystemModstamp; SystemModstamp alone for a system change', async () => {
    const id = await seedRecord(sf, 'Account', { Name: 'Editable', CreatedDate: '2026-02-01T00:00:00Z' });
    const edited = await control(sf, 'PATCH', `/records/Account/${id}`, { Phone: '555-1234' });
    expect(edited.status).toBe(200);
    const stamp = Reflect.get(Object(edited.body), 'LastModifiedDate');
    expect(stamp).not.toBe('2026-02-01T00:00:00.000+0000');
    expect(edited.body).toMatchObject({ Phone: '555-1234', SystemModstamp: stamp, CreatedDate: '2026-02-01T00:00:00.000+0000' });

    const touched = await control(sf, 'PATCH', `/records/Account/${id}`, { SystemModstamp: '2031-01-01T00:00:00Z' });
    expect(touched.body).toMatchObject({ LastModifiedDate: stamp, SystemModstamp: '2031-01-01T00:00:00.000+0000' });
    expect((await control(sf, 'PATCH', '/records/Account/001000000000000AAA', { Phone: '1' })).status).toBe(404);
  });
});

describe('custom fields and objects', () => {
  it('adds a custom field that describe, writes and SOQL see at once', async () => {
    const { status, body } = await control(sf, 'POST', '/fields', { object: 'Account', name: 'Tier__c', type: 'picklist', label: 'Tier', values: ['Gold', 'Silver'] });
    expect(status).toBe(201);
    expect(body).toMatchObject({ name: 'Tier__c', label: 'Tier', type: 'picklist', custom: true, nillable: true, soapType: 'xsd:string' });
    const conn = await connect(sf);
    const describe = await conn.sobject('Account').describe();
    expect(describe.fields.find((f) => f.name === 'Tier__c')?.picklistValues?.map((p: { value: string }) => p.value)).toEqual(['Gold', 'Silver']);
    const { id } = await conn.sobject('Account').create({ Name: 'Gold Co', Tier__c: 'Gold' });
    const rows = await conn.query<{ Id: string }>("SELECT Id FROM Account WHERE Tier__c = 'gold'");
    expect(rows.records.map((r) => r.Id)).toEqual([id]);
  });

  it('creates a custom object on its first field, with a key prefix and lookups', async () => {
    const { status } = await control(sf, 'POST', '/fields', { object: 'Project__c', name: 'Budget__c', type: 'currency', label: 'Budget' });
    expect(status).toBe(201);
    const lookup = await control(sf, 'POST', '/fields', { object: 'Project__c', name: 'Client__c', type: 'reference', label: 'Client', referenceTo: 'Account' });
    expect(lookup.body).toMatchObject({ type: 'reference', referenceTo: ['Account'], relationshipName: 'Client__r' });
    const conn = await connect(sf);
    const global = await conn.describeGlobal();
    expect(global.sobjects.find((o) => o.name === 'Project__c')).toMatchObject({ custom: true, keyPrefix: 'a02', label: 'Project' });
    const { id } = await conn.sobject('Project__c').create({ Name: 'Apollo', Budget__c: 10.005 });
    expect(id).toMatch(/^a02/);
    expect(await conn.sobject('Project__c').retrieve(id ?? '', { fields: ['Budget__c', 'OwnerId'] })).toMatchObject({ Budget__c: 10.01, OwnerId: sf.userId });
  });

  it('refuses bad field requests with 400 and a message', async () => {
    const cases = [
      { object: 'Account', name: 'NoSuffix', type: 'string', label: 'x' },
      { object: 'Account', name: 'Bad__c', type: 'blob', label: 'x' },
      { object: 'Missing', name: 'Field__c', type: 'string', label: 'x' },
      { object: 'Account', name: 'Tier__c', type: 'string', label: 'again' },
      { object: 'Account', name: 'Ref__c', type: 'reference', label: 'x', referenceTo: 'Nowhere' },
      { object: 'Account', name: 'NoLabel__c', type: 'string' },
    ];
    for (const request of cases) {
      const { status, body } = await control(sf, 'POST', '/fields', request);
      expect(status, JSON.stringify(request)).toBe(400);
      expect(typeof Reflect.get(Object(body), 'message')).toBe('string');
    }
  });
});

describe('tokens, expiry, rate limit and reset', () => {
  it('mints tokens for the demo user with the instance URL a client is given', async () => {
    const { body } = await control(sf, 'POST', '/tokens');
    expect(body).toMatchObject({ access_token: expect.stringMatching(/^00D[A-Za-z0-9]{12}!/), instance_url: sf.url, id: `${sf.url}/id/${sf.orgId}/${sf.userId}` });
  });

  it('expires every access token', async () => {
    const conn = await connect(sf);
    await conn.describeGlobal();
    expect((await control(sf, 'POST', '/expire-tokens')).status).toBe(200);
    expect(await rejection(conn.describeGlobal())).toMatchObject({ errorCode: 'INVALID_SESSION_ID' });
  });

  it('refuses the next `count` API requests with REQUEST_LIMIT_EXCEEDED', async () => {
    const conn = await connect(sf);
    await control(sf, 'POST', '/rate-limit', { count: 2, retryAfter: 5 });
    for (let i = 0; i < 2; i++) expect(await rejection(conn.query('SELECT Id FROM Account'))).toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
    await expect(conn.query('SELECT Id FROM Account')).resolves.toHaveProperty('totalSize');
  });

  it('resets records, schema and tokens to the seeded state, keeping the org ids', async () => {
    const token = await mintToken(sf);
    const { body } = await control(sf, 'POST', '/reset');
    expect(body).toEqual({ reset: true, orgId: sf.orgId, userId: sf.userId });
    const accounts = await control(sf, 'GET', '/records/Account');
    expect(Reflect.get(Object(accounts.body), 'records')).toHaveLength(3);
    expect((await control(sf, 'GET', '/records/Project__c')).status).toBe(404);
    const old = await fetch(`${sf.url}/services/data/v62.0/sobjects`, { headers: { authorization: `Bearer ${token}` } });
    expect(old.status).toBe(401);
    const conn = await connect(sf);
    const describe = await conn.sobject('Account').describe();
    expect(describe.fields.some((f) => f.name === 'Tier__c')).toBe(false);
  });
});

describe('two orgs side by side', () => {
  it('gives each emulator its own org and user ids, and tokens that only work in their org', async () => {
    const sandbox = await startSalesforceEmulator({ orgName: 'Sandbox', autoApprove: true, clientId: 'sandbox-client' });
    try {
      // autoApprove: the authorize endpoint answers with the redirect at once.
      const authorize = `${sandbox.url}/services/oauth2/authorize?response_type=code&client_id=sandbox-client&redirect_uri=${encodeURIComponent('http://localhost:9/cb')}&state=s`;
      const res = await fetch(authorize, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(new URL(res.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();

      expect(sandbox.orgId).not.toBe(sf.orgId);
      expect(sandbox.orgId).toMatch(/^00D[A-Za-z0-9]{15}$/);
      expect(sandbox.userId).toMatch(/^005[A-Za-z0-9]{15}$/);
      const foreign = await fetch(`${sandbox.url}/services/data/v62.0/sobjects`, { headers: { authorization: `Bearer ${await mintToken(sf)}` } });
      expect(foreign.status).toBe(401);
    } finally {
      await sandbox.close();
    }
  });
});
