import { Version3Client, type Version3Models } from 'jira.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type JiraEmulator, startJiraEmulator } from './index.ts';
import { adf, basicAuth, control, jiraFailure, mintToken } from './test-helpers.ts';

/**
 * jira.js 5.4 (`Version3Client`), unchanged, against the emulator: on the site with Basic
 * `email:apiToken` and through the gateway with a 3LO bearer token (§1). Only `host` and the
 * credentials differ from a real setup.
 */

interface SearchPage {
  issues: Version3Models.Issue[];
  nextPageToken?: string;
  isLast: boolean;
}

let emulator: JiraEmulator;
let site: Version3Client;
let gateway: Version3Client;

beforeAll(async () => {
  emulator = await startJiraEmulator();
  site = new Version3Client({ host: emulator.siteUrl, authentication: { basic: { email: emulator.email, apiToken: emulator.apiToken } } });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(async () => {
  await control(emulator, 'POST', '/reset');
  gateway = new Version3Client({ host: emulator.gatewayBaseUrl, authentication: { oauth2: { accessToken: await mintToken(emulator) } } });
});

describe('identity', () => {
  it('myself answers the demo user on both hosts, with self URLs on the base used', async () => {
    const viaSite = await site.myself.getCurrentUser();
    const viaGateway = await gateway.myself.getCurrentUser();
    expect(viaSite).toMatchObject({ accountId: emulator.accountId, emailAddress: emulator.email, timeZone: 'UTC', accountType: 'atlassian', active: true });
    expect(viaSite.self).toBe(`${emulator.siteUrl}/rest/api/3/user?accountId=${encodeURIComponent(emulator.accountId)}`);
    expect(viaGateway.self?.startsWith(`${emulator.gatewayBaseUrl}/rest/api/3/user?`)).toBe(true);
    expect(viaSite.accountId).toMatch(/^712020:[0-9a-f-]{36}$/);
  });

  it('serverInfo names the site as baseUrl even through the gateway', async () => {
    const info = await gateway.serverInfo.getServerInfo();
    expect(info).toMatchObject({ baseUrl: emulator.siteUrl, deploymentType: 'Cloud' });
  });
});

describe('projects', () => {
  it('pages project/search with the full Page envelope', async () => {
    const first = await site.projects.searchProjects({ maxResults: 1 });
    expect(first).toMatchObject({ startAt: 0, maxResults: 1, total: 2, isLast: false });
    expect(first.self).toBe(`${emulator.siteUrl}/rest/api/3/project/search?maxResults=1&startAt=0`);
    expect(first.nextPage).toBe(`${emulator.siteUrl}/rest/api/3/project/search?maxResults=1&startAt=1`);
    const second = await site.projects.searchProjects({ startAt: 1, maxResults: 1 });
    expect(second).toMatchObject({ startAt: 1, isLast: true });
    expect(second.nextPage).toBeUndefined();
    expect([...first.values, ...second.values].map((p) => p.key)).toEqual(['OPS', 'PB']);
  });

  it('filters by query and keys, and expands issue types', async () => {
    const byQuery = await gateway.projects.searchProjects({ query: 'patchbay', expand: 'issueTypes' });
    expect(byQuery.values.map((p) => p.key)).toEqual(['PB']);
    expect(byQuery.values[0]?.issueTypes?.map((t) => t.name)).toEqual(['Epic', 'Task', 'Bug']);
    const byKeys = await site.projects.searchProjects({ keys: ['OPS'] });
    expect(byKeys.values.map((p) => p.name)).toEqual(['Operations']);
  });

  it('getProject answers by key or id, and 404s an unknown key', async () => {
    const pb = await site.projects.getProject({ projectIdOrKey: 'PB' });
    expect(pb).toMatchObject({ id: '10000', key: 'PB', name: 'Patchbay Demo', projectTypeKey: 'software' });
    expect(pb.issueTypes?.map((t) => t.id)).toEqual(['10000', '10001', '10002']);
    expect((await gateway.projects.getProject('10001')).key).toBe('OPS');
    expect(await jiraFailure(site.projects.getProject('NOPE'))).toEqual({ status: 404, body: { errorMessages: ["No project could be found with key 'NOPE'."], errors: {} } });
  });
});

describe('metadata', () => {
  it('lists issue types and fields with custom schemas and clause names', async () => {
    const types = await site.issueTypes.getIssueAllTypes();
    expect(types.map((t) => [t.id, t.name, t.hierarchyLevel])).toEqual([['10000', 'Epic', 1], ['10001', 'Task', 0], ['10002', 'Bug', 0]]);
    const fields = await gateway.issueFields.getFields();
    expect(fields.find((f) => f.id === 'summary')).toMatchObject({ custom: false, schema: { type: 'string', system: 'summary' } });
    expect(fields.find((f) => f.id === 'customfield_10010')).toMatchObject({
      name: 'Salesforce case',
      custom: true,
      clauseNames: ['cf[10010]', 'Salesforce case'],
      schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield', customId: 10010 },
    });
    expect(fields.find((f) => f.id === 'customfield_10020')?.schema?.type).toBe('option');
  });

  it('pages create metadata issue types per project', async () => {
    const pb = await site.issues.getCreateIssueMetaIssueTypes({ projectIdOrKey: 'PB', maxResults: 2 });
    expect(pb).toMatchObject({ startAt: 0, maxResults: 2, total: 3 });
    expect(pb.issueTypes?.map((t) => t.name)).toEqual(['Epic', 'Task']);
    const ops = await gateway.issues.getCreateIssueMetaIssueTypes({ projectIdOrKey: 'OPS' });
    expect(ops.issueTypes?.map((t) => t.name)).toEqual(['Task']);
  });

  it('describes the fields of one issue type with allowed values', async () => {
    const meta = await site.issues.getCreateIssueMetaIssueTypeId({ projectIdOrKey: 'PB', issueTypeId: '10002' });
    const byId = new Map((meta.fields ?? []).map((f) => [f.fieldId, f]));
    expect(meta.total).toBe(meta.fields?.length);
    expect(byId.get('summary')).toMatchObject({ key: 'summary', name: 'Summary', required: true, operations: ['set'], hasDefaultValue: false });
    expect(byId.get('labels')?.operations).toEqual(['add', 'set', 'remove']);
    expect(byId.get('customfield_10020')?.allowedValues).toEqual(
      ['Low', 'Medium', 'High', 'Critical'].map((value, i) => ({ self: `${emulator.siteUrl}/rest/api/3/customFieldOption/${10100 + i}`, value, id: String(10100 + i) })),
    );
    expect(await jiraFailure(site.issues.getCreateIssueMetaIssueTypeId({ projectIdOrKey: 'OPS', issueTypeId: '10002' }))).toMatchObject({ status: 404 });
  });
});

describe('issues', () => {
  it('creates an issue with an ADF description and custom fields', async () => {
    const created = await site.issues.createIssue({
      fields: {
        project: { key: 'PB' },
        issuetype: { name: 'Bug' },
        summary: 'Webhook retries stop after one attempt',
        description: adf('Seen in production.'),
        labels: ['webhooks'],
        customfield_10010: '00001042',
        customfield_10020: { value: 'Critical' },
      },
    });
    expect(created).toEqual({ id: '10005', key: 'PB-4', self: `${emulator.siteUrl}/rest/api/3/issue/10005` });
    const issue = await gateway.issues.getIssue({ issueIdOrKey: 'PB-4' });
    expect(issue.self).toBe(`${emulator.gatewayBaseUrl}/rest/api/3/issue/10005`);
    expect(issue.fields).toMatchObject({
      summary: 'Webhook retries stop after one attempt',
      description: adf('Seen in production.'),
      labels: ['webhooks'],
      issuetype: { id: '10002', name: 'Bug' },
      status: { name: 'To Do' },
      reporter: { accountId: emulator.accountId },
      customfield_10010: '00001042',
      customfield_10020: { value: 'Critical', id: '10103' },
    });
    expect(issue.fields.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
  });

  it('surfaces validation errors as 400 error collections', async () => {
    const failure = await jiraFailure(
      site.issues.createIssue({ fields: { project: { key: 'PB' }, issuetype: { id: '10001' }, summary: '', customfield_10020: { value: 'Urgent' }, foo: 'bar' } }),
    );
    expect(failure).toEqual({
      status: 400,
      body: {
        errorMessages: [],
        errors: {
          summary: 'You must specify a summary of the issue.',
          customfield_10020: "Option value 'Urgent' is not valid",
          foo: "Field 'foo' cannot be set. It is not on the appropriate screen, or unknown.",
        },
      },
    });
    const wrongProject = await jiraFailure(gateway.issues.createIssue({ fields: { project: { key: 'ZZ' }, issuetype: { name: 'Task' }, summary: 'x' } }));
    expect(wrongProject.body).toEqual({ errorMessages: [], errors: { project: 'Specify a valid project ID or key' } });
  });

  it('refuses a plain-string description on v3 (jira.js converts strings, so this goes over fetch)', async () => {
    const response = await fetch(`${emulator.siteUrl}/rest/api/3/issue`, {
      method: 'POST',
      headers: { authorization: basicAuth(emulator), 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { project: { key: 'PB' }, issuetype: { name: 'Task' }, summary: 'x', description: 'plain text' } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errorMessages: [],
      errors: { description: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)' },
    });
  });

  it('edits with fields and update operations, answering 204 or the issue', async () => {
    const before = await site.issues.getIssue({ issueIdOrKey: 'PB-3', fields: ['updated'] });
    const edited = await site.issues.editIssue({ issueIdOrKey: 'PB-3', fields: { summary: 'Document the ticket mapping' }, update: { labels: [{ add: 'docs' }] } });
    // jira.js hands back axios' `data`: '' for an empty 204 body (a JSON body would be an object).
    expect(edited).toBe('');
    const raw = await fetch(`${emulator.siteUrl}/rest/api/3/issue/PB-3`, {
      method: 'PUT',
      headers: { authorization: basicAuth(emulator), 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { summary: 'Document the ticket mapping' } }),
    });
    expect(raw.status).toBe(204);
    const returned = await gateway.issues.editIssue<Version3Models.Issue>({ issueIdOrKey: 'PB-3', update: { labels: [{ add: 'zendesk' }] }, returnIssue: true });
    expect(returned.fields).toMatchObject({ summary: 'Document the ticket mapping', labels: ['docs', 'zendesk'] });
    expect(Date.parse(returned.fields.updated.replace('+0000', 'Z'))).toBeGreaterThan(Date.parse(String(before.fields.updated).replace('+0000', 'Z')));
    const bad = await jiraFailure(site.issues.editIssue({ issueIdOrKey: 'PB-3', fields: { status: { name: 'Done' } } }));
    expect(bad.body).toEqual({ errorMessages: [], errors: { status: "Field 'status' cannot be set. It is not on the appropriate screen, or unknown." } });
  });

  it('gets only the requested fields, and 404s a missing issue with Jira\'s body', async () => {
    const issue = await site.issues.getIssue({ issueIdOrKey: 'pb-2', fields: ['summary', 'customfield_10020'] });
    expect(issue.key).toBe('PB-2');
    expect(Object.keys(issue.fields)).toEqual(['summary', 'customfield_10020']);
    expect(await jiraFailure(gateway.issues.getIssue({ issueIdOrKey: 'PB-99' }))).toEqual({
      status: 404,
      body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} },
    });
  });

  it('adds and lists comments in ADF', async () => {
    const comment = await gateway.issueComments.addComment({ issueIdOrKey: 'PB-1', comment: adf('Closed-won sync verified.') });
    expect(comment).toMatchObject({ body: adf('Closed-won sync verified.'), author: { accountId: emulator.accountId }, jsdPublic: true });
    expect(comment.self).toBe(`${emulator.gatewayBaseUrl}/rest/api/3/issue/10000/comment/${comment.id}`);
    const page = await site.issueComments.getComments({ issueIdOrKey: 'PB-1' });
    expect(page).toMatchObject({ startAt: 0, total: 1 });
    expect(page.comments?.[0]?.id).toBe(comment.id);
    // Called with a bare key, jira.js 5 sends `startAt=false&maxResults=false`: defaults apply.
    expect((await gateway.issueComments.getComments('PB-1')).total).toBe(1);
    const empty = await jiraFailure(site.issueComments.addComment({ issueIdOrKey: 'PB-1' }));
    expect(empty).toEqual({ status: 400, body: { errorMessages: [], errors: { comment: 'Comment body can not be empty!' } } });
  });
});

describe('search', () => {
  async function allPages(search: (token: string | undefined) => Promise<SearchPage>): Promise<SearchPage[]> {
    const pages: SearchPage[] = [];
    let token: string | undefined;
    do {
      const page = await search(token);
      pages.push(page);
      token = page.nextPageToken;
    } while (token !== undefined);
    return pages;
  }

  it('pages GET /search/jql with nextPageToken until isLast', async () => {
    const jql = 'project in (PB, OPS) ORDER BY key ASC';
    const pages = await allPages((nextPageToken) =>
      site.issueSearch.searchForIssuesUsingJqlEnhancedSearch<SearchPage>({ jql, maxResults: 2, fields: ['summary', 'status'], nextPageToken }),
    );
    expect(pages.map((p) => p.isLast)).toEqual([false, false, true]);
    expect(pages.flatMap((p) => p.issues.map((i) => i.key))).toEqual(['OPS-1', 'OPS-2', 'PB-1', 'PB-2', 'PB-3']);
    expect('nextPageToken' in (pages[2] ?? {})).toBe(false);
    expect('total' in (pages[0] ?? {})).toBe(false);
    expect(Object.keys(pages[0]?.issues[0]?.fields ?? {})).toEqual(['summary', 'status']);
  });

  it('pages POST /search/jql through the gateway', async () => {
    const pages = await allPages((nextPageToken) =>
      gateway.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost<SearchPage>({ jql: 'project = PB ORDER BY created ASC', maxResults: 1, fields: ['*navigable'], nextPageToken }),
    );
    expect(pages.map((p) => p.issues[0]?.key)).toEqual(['PB-1', 'PB-2', 'PB-3']);
    expect(pages[0]?.issues[0]?.self).toBe(`${emulator.gatewayBaseUrl}/rest/api/3/issue/10000`);
    expect(pages[0]?.issues[0]?.fields.customfield_10010).toBe('00001026');
  });

  it('answers ids only when no fields are asked for', async () => {
    const page = await site.issueSearch.searchForIssuesUsingJqlEnhancedSearch<SearchPage>({ jql: 'project = OPS' });
    expect(page).toEqual({ issues: [{ id: '10004' }, { id: '10003' }], isLast: true });
  });

  it('filters on dates, text, labels and custom fields', async () => {
    const keys = async (jql: string) =>
      (await site.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost<SearchPage>({ jql: `${jql} ORDER BY key ASC`, fields: ['key'] })).issues.map((i) => i.key);
    expect(await keys('updated >= -3d AND project = PB')).toEqual(['PB-2']);
    expect(await keys('summary ~ "contact" OR labels = security')).toEqual(['OPS-1', 'PB-2']);
    expect(await keys('Severity in (High, Critical) AND cf[10010] ~ 00001031')).toEqual(['PB-2']);
    expect(await keys('issuetype = Task AND status != Done AND assignee is EMPTY')).toEqual(['PB-3']);
  });

  it('counts with approximate-count', async () => {
    expect(await gateway.issueSearch.countIssues({ jql: 'project = PB' })).toEqual({ count: 3 });
  });

  it('refuses unbounded and malformed JQL with 400', async () => {
    expect(await jiraFailure(site.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'ORDER BY key DESC' }))).toEqual({
      status: 400,
      body: { errorMessages: ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.'], errors: {} },
    });
    const malformed = await jiraFailure(site.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql: 'project = PB AND (status = Done' }));
    expect(malformed).toEqual({ status: 400, body: { errorMessages: ["Error in the JQL Query: Expecting ')' before the end of the query."], errors: {} } });
    const unknown = await jiraFailure(gateway.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({ jql: 'priority = High' }));
    expect(unknown.body).toEqual({ errorMessages: ["Field 'priority' does not exist or you do not have permission to view it."], errors: {} });
  });

  it('answers 410 Gone on the removed /search', async () => {
    const gone = await jiraFailure(site.issueSearch.searchForIssuesUsingJql({ jql: 'project = PB' }));
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({ errorMessages: [expect.stringContaining('/rest/api/3/search/jql')] });
    expect((await jiraFailure(gateway.issueSearch.searchForIssuesUsingJqlPost({ jql: 'project = PB' }))).status).toBe(410);
  });
});
