import { Version3Client, type Version3Models, exchangeAuthorizationCode, generateAuthorizationUrl, getAccessibleResources, refreshOAuth2Token } from 'jira.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type JiraEmulator, startJiraEmulator } from './index.ts';
import { control, mintToken } from './test-helpers.ts';

/**
 * Every call the Jira connector (`connectors/jira`) makes, made here with jira.js 5.4 and the same
 * parameters, so the emulator's answers are known to satisfy the vendor's own client:
 *
 * | connector call | jira.js |
 * |---|---|
 * | `GET <gateway>/oauth/token/accessible-resources` (discover, OAuth) | `getAccessibleResources` |
 * | `GET /rest/api/3/myself` (test, identity, trigger time zone) | `myself.getCurrentUser` |
 * | `GET /rest/api/3/project/search?startAt&maxResults=50&orderBy=key` | `projects.searchProjects` |
 * | `GET /rest/api/3/issue/createmeta/{p}/issuetypes?startAt&maxResults=50` | `issues.getCreateIssueMetaIssueTypes` |
 * | `GET /rest/api/3/issue/createmeta/{p}/issuetypes/{id}?startAt&maxResults=50` | `issues.getCreateIssueMetaIssueTypeId` |
 * | `POST /rest/api/3/issue` (ADF description) | `issues.createIssue` |
 * | `PUT /rest/api/3/issue/{key}` | `issues.editIssue` |
 * | `GET /rest/api/3/issue/{id}?fields=summary` (updateIssue given an id) | `issues.getIssue` |
 * | `POST /rest/api/3/issue/{key}/comment` (ADF body) | `issueComments.addComment` |
 * | `POST /rest/api/3/search/jql` (searchIssues, the trigger) | `issueSearch.searchForIssuesUsingJqlEnhancedSearchPost` |
 *
 * The token requests are the vault's, not the connector's; they are made here with jira.js's OAuth
 * helpers too. `GET <site>/_edge/tenant_info` (discover, API token) has no jira.js method: it is
 * checked with plain fetch in fidelity-auth.test.ts.
 */

const REDIRECT_URI = 'http://127.0.0.1:8976/oauth/callback';
const realFetch = globalThis.fetch;

let emulator: JiraEmulator;
let site: Version3Client;
let gateway: Version3Client;

