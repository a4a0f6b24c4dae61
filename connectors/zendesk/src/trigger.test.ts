import type { ZendeskEmulator } from '@patchbay/emulator-zendesk';
import type { PollResult } from '@patchbay/sdk';
import type { ConnectionView } from '@patchbay/vault';
import { type VaultHarness, startVault } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zendesk from './index.ts';
import { addRecord, connectApiToken, connectOAuth, control, failureOf, field, startAccount } from './test-support.ts';

/**
 * The new-or-updated-tickets trigger over the cursor-based incremental export, through the vault.
 * The tests run in order: each continues from the cursor the one before left.
 */
let vault: VaultHarness;
let zd: ZendeskEmulator;
let conn: ConnectionView;

beforeAll(async () => {
  vault = await startVault({ connectors: [zendesk] });
  zd = await startAccount();
  conn = await connectOAuth(vault, zd);
});
afterAll(async () => {
  await zd.close();
  await vault.close();
});

const poll = (state: { cursor?: string; since?: string }, input: unknown = {}): Promise<PollResult> =>
  vault.service.poll(vault.actor, conn.id, 'newOrUpdatedTickets', input, { cursor: state.cursor, since: state.since });

const ids = (result: PollResult) => result.events.map((event) => field(event.data, 'id'));
const DAY_MS = 86_400_000;

/** Waits until the clock is into the next whole second, so the next change gets a later timestamp. */
async function nextSecond(): Promise<void> {
  const wait = 1000 - (Date.now() % 1000) + 50;
  await new Promise((resolve) => setTimeout(resolve, wait));
}

let cursor = '';
let updatedKey = '';
let beforeUpdate = '';

describe('newOrUpdatedTickets', () => {
  it('starts the first poll at `since`: the tickets changed since then, oldest first, each with its change as key', async () => {
    const result = await poll({ since: new Date(Date.now() - 4 * DAY_MS).toISOString() });
    // Seeded tickets 3 and 4 were last changed 3 days and 1 day ago; 1 and 2 earlier.
    expect(ids(result)).toEqual([3, 4]);
    expect(result.events.map((event) => event.dedupeKey)).toEqual(result.events.map((event) => `${String(field(event.data, 'id'))}@${String(field(event.data, 'updated_at'))}`));
    expect(field(result.events[0]?.data, 'subject')).toBe('Dashboard export times out');
    expect(result.hasMore).toBe(false);
  });

  it('starts no closer to now than Zendesk allows, and drops what changed before `since`', async () => {
    // Zendesk holds back the newest minute and refuses a start_time inside it (422).
    await control(zd, 'POST', '/settings', { incrementalLagSeconds: 60 });
    const before = await addRecord(zd, 'ticket', { subject: 'Filed just before the trigger started', comment: 'x' });
    await nextSecond();
    const since = new Date().toISOString();
    const after = await addRecord(zd, 'ticket', { subject: 'Filed after the trigger started', comment: 'y' });
    const first = await poll({ since });
    expect(first.events).toEqual([]);
    expect(first.hasMore).toBe(false);
    // A minute later both tickets are exported; the one changed before `since` is not an event.
    await control(zd, 'POST', '/settings', { incrementalLagSeconds: 0 });
    const next = await poll({ cursor: first.cursor });
    expect(ids(next)).toEqual([after]);
    expect(ids(next)).not.toContain(before);
    cursor = next.cursor;
  });

  it('moves on with the cursor: nothing new is nothing, an update is a new event', async () => {
    const quiet = await poll({ cursor });
    expect(quiet.events).toEqual([]);
    expect(quiet.hasMore).toBe(false);
    beforeUpdate = quiet.cursor;
    const id = await addRecord(zd, 'ticket', { subject: 'Another one', comment: 'z' });
    await control(zd, 'PATCH', `/records/ticket/${id}`, { status: 'open', comment: 'more detail' });
    const changes = await poll({ cursor: quiet.cursor });
    // Created and then changed before this poll: the export has its latest state, once.
    expect(ids(changes)).toEqual([id]);
    expect(field(changes.events[0]?.data, 'status')).toBe('open');
    updatedKey = changes.events[0]?.dedupeKey ?? '';
    cursor = changes.cursor;
  });

  it('gives a replayed change the same key, so the engine drops it as seen', async () => {
    const replay = await poll({ cursor: beforeUpdate });
    expect(replay.events.map((event) => event.dedupeKey)).toEqual([updatedKey]);
    const id = Number(updatedKey.split('@')[0]);
    await nextSecond();
    await control(zd, 'PATCH', `/records/ticket/${id}`, { priority: 'urgent' });
    const changed = await poll({ cursor });
    expect(ids(changed)).toEqual([id]);
    expect(changed.events[0]?.dedupeKey).not.toBe(updatedKey);
    cursor = changed.cursor;
  });

  it('pages 1,005 tickets sharing a few seconds: 1,000 then 5, none skipped, none repeated', async () => {
    const created: number[] = [];
    for (let batch = 0; batch < 21; batch++) {
      const size = batch < 20 ? 50 : 5;
      created.push(...(await Promise.all(Array.from({ length: size }, (_, i) => addRecord(zd, 'ticket', { subject: `Bulk ${batch}-${i}`, comment: 'bulk' })))));
    }
    const first = await poll({ cursor });
    expect(first.events).toHaveLength(1000);
    expect(first.hasMore).toBe(true);
    const second = await poll({ cursor: first.cursor });
    expect(second.events).toHaveLength(5);
    expect(second.hasMore).toBe(false);
    const seen = [...ids(first), ...ids(second)];
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set(created));
    // The proof is only worth something if the tickets really share timestamps.
    const stamps = new Set([...first.events, ...second.events].map((event) => field(event.data, 'updated_at')));
    expect(stamps.size).toBeLessThan(created.length / 10);
    const after = await poll({ cursor: second.cursor });
    expect(after.events).toEqual([]);
    cursor = after.cursor;
  });

  it('explains that the export needs an admin when an agent connects', async () => {
    await addRecord(zd, 'user', { name: 'Agent Smith', email: 'agent.smith@patchbay-demo.example', role: 'agent' });
    const agent = await connectApiToken(vault, zd, 'agent', { email: 'agent.smith@patchbay-demo.example' });
    expect(agent.status).toBe('connected');
    const failure = await failureOf(vault.service.poll(vault.actor, agent.id, 'newOrUpdatedTickets', {}, { cursor: undefined, since: undefined }));
    expect(failure.code).toBe('app_refused');
    expect(failure.message).toContain('Zendesk answered 403 Forbidden: You do not have access to this page.');
    expect(failure.message).toContain('The incremental export is for admins only: connect the trigger as a Zendesk admin.');
  });

  it('checks its input', async () => {
    expect((await failureOf(poll({}, { intervalSeconds: 5 }))).code).toBe('invalid_input');
    expect((await poll({ cursor }, { intervalSeconds: 60 })).events).toEqual([]);
  });
});
