import { type JiraEmulator, startJiraEmulator } from '@patchbay/emulator-jira';
import { type VaultHarness, startVault } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jira from './index.ts';
import { connectApiToken, connectOAuth, control, requestsTo } from './test-support.ts';

/**
 * Design time through the connection: projects, issue types and fields (custom ones included) as
 * pick lists and as createIssue's dynamic input schema, cached until a refresh — including a custom
 * field added while the connection exists.
 */

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

const picklist = (id: string, name: string, params: Record<string, string> = {}, refresh = false) => vault.service.picklist(vault.actor, id, name, params, { refresh });
const createSchema = (id: string, config: Record<string, unknown>, refresh = false) => vault.service.schemas(vault.actor, id, { action: 'createIssue', config }, { refresh });

describe('pick lists', () => {
  it('lists projects, their issue types and the fields of an issue type, on both auth options', async () => {
    for (const id of [oauthId, tokenId]) {
      expect(await picklist(id, 'projects')).toEqual([
        { value: 'OPS', label: 'Operations (OPS)' },
        { value: 'PB', label: 'Patchbay Demo (PB)' },
      ]);
      expect(await picklist(id, 'issueTypes', { project: 'PB' })).toEqual([
        { value: '10000', label: 'Epic' },
        { value: '10001', label: 'Task' },
        { value: '10002', label: 'Bug' },
      ]);
      expect(await picklist(id, 'issueTypes', { project: 'OPS' })).toEqual([{ value: '10001', label: 'Task' }]);
      const fields = await picklist(id, 'fields', { project: 'PB', issueType: 'Bug' });
      expect(fields).toContainEqual({ value: 'summary', label: 'Summary (summary), required' });
      expect(fields).toContainEqual({ value: 'reporter', label: 'Reporter (reporter)' });
      expect(fields).toContainEqual({ value: 'customfield_10010', label: 'Salesforce case (customfield_10010)' });
      expect(fields).toContainEqual({ value: 'customfield_10020', label: 'Severity (customfield_10020)' });
    }
  });

  it('stops reading project/search at the page that says isLast', async () => {
    // The emulator's two projects fit in one page of 50 (its projects cannot be added to).
    const before = requestsTo(emulator, 'GET', '/project/search');
    await picklist(tokenId, 'projects', {}, true);
    expect(requestsTo(emulator, 'GET', '/project/search')).toBe(before + 1);
  });

  it("turns Jira's answer for an unknown project into a clear error, and refuses lists it does not have", async () => {
    await expect(picklist(tokenId, 'issueTypes', { project: 'NOPE' })).rejects.toMatchObject({
      code: 'app_not_found',
      message: "Jira answered 404 NOT_FOUND: No project could be found with key 'NOPE'.",
    });
    await expect(picklist(tokenId, 'fields', { project: 'PB', issueType: 'Story' })).rejects.toMatchObject({
      code: 'app_not_found',
      message: 'Jira answered 404 NOT_FOUND: Project PB has no issue type "Story"; it has Epic, Task, Bug.',
    });
    await expect(picklist(tokenId, 'issueTypes', {})).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(picklist(tokenId, 'statuses')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('are unavailable until the connection is authorised', async () => {
    const pending = await vault.service.create(vault.actor, {
      connector: 'jira',
      name: 'pending',
      fields: { serverUrl: emulator.url, clientId: emulator.clientId, clientSecret: emulator.clientSecret },
    });
    expect(pending.status).toBe('disconnected');
    await expect(picklist(pending.id, 'projects')).rejects.toMatchObject({ code: 'connection_required', status: 409 });
  });
});

describe("createIssue's dynamic schema", () => {
  it('describes the fields of the chosen project and issue type, typed, with allowed values', async () => {
    const { input, output } = await createSchema(oauthId, { project: 'PB', issueType: 'Bug' });
    expect(input).toMatchObject({
      type: 'object',
      required: ['project', 'issueType', 'summary'],
      properties: {
        project: { const: 'PB' },
        issueType: { const: 'Bug' },
        summary: { type: 'string', maxLength: 255 },
        description: { type: 'string' },
        fields: {
          type: 'object',
          additionalProperties: false,
          properties: {
            customfield_10010: { type: 'string', title: 'Salesforce case', maxLength: 255 },
            customfield_10020: {
              type: 'object',
              title: 'Severity',
              additionalProperties: false,
              required: ['value'],
              properties: { value: { anyOf: ['Low', 'Medium', 'High', 'Critical'].map((v) => ({ const: v })) } },
            },
            labels: { type: 'array', items: { type: 'string', pattern: '^\\S+$' } },
            assignee: { type: 'object', properties: { accountId: { type: 'string' } } },
            reporter: { type: 'object' },
          },
        },
      },
    });
    // The ones with inputs of their own are not in `fields`; none of the rest is required
    // (the reporter is, but Jira fills it in).
    const fields = Reflect.get(Reflect.get(input, 'properties'), 'fields');
    for (const own of ['summary', 'description', 'project', 'issuetype']) expect(Reflect.get(fields, 'properties')).not.toHaveProperty(own);
    expect(Reflect.get(fields, 'required')).toBeUndefined();
    expect(Reflect.get(input, 'required')).not.toContain('fields');
    expect(output).toMatchObject({ properties: { id: {}, key: {}, self: {}, url: {} } });
  });

  it('takes the issue type by id as the pick list gives it', async () => {
    const byId = await createSchema(tokenId, { project: 'OPS', issueType: '10001' });
    expect(byId.input).toMatchObject({ properties: { issueType: { const: '10001' }, fields: { properties: { customfield_10020: { title: 'Severity' } } } } });
    await expect(createSchema(tokenId, { project: 'OPS', issueType: '10002' })).rejects.toMatchObject({ code: 'app_not_found' });
    await expect(createSchema(tokenId, { project: 'OPS' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('a custom field added while the connection exists', () => {
  it('is not seen from the cache, and is seen after a refresh, in the pick list and the schema', async () => {
    const params = { project: 'PB', issueType: '10001' };
    const config = { project: 'PB', issueType: '10001' };
    const listed = await picklist(oauthId, 'fields', params);
    const described = await createSchema(oauthId, config);
    const metaCalls = () => requestsTo(emulator, 'GET', '/issue/createmeta/PB/issuetypes/10001');
    const callsBefore = metaCalls();

    const added = await control(emulator, 'POST', '/fields', { object: 'issue', type: 'select', label: 'Region', options: ['EMEA', 'APAC', 'AMER'] });
    expect(added.status).toBe(201);
    const fieldId = String(Reflect.get(Object(added.body), 'id'));
    expect(fieldId).toMatch(/^customfield_\d+$/);

    expect(await picklist(oauthId, 'fields', params)).toEqual(listed);
    expect(await createSchema(oauthId, config)).toEqual(described);
    expect(metaCalls()).toBe(callsBefore);

    const refreshedList = await picklist(oauthId, 'fields', params, true);
    expect(refreshedList).toContainEqual({ value: fieldId, label: `Region (${fieldId})` });
    const refreshed = await createSchema(oauthId, config, true);
    expect(refreshed.input).toMatchObject({
      properties: { fields: { properties: { [fieldId]: { title: 'Region', properties: { value: { anyOf: [{ const: 'EMEA' }, { const: 'APAC' }, { const: 'AMER' }] } } } } } },
    });
    expect(metaCalls()).toBe(callsBefore + 2);

    const created = await vault.service.runAction(vault.actor, oauthId, 'createIssue', { project: 'PB', issueType: 'Task', summary: 'Regional rollout', fields: { [fieldId]: { value: 'APAC' } } });
    expect(created).toMatchObject({ key: expect.stringMatching(/^PB-\d+$/) });
  });
});
