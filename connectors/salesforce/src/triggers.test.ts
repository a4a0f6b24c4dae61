import type { SalesforceEmulator } from '@patchbay/emulator-salesforce';
import type { PollResult } from '@patchbay/sdk';
import { type VaultHarness, startVault } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import salesforce from './index.ts';
import { connect, control, failureOf, seed, startOrg } from './test-support.ts';

// The polling triggers as the engine's scheduler drives them: the first poll from `since`, then
// from the cursor each poll returns, again at once while `hasMore`. Salesforce keeps seconds, so
// many records share a timestamp; the (time, Id) cursor must neither skip nor repeat them.
let vault: VaultHarness;
let sf: SalesforceEmulator;
let connectionId: string;

beforeAll(async () => {
  vault = await startVault({ connectors: [salesforce] });
  sf = await startOrg();
  connectionId = (await connect(vault, sf)).id;
});
afterAll(async () => {
  await sf.close();
  await vault.close();
});

interface Drained {
  polls: PollResult[];
  events: { dedupeKey: string; data: Record<string, unknown> }[];
  cursor: string;
}

/** Polls like the scheduler: from `cursor` (or `since` on the first poll) until `hasMore` is false. */
async function drain(trigger: string, object: string, state: { cursor?: string; since?: string }): Promise<Drained> {
  const polls: PollResult[] = [];
  let cursor = state.cursor;
  for (;;) {
    const result = await vault.service.poll(vault.actor, connectionId, trigger, { object }, { cursor, since: state.since });
    polls.push(result);
    cursor = result.cursor;
    if (!result.hasMore) break;
  }
  const events = polls.flatMap((p) => p.events).map((e) => ({ dedupeKey: e.dedupeKey, data: recordOf(e.data) }));
  return { polls, events, cursor: cursor ?? '' };
}

function recordOf(data: unknown): Record<string, unknown> {
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? Object.fromEntries(Object.entries(data)) : {};
}

const ids = (d: Drained) => d.events.map((e) => e.data.Id);

/** Creates `count` records sharing one CreatedDate, in order; returns their ids in creation order. */
async function seedMany(object: string, count: number, createdDate: string, name: string): Promise<string[]> {
  const made: string[] = [];
  for (let i = 0; i < count; i++) made.push(await seed(sf, object, { Name: `${name}-${String(i).padStart(3, '0')}`, CreatedDate: createdDate }));
  return made;
}

describe('new records', () => {
  it('starts at since, pages through 250 records sharing one second, and repeats none', async () => {
    await seed(sf, 'Account', { Name: 'Before since', CreatedDate: '2030-12-31T23:59:59Z' });
    const tied = await seedMany('Account', 250, '2031-01-01T00:00:00Z', 'Tied');
    const later = await seedMany('Account', 3, '2031-01-01T00:00:01Z', 'Later');

    const first = await drain('newRecords', 'Account', { since: '2031-01-01T00:00:00Z' });
    // A page of 200 ends inside the shared second; the next page goes on after its last Id.
    expect(first.polls.map((p) => [p.events.length, p.hasMore ?? false])).toEqual([[200, true], [53, false]]);
    expect(ids(first)).toEqual([...tied, ...later]);
    expect(new Set(first.events.map((e) => e.dedupeKey)).size).toBe(253);
    expect(first.events[0]?.data).toMatchObject({ Name: 'Tied-000', CreatedDate: '2031-01-01T00:00:00.000+0000', OwnerId: sf.userId });
    expect(first.events[0]?.data).not.toHaveProperty('attributes');

    // Nothing new: the cursor stays where it was.
    const idle = await drain('newRecords', 'Account', { cursor: first.cursor, since: '2031-01-01T00:00:00Z' });
    expect(idle.events).toEqual([]);
    expect(idle.cursor).toBe(first.cursor);

    // A record created later in the last second seen, and one in the next second.
    const sameSecond = await seed(sf, 'Account', { Name: 'Same second', CreatedDate: '2031-01-01T00:00:01Z' });
    const nextSecond = await seed(sf, 'Account', { Name: 'Next second', CreatedDate: '2031-01-01T00:00:02Z' });
    const second = await drain('newRecords', 'Account', { cursor: first.cursor, since: '2031-01-01T00:00:00Z' });
    expect(ids(second)).toEqual([sameSecond, nextSecond]);
  });

  it('keeps the start of a first poll that found nothing, so what comes next is not missed', async () => {
    await control(sf, 'POST', '/fields', { object: 'Memo__c', name: 'Body__c', type: 'string', label: 'Body' });
    const since = new Date(Date.now() - 60_000).toISOString();
    const empty = await drain('newRecords', 'Memo__c', { since });
    expect(empty.events).toEqual([]);
    // Created before this next poll's own "now", after the first poll's start.
    const memo = await seed(sf, 'Memo__c', { Name: 'After an empty poll', CreatedDate: new Date(Date.now() - 30_000).toISOString() });
    // No `since` this time: the cursor alone must say where to resume.
    expect(ids(await drain('newRecords', 'Memo__c', { cursor: empty.cursor }))).toEqual([memo]);
  });

  it('a record is one event: its dedupe key is its Id, also when an update moves it', async () => {
    const id = await seed(sf, 'Case', { Subject: 'Once', CreatedDate: '2033-01-01T00:00:00Z' });
    const before = await drain('newRecords', 'Case', { since: '2033-01-01T00:00:00Z' });
    await control(sf, 'PATCH', `/records/Case/${id}`, { Subject: 'Edited' });
    const again = await drain('newRecords', 'Case', { since: '2033-01-01T00:00:00Z' });
    expect(before.events.map((e) => e.dedupeKey)).toEqual([id]);
    expect(again.events.map((e) => e.dedupeKey)).toEqual([id]);
  });
});

