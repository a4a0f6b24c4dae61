import type { SalesforceEmulator } from '@patchbay/emulator-salesforce';
import { type VaultHarness, startVault } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import salesforce from './index.ts';
import { connect, control, failureOf, idOf, orgFields, startOrg } from './test-support.ts';

// Objects and fields discovered through the connection, as forms show them: pick lists and the
// dynamic schemas of actions and triggers, custom objects and fields included, cached until a
// refresh asks the org again.
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

const picklist = (name: string, params: Record<string, string> = {}, refresh = false) => vault.service.picklist(vault.actor, connectionId, name, params, { refresh });
const values = async (name: string, params: Record<string, string> = {}, refresh = false) => (await picklist(name, params, refresh)).map((o) => o.value);
const schemas = (request: { action?: string; trigger?: string; config: Record<string, unknown> }, refresh = false) => vault.service.schemas(vault.actor, connectionId, request, { refresh });

/** `value[key]` when it is an object, else `{}`: walks JSON schemas without casts. */
function objectAt(value: unknown, key: string): Record<string, unknown> {
  const inner: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner)) : {};
}

/** The JSON schema of `record` in an action's dynamic input schema. */
async function recordSchema(action: string, object: string, refresh = false): Promise<{ properties: Record<string, unknown>; required: unknown }> {
  const { input } = await schemas({ action, config: { object } }, refresh);
  const record = objectAt(objectAt(input, 'properties'), 'record');
  return { properties: objectAt(record, 'properties'), required: record.required ?? [] };
}

describe('before the connection is authorised', () => {
  it('pick lists and schemas answer connection_required, so a form can say "connect first"', async () => {
    const created = await vault.service.create(vault.actor, { connector: 'salesforce', name: 'unauthorised', fields: orgFields(sf) });
    expect(await failureOf(vault.service.picklist(vault.actor, created.id, 'objects', {}))).toMatchObject({ code: 'connection_required' });
    expect(await failureOf(vault.service.schemas(vault.actor, created.id, { action: 'create', config: { object: 'Account' } }))).toMatchObject({ code: 'connection_required' });
  });
});

describe('pick lists', () => {
  it('objects: standard and custom objects of the org, labelled with their API names', async () => {
    const objects = await picklist('objects');
    expect(objects).toContainEqual({ value: 'Account', label: 'Account (Account)' });
    expect(objects).toContainEqual({ value: 'Invoice__c', label: 'Invoice (Invoice__c)' });
  });

  it('fields of an object, custom fields included; external id fields for upserts', async () => {
    expect(await values('fields', { object: 'Account' })).toEqual(expect.arrayContaining(['Id', 'Name', 'Industry', 'External_Id__c', 'SystemModstamp']));
    expect(await picklist('fields', { object: 'Invoice__c' })).toContainEqual({ value: 'Amount__c', label: 'Amount (Amount__c)' });
    expect(await values('externalIdFields', { object: 'Account' })).toEqual(['Id', 'External_Id__c']);
  });

  it('refuses missing params, and names an object the org does not have', async () => {
    expect(await failureOf(picklist('fields'))).toMatchObject({ code: 'invalid_input' });
    const unknown = await failureOf(picklist('fields', { object: 'Nope__c' }));
    expect(unknown).toMatchObject({ code: 'app_not_found' });
    expect(unknown.message).toContain('This org has no object "Nope__c"');
  });
});

