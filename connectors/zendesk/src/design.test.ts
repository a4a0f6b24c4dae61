import type { ZendeskEmulator } from '@patchbay/emulator-zendesk';
import { schemaProblems } from '@patchbay/sdk';
import type { ConnectionView } from '@patchbay/vault';
import { type VaultHarness, startVault } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zendesk from './index.ts';
import { addRecord, connectOAuth, control, countRequests, failureOf, field, oauthFields, startAccount } from './test-support.ts';

/**
 * Objects and fields discovered through the connection: pick lists and dynamic schemas, cached per
 * connection, with custom fields an admin adds while the connection exists seen after a refresh.
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

const picklist = (name: string, refresh = false) => vault.service.picklist(vault.actor, conn.id, name, {}, { refresh });
const schemas = (action: string, refresh = false) => vault.service.schemas(vault.actor, conn.id, { action, config: {} }, { refresh });
const requestsTo = (path: string) => countRequests(zd, (r) => r.path === path);

describe('pick lists', () => {
  it('answer 409 connection_required before the connection is authorised', async () => {
    const unauthorised = await vault.service.create(vault.actor, { connector: 'zendesk', name: 'not yet', fields: oauthFields(zd) });
    const failure = await failureOf(vault.service.picklist(vault.actor, unauthorised.id, 'organizationFields', {}));
    expect(failure.code).toBe('connection_required');
  });

  it('lists the custom organization fields by key', async () => {
    expect(await picklist('organizationFields')).toEqual([
      { value: 'salesforce_id', label: 'Salesforce account id (salesforce_id)' },
      { value: 'tier', label: 'Tier (tier)' },
    ]);
  });

  it('lists the custom ticket fields by id, leaving out the system ones', async () => {
    const { caseNumber, productArea } = zd.seed.ticketFieldIds;
    expect(await picklist('ticketFields')).toEqual([
      { value: String(caseNumber), label: 'Salesforce case number' },
      { value: String(productArea), label: 'Product area' },
    ]);
  });

  it('lists organizations by name, across pages of 100', async () => {
    for (let i = 0; i < 101; i++) await addRecord(zd, 'organization', { name: `Zeta Branch ${String(i).padStart(3, '0')}` });
    const before = requestsTo('/api/v2/organizations');
    const options = await picklist('organizations', true);
    expect(requestsTo('/api/v2/organizations') - before).toBe(2);
    expect(options).toHaveLength(104);
    expect(options.slice(0, 3)).toEqual([
      { value: String(zd.seed.organizationIds.acme), label: 'Acme Corporation' },
      { value: String(zd.seed.organizationIds.globex), label: 'Globex Industries' },
      { value: String(zd.seed.organizationIds.initech), label: 'Initech' },
    ]);
    expect(options.at(-1)?.label).toBe('Zeta Branch 100');
  });

  it('sees an organization field added while the connection exists only after a refresh', async () => {
    const before = await picklist('organizationFields');
    await control(zd, 'POST', '/fields', { object: 'organization', name: 'region', type: 'dropdown', label: 'Region', options: ['EMEA', 'APAC'] });
    expect(await picklist('organizationFields')).toEqual(before);
    expect((await picklist('organizationFields', true)).map((o) => o.value)).toEqual(['salesforce_id', 'tier', 'region']);
  });

  it('sees a ticket field added while the connection exists only after a refresh', async () => {
    const before = await picklist('ticketFields');
    const added = await control(zd, 'POST', '/fields', { object: 'ticket', type: 'integer', label: 'Seats affected' });
    expect(await picklist('ticketFields')).toEqual(before);
    expect((await picklist('ticketFields', true)).at(-1)).toEqual({ value: String(added.id), label: 'Seats affected' });
  });
});

describe('dynamic schemas', () => {
  it("types createOrUpdateOrganization's organization_fields from the account's fields, dropdown options as values", async () => {
    const { input } = await schemas('createOrUpdateOrganization');
    const ok = { organization: { name: 'Acme', organization_fields: { salesforce_id: '001A', tier: 'gold' } } };
    expect(schemaProblems(input, ok)).toEqual([]);
    expect(schemaProblems(input, { organization: { name: 'Acme', organization_fields: { tier: 'platinum' } } }).map((p) => p.path)).toContain('organization.organization_fields.tier');
    expect(schemaProblems(input, { organization: { name: 'Acme', organization_fields: { nope: 1 } } })).toEqual([
      { path: 'organization.organization_fields.nope', message: 'is not an allowed property: remove it' },
    ]);
    expect(field(input, 'properties', 'organization', 'properties', 'organization_fields', 'properties', 'tier', 'title')).toBe('Tier');
  });

  it('sees a custom organization field added while the connection exists after a refresh, not from the cache', async () => {
    await schemas('createOrUpdateOrganization');
    await control(zd, 'POST', '/fields', { object: 'organization', name: 'seats', type: 'integer', label: 'Seats' });
    const withSeats = { organization: { name: 'Acme', organization_fields: { seats: 12 } } };
    const cached = await schemas('createOrUpdateOrganization');
    expect(schemaProblems(cached.input, withSeats)).toEqual([{ path: 'organization.organization_fields.seats', message: 'is not an allowed property: remove it' }]);
    const fresh = await schemas('createOrUpdateOrganization', true);
    expect(schemaProblems(fresh.input, withSeats)).toEqual([]);
    expect(schemaProblems(fresh.input, { organization: { name: 'Acme', organization_fields: { seats: 'twelve' } } }).map((p) => p.path)).toContain('organization.organization_fields.seats');
  });

  it("types the ticket actions' custom_fields by field id, and sees a new ticket field after a refresh", async () => {
    const { caseNumber, productArea } = zd.seed.ticketFieldIds;
    for (const action of ['createTicket', 'updateTicket']) {
      const { input } = await schemas(action);
      const base = action === 'createTicket' ? { subject: 'S', comment: 'C' } : { id: 1 };
      expect(schemaProblems(input, { ...base, custom_fields: { [caseNumber]: '00001', [productArea]: 'billing' } }), action).toEqual([]);
      expect(schemaProblems(input, { ...base, custom_fields: { [productArea]: 'gardening' } }).length, action).toBeGreaterThan(0);
    }
    const added = await control(zd, 'POST', '/fields', { object: 'ticket', type: 'checkbox', label: 'Escalated' });
    const withNew = { subject: 'S', comment: 'C', custom_fields: { [String(added.id)]: true } };
    expect(schemaProblems((await schemas('createTicket')).input, withNew)).toHaveLength(1);
    const fresh = await schemas('createTicket', true);
    expect(schemaProblems(fresh.input, withNew)).toEqual([]);
    expect(schemaProblems(fresh.input, { ...withNew, custom_fields: { [String(added.id)]: 'yes' } }).length).toBeGreaterThan(0);
  });

  it('refuses a configuration: these schemas depend on no input', async () => {
    const failure = await failureOf(vault.service.schemas(vault.actor, conn.id, { action: 'createTicket', config: { subject: 'x' } }));
    expect(failure.code).toBe('invalid_input');
  });
});