describe('new or updated records', () => {
  it('sees a new record, then each update as its own event, oldest first', async () => {
    // An object of its own: the other tests' records carry future stamps.
    await control(sf, 'POST', '/fields', { object: 'Shipment__c', name: 'Stage__c', type: 'string', label: 'Stage' });
    const since = new Date(Date.now() - 1000).toISOString();
    const id = await seed(sf, 'Shipment__c', { Name: 'Tracked' });
    const created = await drain('newOrUpdatedRecords', 'Shipment__c', { since });
    expect(ids(created)).toEqual([id]);
    const firstKey = created.events[0]?.dedupeKey;
    expect(firstKey).toMatch(new RegExp(`^${id}@\\d{4}-`));

    // An automated change moves SystemModstamp alone; a user's edit moves both stamps.
    await control(sf, 'PATCH', `/records/Shipment__c/${id}`, { SystemModstamp: '2034-01-01T00:00:00Z' });
    const touched = await drain('newOrUpdatedRecords', 'Shipment__c', { cursor: created.cursor });
    expect(touched.events).toEqual([{ dedupeKey: `${id}@2034-01-01T00:00:00.000+0000`, data: expect.objectContaining({ Id: id, Name: 'Tracked' }) }]);

    await control(sf, 'PATCH', `/records/Shipment__c/${id}`, { Stage__c: 'Delivered', SystemModstamp: '2034-01-01T00:00:07Z' });
    const edited = await drain('newOrUpdatedRecords', 'Shipment__c', { cursor: touched.cursor });
    expect(edited.events).toEqual([{ dedupeKey: `${id}@2034-01-01T00:00:07.000+0000`, data: expect.objectContaining({ Stage__c: 'Delivered' }) }]);
    expect(new Set([firstKey, touched.events[0]?.dedupeKey, edited.events[0]?.dedupeKey]).size).toBe(3);

    expect((await drain('newOrUpdatedRecords', 'Shipment__c', { cursor: edited.cursor })).events).toEqual([]);
  });

  it('pages through updates sharing one second without skipping or repeating', async () => {
    const made: string[] = [];
    for (let i = 0; i < 230; i++) made.push(await seed(sf, 'Contact', { LastName: `Stamp-${String(i).padStart(3, '0')}`, CreatedDate: '2035-01-01T00:00:00Z' }));
    for (const id of made) await control(sf, 'PATCH', `/records/Contact/${id}`, { SystemModstamp: '2035-02-01T00:00:00Z' });
    const drained = await drain('newOrUpdatedRecords', 'Contact', { since: '2035-01-15T00:00:00Z' });
    expect(drained.polls.map((p) => p.events.length)).toEqual([200, 30]);
    expect(ids(drained)).toEqual(made);
  });
});

describe('trigger input', () => {
  it('refuses a malformed object name, and names an object the org does not have', async () => {
    expect(await failureOf(vault.service.poll(vault.actor, connectionId, 'newRecords', { object: 'Account WHERE' }, { cursor: undefined, since: undefined }))).toMatchObject({ code: 'invalid_input' });
    expect(await failureOf(vault.service.poll(vault.actor, connectionId, 'newRecords', { object: 'Nope__c' }, { cursor: undefined, since: undefined }))).toMatchObject({
      code: 'app_not_found',
      message: expect.stringContaining('This org has no object "Nope__c"'),
    });
  });
});