beforeAll(async () => {
  emulator = await startJiraEmulator({ autoApprove: true });
  site = new Version3Client({ host: emulator.siteUrl, authentication: { basic: { email: emulator.email, apiToken: emulator.apiToken } } });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(async () => {
  await control(emulator, 'POST', '/reset');
  gateway = new Version3Client({ host: emulator.gatewayBaseUrl, authentication: { oauth2: { accessToken: await mintToken(emulator) } } });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/**
 * jira.js's OAuth helpers have Atlassian's hosts built in: only the transport is pointed at the
 * emulator, the client code runs unchanged.
 */
function atlassianHostsToEmulator(): void {
  vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return realFetch(url.replace(/^https:\/\/(api|auth)\.atlassian\.com/, emulator.url), init);
  });
}

/** ADF as the connector builds it from plain text: paragraphs of text and hard breaks. */
type Node = Omit<Version3Models.Document, 'version'>;
const adf = (...paragraphs: Node[]): Version3Models.Document => ({ type: 'doc', version: 1, content: paragraphs });
const paragraph = (...content: Node[]): Node => ({ type: 'paragraph', content });
const text = (value: string): Node => ({ type: 'text', text: value });
const hardBreak: Node = { type: 'hardBreak' };

describe('OAuth 2.0 (3LO) with jira.js helpers', () => {
  it('exchanges a code, lists accessible resources, calls the gateway and refreshes with rotation', async () => {
    atlassianHostsToEmulator();
    const authorize = generateAuthorizationUrl({ clientId: emulator.clientId, scopes: ['read:jira-work', 'write:jira-work', 'read:jira-user', 'offline_access'], redirectUri: REDIRECT_URI, state: 's-1' });
    const redirect = await fetch(authorize, { redirect: 'manual' });
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const tokens = await exchangeAuthorizationCode({ clientId: emulator.clientId, clientSecret: emulator.clientSecret, code, redirectUri: REDIRECT_URI });
    expect(tokens).toMatchObject({ expiresIn: 3600, tokenType: 'Bearer', refreshToken: expect.any(String) });

    const resources = await getAccessibleResources(tokens.accessToken);
    expect(resources).toEqual([{ id: emulator.cloudId, url: emulator.siteUrl, name: 'patchbay-demo', scopes: ['read:jira-work', 'write:jira-work', 'read:jira-user'], avatarUrl: expect.any(String) }]);

    const viaGateway = new Version3Client({ host: `${emulator.url}/ex/jira/${resources[0]?.id ?? ''}`, authentication: { oauth2: { accessToken: tokens.accessToken } } });
    expect((await viaGateway.myself.getCurrentUser()).accountId).toBe(emulator.accountId);

    const refreshed = await refreshOAuth2Token({ clientId: emulator.clientId, clientSecret: emulator.clientSecret, refreshToken: tokens.refreshToken ?? '' });
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    await expect(refreshOAuth2Token({ clientId: emulator.clientId, clientSecret: emulator.clientSecret, refreshToken: tokens.refreshToken ?? '' })).rejects.toThrow(/status 403.*invalid_grant/);
  });
});

describe("the connector's calls", () => {
  it('myself gives the e-mail address, display name, account id and time zone', async () => {
    for (const client of [site, gateway]) {
      expect(await client.myself.getCurrentUser()).toMatchObject({ accountId: emulator.accountId, emailAddress: emulator.email, displayName: 'Patchbay Integration', timeZone: 'UTC' });
    }
  });

  it('project/search ordered by key, 50 a page, ends with isLast', async () => {
    const page = await gateway.projects.searchProjects({ startAt: 0, maxResults: 50, orderBy: 'key' });
    expect(page).toMatchObject({ startAt: 0, maxResults: 50, total: 2, isLast: true });
    expect(page.values.map((p) => [p.id, p.key, p.name])).toEqual([['10001', 'OPS', 'Operations'], ['10000', 'PB', 'Patchbay Demo']]);
  });

  it('create metadata: issue types and fields of one, paged by startAt and total', async () => {
    const types = await site.issues.getCreateIssueMetaIssueTypes({ projectIdOrKey: 'PB', startAt: 0, maxResults: 50 });
    expect(types).toMatchObject({ startAt: 0, total: 3 });
    expect(types.issueTypes?.map((t) => [t.id, t.name, t.subtask])).toEqual([['10000', 'Epic', false], ['10001', 'Task', false], ['10002', 'Bug', false]]);
    const fields = await gateway.issues.getCreateIssueMetaIssueTypeId({ projectIdOrKey: 'PB', issueTypeId: '10001', startAt: 0, maxResults: 50 });
    expect(fields.total).toBe(fields.fields?.length);
    const byId = new Map((fields.fields ?? []).map((f) => [f.fieldId, f]));
    expect(byId.get('summary')).toMatchObject({ required: true, hasDefaultValue: false, operations: ['set'], schema: { type: 'string' } });
    expect(byId.get('reporter')).toMatchObject({ required: true, hasDefaultValue: true, schema: { type: 'user' } });
    expect(byId.get('customfield_10020')).toMatchObject({ schema: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' }, allowedValues: expect.arrayContaining([expect.objectContaining({ value: 'High' })]) });
  });

  it('creates an issue with a multi-paragraph ADF description, by project id and issue type id', async () => {
    const description = adf(paragraph(text('Seen in production.'), hardBreak, text('Twice today.')), paragraph(text('Steps:')));
    const created = await gateway.issues.createIssue({
      fields: { project: { id: '10000' }, issuetype: { id: '10002' }, summary: 'Webhook retries stop', description, customfield_10020: { value: 'High' }, labels: ['webhooks'] },
    });
    expect(created).toMatchObject({ key: 'PB-4', self: `${emulator.gatewayBaseUrl}/rest/api/3/issue/${created.id}` });
    const issue = await site.issues.getIssue({ issueIdOrKey: created.key });
    expect(issue.fields.description).toEqual(description);
  });

  it('edits summary, description (ADF or null) and custom fields; reads the key of an issue given by id', async () => {
    await site.issues.editIssue({ issueIdOrKey: 'PB-1', fields: { summary: 'Renamed', description: adf(paragraph(text('new text'))), customfield_10020: { value: 'Low' } } });
    await gateway.issues.editIssue({ issueIdOrKey: 'PB-2', fields: { description: null } });
    const renamed = await site.issues.getIssue({ issueIdOrKey: '10000', fields: ['summary'] });
    expect(renamed).toMatchObject({ id: '10000', key: 'PB-1', fields: { summary: 'Renamed' } });
    expect((await gateway.issues.getIssue({ issueIdOrKey: 'PB-2', fields: ['description'] })).fields.description).toBeNull();
  });

  it('adds a comment with a multi-paragraph ADF body', async () => {
    const body = adf(paragraph(text('Looked into it.')), paragraph(text('Fixed in build 12.')));
    const comment = await gateway.issueComments.addComment({ issueIdOrKey: 'OPS-1', comment: body });
    expect(comment).toMatchObject({ id: expect.stringMatching(/^\d+$/), body });
  });

  it("searches with the trigger's JQL: updated since a minute, project, restriction, ordered by updated and key", async () => {
    for (let i = 1; i <= 3; i++) await control(emulator, 'POST', '/records/issue', { project: 'PB', summary: `Same minute ${i}`, labels: ['fidelity'], created: '2024-06-01T10:00:30.000Z', updated: '2024-06-01T10:00:30.000Z' });
    const jql = 'updated >= "2024-06-01 09:59" AND project = "PB" AND (labels = fidelity) ORDER BY updated ASC, key ASC';
    const first = await site.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost<{ issues: Version3Models.Issue[]; nextPageToken?: string; isLast: boolean }>({ jql, fields: ['*navigable'], maxResults: 2 });
    expect(first.isLast).toBe(false);
    expect(first.issues.map((i) => i.key)).toEqual(['PB-4', 'PB-5']);
    expect(first.issues[0]?.fields).toMatchObject({ updated: '2024-06-01T10:00:30.000+0000', labels: ['fidelity'] });
    const second = await site.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost<{ issues: Version3Models.Issue[]; nextPageToken?: string; isLast: boolean }>({ jql, fields: ['*navigable'], maxResults: 2, nextPageToken: first.nextPageToken });
    expect(second).toMatchObject({ isLast: true, issues: [{ key: 'PB-6' }] });
    expect('nextPageToken' in second).toBe(false);
  });
});
