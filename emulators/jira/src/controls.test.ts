import { Version3Client, type Version3Models } from 'jira.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type JiraEmulator, startJiraEmulator } from './index.ts';
import { control, jiraFailure, mintToken, readJson } from './test-helpers.ts';

/** The `/__emulator/*` control endpoints, checked through what the API then answers. */

let emulator: JiraEmulator;
let site: Version3Client;

beforeAll(async () => {
  emulator = await startJiraEmulator({ autoApprove: true });
  site = new Version3Client({ host: emulator.siteUrl, authentication: { basic: { email: emulator.email, apiToken: emulator.apiToken } } });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(async () => {
  await control(emulator, 'POST', '/reset');
});

describe('records', () => {
  it('creates an issue as a user would, visible to the API', async () => {
    const created = await control(emulator, 'POST', '/records/issue', {
      project: 'OPS',
      summary: 'Renew the TLS certificate',
      description: 'Expires at the end of the month.',
      labels: ['tls'],
      status: 'In Progress',
      Severity: 'High',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: '10005', key: 'OPS-3', issuetype: 'Task', status: 'In Progress', customfield_10020: 'High', description: 'Expires at the end of the month.' });
    const issue = await site.issues.getIssue({ issueIdOrKey: 'OPS-3' });
    expect(issue.fields).toMatchObject({ summary: 'Renew the TLS certificate', status: { name: 'In Progress' }, customfield_10020: { value: 'High' } });
    expect(issue.fields.description?.content?.[0]?.content?.[0]?.text).toBe('Expires at the end of the month.');
    const listed = await control(emulator, 'GET', '/records/issue');
    expect(listed.body.records.map((r: { key: string }) => r.key)).toEqual(['PB-1', 'PB-2', 'PB-3', 'OPS-1', 'OPS-2', 'OPS-3']);
  });

  it('patches an issue and moves updated, so an incremental search finds it', async () => {
    const [before] = (await control(emulator, 'GET', '/records/issue')).body.records;
    const patched = await control(emulator, 'PATCH', '/records/issue/PB-1', { summary: 'Sync closed-won opportunities (v2)', status: 'To Do' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ key: 'PB-1', summary: 'Sync closed-won opportunities (v2)', status: 'To Do' });
    expect(Date.parse(patched.body.updated.replace('+0000', 'Z'))).toBeGreaterThan(Date.parse(before.updated.replace('+0000', 'Z')));
    const since = before.updated.slice(0, 16).replace('T', ' ');
    const found = await site.issueSearch.searchForIssuesUsingJqlEnhancedSearch<{ issues: Version3Models.Issue[] }>({ jql: `project = PB AND updated > "${since}"`, fields: ['key'] });
    expect(found.issues.map((i) => i.key)).toContain('PB-1');
  });

  it('refuses bad input with 400 and a message', async () => {
    const unknownObject = await control(emulator, 'POST', '/records/widget', { summary: 'x' });
    expect(unknownObject.status).toBe(400);
    expect(unknownObject.body.message).toContain('widget');
    const noSummary = await control(emulator, 'POST', '/records/issue', { project: 'PB' });
    expect(noSummary).toMatchObject({ status: 400, body: { message: 'You must specify a summary of the issue.' } });
    const badOption = await control(emulator, 'POST', '/records/issue', { project: 'PB', summary: 'x', Severity: 'Urgent' });
    expect(badOption).toMatchObject({ status: 400, body: { errors: { Severity: "Option value 'Urgent' is not valid" } } });
    expect((await control(emulator, 'PATCH', '/records/issue/PB-99', { summary: 'x' })).status).toBe(404);
  });
});

describe('fields', () => {
  it('adds a custom field that /field, create metadata, create and JQL know', async () => {
    const added = await control(emulator, 'POST', '/fields', { object: 'issue', type: 'select', label: 'Region', options: ['EMEA', 'AMER'] });
    expect(added).toEqual({
      status: 201,
      body: {
        id: 'customfield_10030',
        key: 'customfield_10030',
        name: 'Region',
        untranslatedName: 'Region',
        custom: true,
        orderable: true,
        navigable: true,
        searchable: true,
        clauseNames: ['cf[10030]', 'Region'],
        schema: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select', customId: 10030 },
      },
    });
    expect((await site.issueFields.getFields()).some((f) => f.id === 'customfield_10030')).toBe(true);
    const meta = await site.issues.getCreateIssueMetaIssueTypeId({ projectIdOrKey: 'OPS', issueTypeId: '10001' });
    expect(meta.fields?.find((f) => f.fieldId === 'customfield_10030')?.allowedValues?.length).toBe(2);
    await site.issues.createIssue({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Move the EMEA runners', customfield_10030: { value: 'EMEA' } } });
    const found = await site.issueSearch.searchForIssuesUsingJqlEnhancedSearch<{ issues: Version3Models.Issue[] }>({ jql: 'Region = EMEA', fields: ['summary'] });
    expect(found.issues.map((i) => i.fields.summary)).toEqual(['Move the EMEA runners']);
  });

  it('takes an explicit id and a number field, and refuses bad definitions', async () => {
    const number = await control(emulator, 'POST', '/fields', { object: 'issue', name: 'customfield_10500', type: 'float', label: 'Story points' });
    expect(number.body.schema).toEqual({ type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10500 });
    const wrongValue = await jiraFailure(site.issues.createIssue({ fields: { project: { key: 'PB' }, issuetype: { name: 'Task' }, summary: 'x', customfield_10500: 'three' } }));
    expect(wrongValue.body).toEqual({ errorMessages: [], errors: { customfield_10500: 'Operation value must be a number' } });
    expect((await control(emulator, 'POST', '/fields', { object: 'issue', name: 'customfield_10500', type: 'float', label: 'Again' })).status).toBe(400);
    expect((await control(emulator, 'POST', '/fields', { object: 'issue', type: 'checkbox', label: 'Nope' })).status).toBe(400);
    expect((await control(emulator, 'POST', '/fields', { object: 'issue', type: 'select', label: 'No options' })).status).toBe(400);
    expect((await control(emulator, 'POST', '/fields', { object: 'project', type: 'textfield', label: 'x' })).status).toBe(400);
  });
});

describe('tokens, reset and revoke', () => {
  it('mints a gateway token with the instance URL a client needs', async () => {
    const minted = await control(emulator, 'POST', '/tokens');
    expect(minted.body).toMatchObject({ instance_url: emulator.gatewayBaseUrl, token_type: 'Bearer', cloud_id: emulator.cloudId });
    const client = new Version3Client({ host: minted.body.instance_url, authentication: { oauth2: { accessToken: minted.body.access_token } } });
    expect((await client.myself.getCurrentUser()).accountId).toBe(emulator.accountId);
  });

  it('reset restores the seed and forgets every token', async () => {
    const accessToken = await mintToken(emulator);
    await control(emulator, 'POST', '/records/issue', { project: 'PB', summary: 'Temporary' });
    expect((await control(emulator, 'POST', '/reset')).status).toBe(200);
    expect((await control(emulator, 'GET', '/records/issue')).body.records).toHaveLength(5);
    const client = new Version3Client({ host: emulator.gatewayBaseUrl, authentication: { oauth2: { accessToken } } });
    expect((await jiraFailure(client.myself.getCurrentUser())).status).toBe(401);
    const created = await site.issues.createIssue({ fields: { project: { key: 'PB' }, issuetype: { name: 'Task' }, summary: 'After reset' } });
    expect(created.key).toBe('PB-4');
  });

  it('revoke plays a user removing the app: refresh then fails with 403 invalid_grant', async () => {
    const authorizeUrl = `${emulator.url}/authorize?${new URLSearchParams({ audience: 'api.atlassian.com', client_id: emulator.clientId, scope: 'read:jira-user offline_access', redirect_uri: 'http://127.0.0.1:8976/cb', state: 's', response_type: 'code' })}`;
    const code = new URL((await fetch(authorizeUrl, { redirect: 'manual' })).headers.get('location') ?? '').searchParams.get('code') ?? '';
    const tokenRequest = (body: Record<string, string>) =>
      fetch(`${emulator.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: emulator.clientId, client_secret: emulator.clientSecret, ...body }) });
    const issued = await readJson(await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:8976/cb' }));
    expect((await control(emulator, 'POST', '/revoke', { token: issued.refresh_token })).status).toBe(200);
    const refused = await tokenRequest({ grant_type: 'refresh_token', refresh_token: issued.refresh_token });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' });
    const resources = await fetch(`${emulator.url}/oauth/token/accessible-resources`, { headers: { authorization: `Bearer ${issued.access_token}` } });
    expect(resources.status).toBe(401);
    expect((await fetch(`${emulator.url}/oauth/revoke`, { method: 'POST' })).status).toBe(404);
  });

  it('validates rate-limit input', async () => {
    expect((await control(emulator, 'POST', '/rate-limit', { count: 'many' })).status).toBe(400);
  });
});
