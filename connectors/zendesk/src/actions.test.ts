import type { ZendeskEmulator } from '@patchbay/emulator-zendesk';
import type { ConnectionView } from '@patchbay/vault';
import { type VaultHarness, startVault } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zendesk from './index.ts';
import { addRecord, connectOAuth, countRequests, failureOf, field, recordsOf, startAccount } from './test-support.ts';

/** Every action through the vault: what Zendesk ends up holding, its refusals as step errors, input checks. */
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

const run = (action: string, input: unknown) => vault.service.runAction(vault.actor, conn.id, action, input);

function resultIds(output: unknown): unknown[] {
  const results = field(output, 'results');
  return Array.isArray(results) ? results.map((result) => field(result, 'id')) : [];
}

describe('createOrUpdateOrganization', () => {
  it('creates an organization with its custom fields, then updates the same one by external_id', async () => {
    const organization = { name: 'Umbrella Corporation', external_id: '001B000002', organization_fields: { salesforce_id: '001B000002' } };
    const created = await run('createOrUpdateOrganization', { organization });
    expect(created).toEqual({ id: expect.any(Number), name: 'Umbrella Corporation', external_id: '001B000002', created: true });
    const id = Number(field(created, 'id'));
    const updated = await run('createOrUpdateOrganization', { organization: { ...organization, notes: 'Renewal in May', organization_fields: { tier: 'gold' } } });
    expect(updated).toEqual({ id, name: 'Umbrella Corporation', external_id: '001B000002', created: false });
    const stored = (await recordsOf(zd, 'organization')).get(id);
    expect(field(stored, 'notes')).toBe('Renewal in May');
    expect(field(stored, 'organization_fields')).toEqual({ salesforce_id: '001B000002', tier: 'gold' });
  });

  it("turns Zendesk's RecordInvalid into a step error naming the attribute", async () => {
    const failure = await failureOf(run('createOrUpdateOrganization', { organization: { name: 'Initech', external_id: 'SF-OTHER' } }));
    expect(failure.code).toBe('app_refused');
    expect(failure.message).toBe('Zendesk answered 422 RecordInvalid: Name: Initech has already been taken');
    expect(failure.details).toMatchObject({ app: 'Zendesk', appStatus: 422, appCode: 'RecordInvalid', details: { name: [{ error: 'DuplicateValue' }] } });
  });

  it('checks the input before calling Zendesk', async () => {
    const before = zd.requests.length;
    expect((await failureOf(run('createOrUpdateOrganization', { organization: { external_id: 'x' } }))).code).toBe('invalid_input');
    expect((await failureOf(run('createOrUpdateOrganization', { organization: { name: 'A', colour: 'red' } }))).code).toBe('invalid_input');
    expect((await failureOf(run('createOrUpdateOrganization', { name: 'A' }))).code).toBe('invalid_input');
    expect(zd.requests.length).toBe(before);
  });
});

describe('createTicket', () => {
  it('creates a ticket for a new requester, with an organization picked from the list and custom fields by id', async () => {
    const { caseNumber, productArea } = zd.seed.ticketFieldIds;
    const out = await run('createTicket', {
      subject: 'Sync broken',
      comment: 'Accounts stopped syncing this morning.',
      requester: { name: 'Carla Ruiz', email: 'carla.ruiz@initech.example' },
      organization_id: String(zd.seed.organizationIds.initech),
      priority: 'high',
      type: 'incident',
      tags: ['sync'],
      custom_fields: { [caseNumber]: '00001040', [productArea]: 'integrations' },
    });
    const id = Number(field(out, 'id'));
    expect(out).toEqual({ id, status: 'new', url: `${zd.apiBaseUrl}/tickets/${id}.json` });
    const stored = (await recordsOf(zd, 'ticket')).get(id);
    expect(field(stored, 'custom_fields')).toEqual([{ id: caseNumber, value: '00001040' }, { id: productArea, value: 'integrations' }]);
    expect([field(stored, 'organization_id'), field(stored, 'priority'), field(stored, 'type'), field(stored, 'description')]).toEqual([
      zd.seed.organizationIds.initech, 'high', 'incident', 'Accounts stopped syncing this morning.',
    ]);
    const requester = (await recordsOf(zd, 'user')).get(Number(field(stored, 'requester_id')));
    expect(field(requester, 'email')).toBe('carla.ruiz@initech.example');
  });

  it("turns Zendesk's refusal of an unknown organization into a step error", async () => {
    const failure = await failureOf(run('createTicket', { subject: 'S', comment: 'C', organization_id: 1 }));
    expect(failure.code).toBe('app_refused');
    expect(failure.message).toBe('Zendesk answered 422 RecordInvalid: Organization: 1 is not valid');
  });

  it('checks the input before calling Zendesk', async () => {
    const before = zd.requests.length;
    for (const input of [
      { subject: 'No comment' },
      { subject: 'S', comment: 'C', priority: 'extreme' },
      { subject: 'S', comment: 'C', custom_fields: { caseNumber: '1' } },
      { subject: 'S', comment: 'C', requester: { email: 'not an email' } },
      { subject: 'S', comment: 'C', organization_id: 'acme' },
    ]) {
      expect((await failureOf(run('createTicket', input))).code, JSON.stringify(input)).toBe('invalid_input');
    }
    expect(zd.requests.length).toBe(before);
  });
});