describe('dynamic schemas', () => {
  it("create's record: writable fields with types, labels and picklist values; Salesforce's required ones required", async () => {
    const account = await recordSchema('create', 'Account');
    expect(account.required).toEqual(['Name']);
    expect(account.properties.Name).toMatchObject({ type: 'string', title: 'Account Name', maxLength: 255 });
    expect(account.properties.AnnualRevenue).toMatchObject({ type: 'number' });
    expect(account.properties.Industry).toMatchObject({ type: 'string', examples: expect.arrayContaining(['Technology', 'Energy']) });
    expect(account.properties.External_Id__c).toMatchObject({ type: 'string', description: 'External_Id__c (string, custom)' });
    // System fields cannot be written.
    for (const readOnly of ['Id', 'CreatedDate', 'SystemModstamp', 'IsDeleted']) expect(account.properties).not.toHaveProperty(readOnly);

    const invoice = await recordSchema('create', 'Invoice__c');
    // A restricted picklist accepts only its values.
    expect(invoice.properties.Status__c).toMatchObject({ anyOf: [{ const: 'Draft' }, { const: 'Sent' }, { const: 'Paid' }] });
    expect(invoice.properties.Account__c).toMatchObject({ type: 'string' });
  });

  it('update and upsert require no field; get and the triggers describe the record they output', async () => {
    expect((await recordSchema('update', 'Account')).required).toEqual([]);
    expect((await recordSchema('upsert', 'Account')).properties).toHaveProperty('External_Id__c');
    const { output } = await schemas({ action: 'get', config: { object: 'Account' } });
    expect(objectAt(output, 'properties')).toHaveProperty('CreatedDate');
    const trigger = await schemas({ trigger: 'newOrUpdatedRecords', config: { object: 'Invoice__c' } });
    expect(objectAt(trigger.output, 'properties')).toHaveProperty('Amount__c');
  });

  it('refuses a configuration the schema does not depend on', async () => {
    expect(await failureOf(schemas({ action: 'create', config: {} }))).toMatchObject({ code: 'invalid_input' });
    expect(await failureOf(schemas({ action: 'create', config: { object: 'Account', record: {} } }))).toMatchObject({ code: 'invalid_input' });
  });
});

describe('a custom field and a custom object added while the connection exists', () => {
  it('are not seen from the cache, and are seen after a refresh', async () => {
    // Everything a form would have loaded before the admin changed the org.
    expect(await values('fields', { object: 'Account' })).not.toContain('Loyalty_Tier__c');
    expect((await recordSchema('create', 'Account')).properties).not.toHaveProperty('Loyalty_Tier__c');
    expect(await values('objects')).not.toContain('Invoice2__c');

    await control(sf, 'POST', '/fields', { object: 'Account', name: 'Loyalty_Tier__c', type: 'picklist', label: 'Loyalty Tier', values: ['Gold', 'Silver'], restricted: true });
    await control(sf, 'POST', '/fields', { object: 'Invoice2__c', name: 'Total__c', type: 'currency', label: 'Total', required: true });

    expect(await values('fields', { object: 'Account' })).not.toContain('Loyalty_Tier__c');
    expect((await recordSchema('create', 'Account')).properties).not.toHaveProperty('Loyalty_Tier__c');
    expect(await values('objects')).not.toContain('Invoice2__c');

    expect(await values('fields', { object: 'Account' }, true)).toContain('Loyalty_Tier__c');
    expect((await recordSchema('create', 'Account', true)).properties.Loyalty_Tier__c).toMatchObject({ title: 'Loyalty Tier', anyOf: [{ const: 'Gold' }, { const: 'Silver' }] });
    expect(await picklist('objects', {}, true)).toContainEqual({ value: 'Invoice2__c', label: 'Invoice2 (Invoice2__c)' });
    expect(await values('fields', { object: 'Invoice2__c' })).toContain('Total__c');
    const invoice2 = await recordSchema('create', 'Invoice2__c');
    expect(invoice2.properties.Total__c).toMatchObject({ type: 'number', title: 'Total' });
    expect(invoice2.required).toEqual(expect.arrayContaining(['Total__c']));
  });

  it('can be written and read through the actions at once', async () => {
    const id = idOf(await vault.service.runAction(vault.actor, connectionId, 'create', { object: 'Invoice2__c', record: { Name: 'I2-1', Total__c: 99.5 } }));
    expect(await vault.service.runAction(vault.actor, connectionId, 'get', { object: 'Invoice2__c', id, fields: ['Name', 'Total__c'] })).toEqual({ Id: id, Name: 'I2-1', Total__c: 99.5 });
  });
});
