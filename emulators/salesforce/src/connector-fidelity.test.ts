import { createHash } from 'node:crypto';
import { Connection, OAuth2 } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SalesforceEmulator, startSalesforceEmulator } from './index.ts';
import { REDIRECT_URI, asObject, control, rejection, seedRecord } from './test-support.ts';

// Every call Patchbay's Salesforce connector (connectors/salesforce) makes, made here in the same
// shape with jsforce 3, unchanged but for the login/instance URL: if jsforce is content with the
// emulator's answers, the connector's tests against the emulator speak for a real org.
//
//   connector call                                          | connector code          | here
//   GET  {login}/services/oauth2/authorize (PKCE S256)      | connection.ts (vault)   | OAuth2.getAuthorizationUrl
//   POST {login}/services/oauth2/token authorization_code   | connection.ts (vault)   | OAuth2.requestToken
//   POST {login}/services/oauth2/token refresh_token        | connection.ts (vault)   | OAuth2.refreshToken, auto-refresh
//   GET  /services/data/v62.0/                              | connection.ts test      | conn.request
//   GET  <identity URL>?format=json                         | api.ts identityOf       | conn.identity
//   GET  /services/data/v62.0/sobjects                      | describe.ts listObjects | conn.describeGlobal
//   GET  /services/data/v62.0/sobjects/{o}/describe         | describe.ts             | sobject.describe
//   POST /services/data/v62.0/sobjects/{o}                  | actions/create.ts       | sobject.create
//   PATCH /services/data/v62.0/sobjects/{o}/{id}            | actions/update.ts       | sobject.update
//   PATCH /services/data/v62.0/sobjects/{o}/{field}/{value} | actions/upsert.ts       | sobject.upsert
//   GET  /services/data/v62.0/sobjects/{o}/{id}?fields=     | actions/get.ts          | sobject.retrieve
//   DELETE /services/data/v62.0/sobjects/{o}/{id}           | actions/delete.ts       | sobject.destroy
//   GET  /services/data/v62.0/query?q= (+batchSize)         | actions/query.ts, poll  | conn.query
//   GET  /services/data/v62.0/query/{locator}               | actions/query.ts        | conn.queryMore
let sf: SalesforceEmulator;
let conn: Connection;

// The scopes the connector asks for, in its order.
const SCOPES = 'api id refresh_token';

beforeAll(async () => {
  sf = await startSalesforceEmulator({ autoApprove: true });
});
afterAll(async () => {
  await sf.close();
});

function oauth2(): OAuth2 {
  return new OAuth2({ loginUrl: sf.url, clientId: sf.clientId, clientSecret: sf.clientSecret, redirectUri: REDIRECT_URI, useVerifier: true });
}