describe('updateTicket', () => {
  it('changes status and custom fields and adds a comment', async () => {
    const id = await addRecord(zd, 'ticket', { subject: 'Login fails', comment: 'Cannot log in.' });
    const { productArea } = zd.seed.ticketFieldIds;
    const out = await run('updateTicket', { id, status: 'solved', comment: 'Reset the password for them.', public: false, custom_fields: { [productArea]: 'login_access' } });
    expect(out).toEqual({ id, status: 'solved' });
    const stored = (await recordsOf(zd, 'ticket')).get(id);
    expect(field(stored, 'status')).toBe('solved');
    expect(field(stored, 'custom_fields')).toContainEqual({ id: productArea, value: 'login_access' });
    const search = await run('search', { query: `type:ticket comment:"Reset the password"` });
    expect(field(search, 'results', 0, 'id')).toBe(id);
  });

  it('turns 404 RecordNotFound into app_not_found naming the ticket', async () => {
    const failure = await failureOf(run('updateTicket', { id: 999_999, status: 'open' }));
    expect(failure.code).toBe('app_not_found');
    expect(failure.message).toBe('Zendesk answered 404 RecordNotFound: Not found (updating ticket 999999)');
  });

  it('checks the input before calling Zendesk', async () => {
    const before = zd.requests.length;
    expect((await failureOf(run('updateTicket', { status: 'open' }))).code).toBe('invalid_input');
    expect((await failureOf(run('updateTicket', { id: 1, status: 'closed' }))).code).toBe('invalid_input');
    expect((await failureOf(run('updateTicket', { id: 0 }))).code).toBe('invalid_input');
    expect(zd.requests.length).toBe(before);
  });
});

describe('search', () => {
  it('returns the results with their type and the full count', async () => {
    const out = await run('search', { query: 'type:organization name:"Acme Corporation"' });
    expect(field(out, 'count')).toBe(1);
    expect(field(out, 'results', 0, 'result_type')).toBe('organization');
    expect(field(out, 'results', 0, 'id')).toBe(zd.seed.organizationIds.acme);
  });

  it('follows next_page up to the limit, 100 a page, and reports the count beyond it', async () => {
    for (let i = 0; i < 160; i++) await addRecord(zd, 'organization', { name: `Search Branch ${i}`, tags: ['branch'] });
    const before = countRequests(zd, (r) => r.path === '/api/v2/search');
    const limited = await run('search', { query: 'type:organization tags:branch', limit: 150 });
    expect(field(limited, 'results', 'length')).toBe(150);
    expect(field(limited, 'count')).toBe(160);
    expect(new Set(resultIds(limited)).size).toBe(150);
    expect(countRequests(zd, (r) => r.path === '/api/v2/search') - before).toBe(2);
    const byDefault = await run('search', { query: 'type:organization tags:branch' });
    expect(field(byDefault, 'results', 'length')).toBe(100);
    expect(countRequests(zd, (r) => r.path === '/api/v2/search') - before).toBe(3);
  });

  it("turns Zendesk's search error into a step error", async () => {
    const failure = await failureOf(run('search', { query: '   ' }));
    expect(failure.code).toBe('app_refused');
    expect(failure.message).toBe('Zendesk answered 400 invalid: Invalid search: the query parameter is required');
  });

  it('checks the input before calling Zendesk', async () => {
    const before = zd.requests.length;
    expect((await failureOf(run('search', { query: '' }))).code).toBe('invalid_input');
    expect((await failureOf(run('search', { query: 'x', limit: 1001 }))).code).toBe('invalid_input');
    expect(zd.requests.length).toBe(before);
  });
});
