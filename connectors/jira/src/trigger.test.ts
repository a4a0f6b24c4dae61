import { type JiraEmulator, startJiraEmulator } from '@patchbay/emulator-jira';
import { type VaultHarness, startVault } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jira from './index.ts';
import { startJiraProxy } from './jira-proxy.ts';
import { addIssue, connectApiToken, connectOAuth, control, keyOf, pollAll, requestsTo } from './test-support.ts';

/**
 * The newOrUpdatedIssues trigger through the vault, polled as the engine polls (again while
 * `hasMore`, seen `dedupeKey`s dropped). Issues are given fixed `updated` times through the
 * emulator's control endpoint; each test narrows the trigger to its own label.
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

const at = (iso: string) => ({ created: iso, updated: iso });
const cursorOf = (raw: string): { since: string; updated?: string; page?: { jql: string; token: string } } => JSON.parse(raw);

describe('newOrUpdatedIssues', () => {
  it('starts at since, advances its cursor, drops what it saw and sees updates', async () => {
    const input = { jql: 'labels = trig-a' };
    const before = await addIssue(emulator, { project: 'PB', summary: 'Before since, same minute', labels: ['trig-a'], ...at('2024-06-01T10:00:10.000Z') });
    const first = await addIssue(emulator, { project: 'PB', summary: 'First', labels: ['trig-a'], ...at('2024-06-01T10:00:40.000Z') });
    const second = await addIssue(emulator, { project: 'OPS', summary: 'Second', labels: ['trig-a'], ...at('2024-06-01T10:03:00.000Z') });
    const seen = new Set<string>();

    const initial = await pollAll(vault, oauthId, input, { cursor: undefined, since: '2024-06-01T10:00:30.000Z' }, seen);
    expect(initial.fresh.map(keyOf)).toEqual([first.key, second.key]);
    expect(initial.fresh.map((e) => e.dedupeKey)).toEqual([`${first.id}@2024-06-01T10:00:40.000+0000`, `${second.id}@2024-06-01T10:03:00.000+0000`]);
    expect(initial.fresh[0]?.data).toMatchObject({ key: first.key, fields: { summary: 'First', labels: ['trig-a'], updated: '2024-06-01T10:00:40.000+0000' } });
    expect(initial.returned.map(keyOf)).not.toContain(before.key);
    expect(cursorOf(initial.cursor)).toEqual({ since: '2024-06-01T10:00:30.000Z', updated: '2024-06-01T10:03:00.000+0000' });

    // Nothing new: the overlapping minute comes back with the same keys, which are dropped.
    const quiet = await pollAll(vault, oauthId, input, { cursor: initial.cursor, since: undefined }, seen);
    expect(quiet.fresh).toEqual([]);
    expect(quiet.returned.map(keyOf)).toEqual([second.key]);

    // Jira's search is eventually consistent: an issue indexed late, changed in the minute before the
    // newest one seen, is still found.
    const late = await addIssue(emulator, { project: 'PB', summary: 'Indexed late', labels: ['trig-a'], ...at('2024-06-01T10:02:30.000Z') });
    const caughtUp = await pollAll(vault, oauthId, input, { cursor: quiet.cursor, since: undefined }, seen);
    expect(caughtUp.fresh.map(keyOf)).toEqual([late.key]);
    expect(cursorOf(caughtUp.cursor).updated).toBe('2024-06-01T10:03:00.000+0000');

    // An update is a new event of the same issue; a new issue is one too.
    const patched = await control(emulator, 'PATCH', `/records/issue/${first.key}`, { summary: 'First, edited' });
    expect(patched.status).toBe(200);
    const created = await vault.service.runAction(vault.actor, oauthId, 'createIssue', { project: 'PB', issueType: 'Task', summary: 'Third', fields: { labels: ['trig-a'] } });
    const third = String(Reflect.get(Object(created), 'key'));
    const changes = await pollAll(vault, oauthId, input, { cursor: caughtUp.cursor, since: undefined }, seen);
    expect(changes.fresh.map(keyOf)).toEqual([first.key, third]);
    expect(changes.fresh[0]?.data).toMatchObject({ fields: { summary: 'First, edited' } });
    expect(changes.fresh[0]?.dedupeKey).not.toBe(initial.fresh[0]?.dedupeKey);
    const advanced = cursorOf(changes.cursor).updated ?? '';
    expect(Date.parse(advanced.replace(/(\d{2})(\d{2})$/, '$1:$2'))).toBeGreaterThan(Date.parse('2024-06-01T10:03:00Z'));
  });

  it('neither skips nor repeats issues that share a timestamp across pages', async () => {
    const input = { jql: 'labels = trig-b' };
    const keys: string[] = [];
    for (let i = 1; i <= 105; i++) keys.push((await addIssue(emulator, { project: 'PB', summary: `Batch ${i}`, labels: ['trig-b'], ...at('2024-07-01T08:00:00.500Z') })).key);
    const seen = new Set<string>();
    const searches = () => requestsTo(emulator, 'POST', '/search/jql');
    const before = searches();

    const batch = await pollAll(vault, tokenId, input, { cursor: undefined, since: '2024-07-01T08:00:00.000Z' }, seen);
    expect(batch.polls).toBe(2);
    expect(batch.returned).toHaveLength(105);
    expect(new Set(batch.returned.map((e) => e.dedupeKey)).size).toBe(105);
    expect(batch.fresh.map(keyOf)).toEqual(keys);
    expect(searches()).toBe(before + 2);

    // The window starts again at that minute: all 105 come back, none as new.
    const again = await pollAll(vault, tokenId, input, { cursor: batch.cursor, since: undefined }, seen);
    expect(again.returned).toHaveLength(105);
    expect(again.fresh).toEqual([]);
  });

  it('keeps to the chosen project', async () => {
    const input = { project: 'OPS', jql: 'labels = trig-c' };
    await addIssue(emulator, { project: 'PB', summary: 'Elsewhere', labels: ['trig-c'], ...at('2024-08-01T09:00:00.000Z') });
    const ops = await addIssue(emulator, { project: 'OPS', summary: 'Here', labels: ['trig-c'], ...at('2024-08-01T09:01:00.000Z') });
    const result = await pollAll(vault, tokenId, input, { cursor: undefined, since: '2024-08-01T00:00:00.000Z' }, new Set());
    expect(result.fresh.map(keyOf)).toEqual([ops.key]);
  });

  it('searches the window again when Jira no longer takes a saved page token', async () => {
    const only = await addIssue(emulator, { project: 'PB', summary: 'Only one', labels: ['trig-d'], ...at('2024-09-01T12:00:00.000Z') });
    const stale = JSON.stringify({ since: '2024-09-01T00:00:00.000Z', page: { jql: 'labels = trig-d ORDER BY updated ASC, key ASC', token: 'expired-token' } });
    const result = await pollAll(vault, tokenId, { jql: 'labels = trig-d' }, { cursor: stale, since: undefined }, new Set());
    expect(result.fresh.map(keyOf)).toEqual([only.key]);
    expect(cursorOf(result.cursor)).toEqual({ since: '2024-09-01T00:00:00.000Z', updated: '2024-09-01T12:00:00.000+0000' });
  });

  it("writes JQL dates in the integration user's time zone, in UTC when Jira names none it knows", async () => {
    // The emulator's user is in UTC; the proxy answers `myself` with another zone and records the JQL.
    const cases = [
      { timeZone: 'Asia/Kolkata', start: '2024-06-01 15:30', resumed: '2024-06-01 15:32' },
      { timeZone: 'America/New_York', start: '2024-06-01 06:00', resumed: '2024-06-01 06:02' },
      { timeZone: 'Nowhere/Special', start: '2024-06-01 10:00', resumed: '2024-06-01 10:02' },
    ];
    for (const { timeZone, start, resumed } of cases) {
      const proxy = await startJiraProxy(emulator.url, { timeZone });
      try {
        const connection = await connectApiToken(vault, emulator, `in ${timeZone}`, { site: proxy.url });
        const input = { project: 'PB', jql: 'labels = trig-tz' };
        await vault.service.poll(vault.actor, connection.id, 'newOrUpdatedIssues', input, { cursor: undefined, since: '2024-06-01T10:00:30.000Z' });
        const cursor = JSON.stringify({ since: '2024-06-01T10:00:30.000Z', updated: '2024-06-01T10:03:00.000+0000' });
        await vault.service.poll(vault.actor, connection.id, 'newOrUpdatedIssues', input, { cursor, since: undefined });
        expect(proxy.searches).toEqual([
          `updated >= "${start}" AND project = "PB" AND (labels = trig-tz) ORDER BY updated ASC, key ASC`,
          `updated >= "${resumed}" AND project = "PB" AND (labels = trig-tz) ORDER BY updated ASC, key ASC`,
        ]);
      } finally {
        await proxy.close();
      }
    }
    expect(vault.logs()).toContain('the Jira user has no known time zone; reading JQL dates as UTC');
  });

  it("reports Jira's refusal of the restriction, and checks its input", async () => {
    const poll = (input: unknown) => vault.service.poll(vault.actor, tokenId, 'newOrUpdatedIssues', input, { cursor: undefined, since: '2024-01-01T00:00:00.000Z' });
    await expect(poll({ jql: 'nosuchfield = 1' })).rejects.toMatchObject({
      code: 'app_refused',
      message: "Jira answered 400 BAD_REQUEST: Field 'nosuchfield' does not exist or you do not have permission to view it.",
    });
    await expect(poll({ jql: 'labels = x order by created' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('trigger.input.jql') });
    await expect(poll({ intervalSeconds: 5 })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('trigger.input.intervalSeconds') });
    await expect(poll({ project: 'PB" OR project = "OPS' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