/** The authorize redirect as a browser follows it (auto-approve: straight back with a code). */
async function codeFor(client: OAuth2): Promise<string> {
  const res = await fetch(client.getAuthorizationUrl({ scope: SCOPES, state: 'fidelity' }), { redirect: 'manual' });
  const location = new URL(res.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe('fidelity');
  return location.searchParams.get('code') ?? '';
}

describe('OAuth: authorize with PKCE, code exchange, refresh without rotation', () => {
  it('grants the connector’s scopes and refreshes twice with the same refresh token', async () => {
    const client = oauth2();
    const url = new URL(client.getAuthorizationUrl({ scope: SCOPES }));
    expect(url.searchParams.get('code_challenge')).toBe(createHash('sha256').update(client.codeVerifier ?? '').digest('base64url'));
    const tokens = await client.requestToken(await codeFor(client));
    expect(tokens).toMatchObject({ scope: SCOPES, instance_url: sf.url, id: `${sf.url}/id/${sf.orgId}/${sf.userId}`, token_type: 'Bearer' });
    expect(tokens).not.toHaveProperty('expires_in');

    for (const round of [1, 2]) {
      const refreshed = await client.refreshToken(tokens.refresh_token ?? '');
      expect(refreshed, `refresh ${round}`).not.toHaveProperty('refresh_token');
      expect(refreshed.access_token).not.toBe(tokens.access_token);
    }
    conn = new Connection({ oauth2: client, instanceUrl: tokens.instance_url, accessToken: tokens.access_token, refreshToken: tokens.refresh_token, version: sf.apiVersion });
  });

  it('after expiry: 401 on the REST API (jsforce refreshes and replays), 403 Bad_OAuth_Token on the identity URL', async () => {
    const refreshed: string[] = [];
    conn.on('refresh', (token: string) => refreshed.push(token));
    await control(sf, 'POST', '/expire-tokens');
    // The identity URL itself, as the connector reads it (jsforce's identity() would ask the REST API first).
    const plain = new Connection({ instanceUrl: sf.url, accessToken: conn.accessToken ?? '', version: sf.apiVersion });
    const identityError = await rejection(plain.request(`${sf.url}/id/${sf.orgId}/${sf.userId}?format=json`));
    expect(identityError).toMatchObject({ name: 'ERROR_HTTP_403', message: 'Bad_OAuth_Token' });
    await expect(conn.request('/services/data/v62.0/')).resolves.toHaveProperty('sobjects', '/services/data/v62.0/sobjects');
    expect(refreshed).toHaveLength(1);
  });
});

describe('the connection test, identity and discovery', () => {
  it('reads the version resources (test) and the identity URL (identity, instance)', async () => {
    const resources = await conn.request<Record<string, string>>('/services/data/v62.0/');
    expect(resources.query).toBe('/services/data/v62.0/query');
    const identity = await conn.identity();
    expect(identity).toMatchObject({ username: 'integration@patchbay-demo.example', user_id: sf.userId, organization_id: sf.orgId });
  });

  it('lists objects (queryable ones, custom included) and describes fields with the facts forms use', async () => {
    await control(sf, 'POST', '/fields', { object: 'Parcel__c', name: 'Weight__c', type: 'number', label: 'Weight', required: true });
    const global = await conn.describeGlobal();
    expect(global.sobjects.find((o) => o.name === 'Parcel__c')).toMatchObject({ label: 'Parcel', custom: true, queryable: true, createable: true });
    const described = await conn.sobject('Parcel__c').describe();
    expect(described.fields.find((f) => f.name === 'Weight__c')).toMatchObject({
      label: 'Weight', type: 'double', custom: true, nillable: false, createable: true, updateable: true, defaultedOnCreate: false, externalId: false,
    });
    const account = await conn.sobject('Account').describe();
    expect(account.fields.find((f) => f.name === 'Industry')).toMatchObject({ type: 'picklist', restrictedPicklist: false });
    expect(account.fields.filter((f) => f.externalId).map((f) => f.name)).toEqual(['External_Id__c']);
  });
});

describe('record actions', () => {
  it('create, update, retrieve with fields, delete', async () => {
    const created = await conn.sobject('Account').create({ Name: 'Fidelity Co' });
    const id = created.id ?? '';
    expect(created).toMatchObject({ success: true, id: expect.stringMatching(/^001/) });
    await conn.sobject('Account').update({ Id: id, Phone: '555-0142' });
    expect(await conn.sobject('Account').retrieve(id, { fields: ['Name', 'Phone'] })).toEqual({
      attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${id}` }, Name: 'Fidelity Co', Phone: '555-0142', Id: id,
    });
    expect(await conn.sobject('Account').destroy(id)).toMatchObject({ id, success: true });
    expect(await rejection(conn.sobject('Account').destroy(id))).toMatchObject({ errorCode: 'ENTITY_IS_DELETED' });
  });

  it('upsert by an external id field and by Id (201 created, then 200 created:false)', async () => {
    const first = await conn.sobject('Account').upsert({ Name: 'Upserted', External_Id__c: 'FID-1' }, 'External_Id__c');
    expect(first).toMatchObject({ success: true, created: true });
    const second = await conn.sobject('Account').upsert({ Name: 'Upserted again', External_Id__c: 'FID-1' }, 'External_Id__c');
    expect(second).toEqual({ id: first.id, success: true, errors: [], created: false });
    expect(await conn.sobject('Account').upsert({ Id: first.id ?? '', Phone: '1' }, 'Id')).toMatchObject({ id: first.id, created: false });
  });
});

describe('SOQL as the query action and the triggers send it', () => {
  beforeAll(async () => {
    for (let i = 0; i < 260; i++) await seedRecord(sf, 'Case', { Subject: `Tie ${String(i).padStart(3, '0')}`, CreatedDate: '2031-03-01T00:00:00Z' });
  });

  it('honours Sforce-Query-Options: batchSize and reads on with queryMore(nextRecordsUrl)', async () => {
    const soql = "SELECT Id, Subject FROM Case WHERE Subject LIKE 'Tie %' ORDER BY Subject";
    const first = await conn.query<{ Subject: string }>(soql, { headers: { 'Sforce-Query-Options': 'batchSize=250' } });
    expect(first).toMatchObject({ totalSize: 260, done: false });
    expect(first.records).toHaveLength(250);
    const rest = await conn.queryMore<{ Subject: string }>(first.nextRecordsUrl ?? '');
    expect(rest).toMatchObject({ done: true });
    expect(rest.records.map((r) => r.Subject)).toEqual(Array.from({ length: 10 }, (_, i) => `Tie ${250 + i}`));
  });

  it('pages a (CreatedDate, Id) cursor through records sharing one second, every field selected', async () => {
    const { fields } = await conn.sobject('Case').describe();
    const names = fields.map((f) => f.name).filter((name) => name !== 'CreatedDate' && name !== 'Id');
    const page = (where: string) =>
      conn.query<{ Id: string; CreatedDate: string; Subject: string }>(`SELECT Id, CreatedDate, ${names.join(', ')} FROM Case WHERE ${where} ORDER BY CreatedDate ASC, Id ASC LIMIT 200`);
    const first = await page('CreatedDate >= 2031-03-01T00:00:00Z');
    expect(first.records).toHaveLength(200);
    const last = first.records.at(-1);
    const second = await page(`(CreatedDate > 2031-03-01T00:00:00Z OR (CreatedDate = 2031-03-01T00:00:00Z AND Id > '${last?.Id ?? ''}'))`);
    const subjects = [...first.records, ...second.records].map((r) => r.Subject);
    expect(subjects).toEqual(Array.from({ length: 260 }, (_, i) => `Tie ${String(i).padStart(3, '0')}`));
    expect(asObject(second.records[0]).CaseNumber).toMatch(/^\d{8}$/);
  });
});
