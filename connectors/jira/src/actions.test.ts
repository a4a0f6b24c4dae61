import { type JiraEmulator, startJiraEmulator } from '@patchbay/emulator-jira';
import { type VaultHarness, startVault } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jira from './index.ts';
import { addIssue, connectApiToken, connectOAuth, readComments, readIssue, requestsTo } from './test-support.ts';

/** Every action through the vault: the happy path, Jira's own errors as step errors, input checks. */

let emulator: JiraEmulator;
let vault: VaultHarness;
let oauthId: string;
let tokenId: string;

beforeAll(async () => {
  emulator = await startJiraEmulator({ autoApprove: true });
  vault = await startVault({ connectors: [jira] });
  oauthId = (await connectOAuth(vault, 'oauth', { serverUrl: emulator.url, clientId: emulator.clientId, clientSecret: emulator.clientSecret })).connection.id;
  tokenId = (await connectApiToken(vault, emulator, 'token')).id;
});

afterAll(async () => {
  await vault.close();
  await emulator.close();
});

const run = (id: string, action: string, input: unknown) => vault.service.runAction(vault.actor, id, action, input);
const paragraph = (...content: unknown[]) => ({ type: 'paragraph', content });
const text = (value: string) => ({ type: 'text', text: value });

describe('createIssue', () => {
  it('creates an issue with a plain-text description as an ADF document, and custom fields', async () => {
    const created = await run(oauthId, 'createIssue', {
      project: 'PB',
      issueType: 'Bug',
      summary: 'Webhook retries stop after one attempt',
      description: 'Seen in production.\nTwice today.\n\n\nSteps:\n  1. send a webhook',
      fields: { customfield_10010: '00001042', customfield_10020: { value: 'Critical' }, labels: ['webhooks'] },
    });
    expect(created).toEqual({
      id: expect.stringMatching(/^\d+$/),
      key: expect.stringMatching(/^PB-\d+$/),
      self: expect.stringContaining(`/ex/jira/${emulator.cloudId}/rest/api/3/issue/`),
      url: expect.stringMatching(new RegExp(`^${emulator.url}/browse/PB-\\d+$`)),
    });
    const key = String(Reflect.get(Object(created), 'key'));
    const issue = await readIssue(emulator, key);
    expect(issue.fields).toMatchObject({
      summary: 'Webhook retries stop after one attempt',
      issuetype: { name: 'Bug' },
      labels: ['webhooks'],
      customfield_10010: '00001042',
      customfield_10020: { value: 'Critical' },
      description: {
        type: 'doc',
        version: 1,
        content: [paragraph(text('Seen in production.'), { type: 'hardBreak' }, text('Twice today.')), paragraph(text('Steps:'), { type: 'hardBreak' }, text('  1. send a webhook'))],
      },
    });
  });

  it('takes the project by id and the issue type by id, on the site with an API token', async () => {
    const created = await run(tokenId, 'createIssue', { project: '10001', issueType: '10001', summary: 'Rotate keys' });
    expect(created).toMatchObject({ key: expect.stringMatching(/^OPS-\d+$/), self: expect.stringMatching(new RegExp(`^${emulator.siteUrl}/rest/api/3/issue/`)) });
    expect((await readIssue(emulator, String(Reflect.get(Object(created), 'key')))).fields).toMatchObject({ description: null, issuetype: { name: 'Task' } });
  });

  it("turns Jira's validation errors into one clear message", async () => {
    const refused = run(tokenId, 'createIssue', { project: 'PB', issueType: 'Task', summary: 'x', fields: { customfield_10020: { value: 'Urgent' }, foo: 'bar' } });
    await expect(refused).rejects.toMatchObject({
      code: 'app_refused',
      status: 422,
      message: "Jira answered 400 BAD_REQUEST: customfield_10020: Option value 'Urgent' is not valid; foo: Field 'foo' cannot be set. It is not on the appropriate screen, or unknown.",
      details: { app: 'Jira', appStatus: 400, errors: { customfield_10020: "Option value 'Urgent' is not valid" } },
    });
    await expect(run(tokenId, 'createIssue', { project: 'ZZ', issueType: 'Task', summary: 'x' })).rejects.toMatchObject({
      message: 'Jira answered 400 BAD_REQUEST: project: Specify a valid project ID or key.',
    });
    await expect(run(tokenId, 'createIssue', { project: 'OPS', issueType: 'Bug', summary: 'x' })).rejects.toMatchObject({
      message: 'Jira answered 400 BAD_REQUEST: issuetype: Specify a valid issue type.',
    });
  });

  it('checks its input before calling Jira', async () => {
    const calls = requestsTo(emulator, 'POST', '/issue');
    await expect(run(tokenId, 'createIssue', { project: 'PB', issueType: 'Task' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('input.summary is required') });
    await expect(run(tokenId, 'createIssue', { project: 'PB', issueType: 'Task', summary: 'x', fields: { summary: 'y' } })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('input.fields.summary is not an allowed property'),
    });
    await expect(run(tokenId, 'createIssue', { project: 'PB', issueType: 'Task', summary: 'x'.repeat(256) })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(requestsTo(emulator, 'POST', '/issue')).toBe(calls);
  });
});

describe('updateIssue', () => {
  it('changes the given fields by key or id and answers the key', async () => {
    const issue = await addIssue(emulator, { project: 'PB', summary: 'Draft', description: 'old text' });
    expect(await run(oauthId, 'updateIssue', { issue: issue.key.toLowerCase(), summary: 'Final', fields: { customfield_10020: { value: 'Low' } } })).toEqual({ key: issue.key });
    expect((await readIssue(emulator, issue.key)).fields).toMatchObject({ summary: 'Final', customfield_10020: { value: 'Low' }, description: { content: [paragraph(text('old text'))] } });
    expect(await run(tokenId, 'updateIssue', { issue: issue.id, description: 'new text' })).toEqual({ key: issue.key });
    expect((await readIssue(emulator, issue.key)).fields).toMatchObject({ summary: 'Final', description: { content: [paragraph(text('new text'))] } });
    expect(await run(tokenId, 'updateIssue', { issue: issue.key, description: '' })).toEqual({ key: issue.key });
    expect((await readIssue(emulator, issue.key)).fields.description).toBeNull();
  });

  it("reports Jira's refusals and a missing issue", async () => {
    await expect(run(tokenId, 'updateIssue', { issue: 'PB-999', summary: 'x' })).rejects.toMatchObject({
      code: 'app_not_found',
      status: 404,
      message: 'Jira answered 404 NOT_FOUND: Issue does not exist or you do not have permission to see it.',
    });
    await expect(run(tokenId, 'updateIssue', { issue: 'PB-1', fields: { status: { name: 'Done' } } })).rejects.toMatchObject({
      code: 'app_refused',
      message: "Jira answered 400 BAD_REQUEST: status: Field 'status' cannot be set. It is not on the appropriate screen, or unknown.",
    });
  });

  it('needs something to change and a well-formed issue reference', async () => {
    await expect(run(tokenId, 'updateIssue', { issue: 'PB-1' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(run(tokenId, 'updateIssue', { issue: 'PB-1/../2', summary: 'x' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('input.issue') });
  });
});

describe('addComment', () => {
  it('adds a plain-text comment as ADF and answers its id', async () => {
    const issue = await addIssue(emulator, { project: 'OPS', summary: 'Needs a comment' });
    const comment = await run(oauthId, 'addComment', { issue: issue.key, body: 'Looked into it.\n\nFixed in build 12.' });
    expect(comment).toEqual({ id: expect.stringMatching(/^\d+$/) });
    expect(await readComments(emulator, issue.key)).toEqual([
      expect.objectContaining({ id: Reflect.get(Object(comment), 'id'), body: { type: 'doc', version: 1, content: [paragraph(text('Looked into it.')), paragraph(text('Fixed in build 12.'))] } }),
    ]);
  });

  it("reports a missing issue, and refuses an empty body", async () => {
    await expect(run(tokenId, 'addComment', { issue: 'OPS-999', body: 'hello' })).rejects.toMatchObject({ code: 'app_not_found', message: expect.stringContaining('Issue does not exist') });
    await expect(run(tokenId, 'addComment', { issue: 'OPS-1', body: '  \n ' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('input.body') });
  });
});

describe('searchIssues', () => {
  beforeAll(async () => {
    for (let i = 1; i <= 105; i++) await addIssue(emulator, { project: 'PB', summary: `Bulk ${i}`, labels: ['bulk'] });
  });

  it("follows Jira's pages up to the limit", async () => {
    const before = requestsTo(emulator, 'POST', '/search/jql');
    const found = await run(oauthId, 'searchIssues', { jql: 'labels = bulk ORDER BY created ASC', fields: ['summary', 'labels'], limit: 103 });
    const issues: unknown[] = Reflect.get(Object(found), 'issues');
    expect(issues).toHaveLength(103);
    expect(issues.map((i) => Reflect.get(Object(Reflect.get(Object(i), 'fields')), 'summary'))).toEqual(Array.from({ length: 103 }, (_, i) => `Bulk ${i + 1}`));
    expect(issues[0]).toEqual({ id: expect.any(String), key: expect.stringMatching(/^PB-/), self: expect.any(String), fields: { summary: 'Bulk 1', labels: ['bulk'] } });
    expect(requestsTo(emulator, 'POST', '/search/jql')).toBe(before + 2);

    const everything = await run(tokenId, 'searchIssues', { jql: 'labels = bulk' });
    expect(Reflect.get(Object(everything), 'issues')).toHaveLength(100);
    const few = await run(tokenId, 'searchIssues', { jql: 'labels = bulk AND summary ~ "Bulk 7"', limit: 500 });
    expect(Reflect.get(Object(few), 'issues').length).toBeGreaterThan(0);
    expect(Reflect.get(Object(few), 'issues').length).toBeLessThan(20);
  });

  it('returns every navigable field by default', async () => {
    const found = await run(tokenId, 'searchIssues', { jql: 'key = PB-1', limit: 1 });
    expect(Reflect.get(Object(found), 'issues')[0].fields).toMatchObject({ summary: expect.any(String), status: { name: expect.any(String) }, updated: expect.any(String), customfield_10020: expect.anything() });
  });

  it("reports Jira's JQL errors in its words", async () => {
    await expect(run(tokenId, 'searchIssues', { jql: 'priority = High' })).rejects.toMatchObject({
      code: 'app_refused',
      message: "Jira answered 400 BAD_REQUEST: Field 'priority' does not exist or you do not have permission to view it.",
    });
    await expect(run(tokenId, 'searchIssues', { jql: 'ORDER BY key DESC' })).rejects.toMatchObject({ message: expect.stringContaining('Unbounded JQL queries are not allowed here') });
  });

  it('checks the limit and the field names', async () => {
    await expect(run(tokenId, 'searchIssues', { jql: 'project = PB', limit: 5001 })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('input.limit') });
    await expect(run(tokenId, 'searchIssues', { jql: 'project = PB', fields: ['summary; drop'] })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(run(tokenId, 'searchIssues', { jql: '' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
