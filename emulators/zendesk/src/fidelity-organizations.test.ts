import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZendeskEmulator, type ZendeskEmulator } from './index.ts';
import { at, control, header, list, num, rejectionOf, text, tokenClient } from './testing/helpers.ts';

/**
 * Organizations and organization fields through node-zendesk 6.0.1, unchanged, configured only with
 * the emulator's base URL and the account's API token (fact sheet §5, §6, §10, §14).
 */
let emulator: ZendeskEmulator;

beforeAll(async () => {
  emulator = await startZendeskEmulator();
});

afterAll(async () => {
  await emulator.close();
});

const ORGANIZATION_KEYS = ['url', 'id', 'name', 'shared_tickets', 'shared_comments', 'external_id', 'created_at', 'updated_at', 'domain_names', 'details', 'notes', 'group_id', 'tags', 'organization_fields'];
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('organizations.create / update / show', () => {
  it('creates with 201, a Location header and exactly the documented keys', async () => {
    const { response, result } = await tokenClient(emulator).organizations.create({
      organization: { name: 'Umbrella Corporation', external_id: 'SF-UMB-1', organization_fields: { tier: 'gold', not_a_field: 'dropped' } },
    });
    const id = num(at(result, 'id'));
    expect(at(response, 'status')).toBe(201);
    expect(Object.keys(result).sort()).toEqual([...ORGANIZATION_KEYS].sort());
    expect(id).toBeGreaterThan(2 ** 31);
    expect(at(result, 'url')).toBe(`${emulator.apiBaseUrl}/organizations/${id}.json`);
    expect(header(response, 'location')).toBe(at(result, 'url'));
    expect(header(response, 'content-type')).toBe('application/json; charset=utf-8');
    expect(text(at(result, 'created_at'))).toMatch(TIMESTAMP);
    expect(at(result, 'organization_fields')).toEqual({ salesforce_id: null, tier: 'gold' });
    expect(at(result, 'domain_names')).toEqual([]);
  });

  it('updates only what was sent, merges organization_fields and moves updated_at', async () => {
    const client = tokenClient(emulator);
    const { result: created } = await client.organizations.create({ organization: { name: 'Stark Industries', notes: 'keep me', organization_fields: { tier: 'silver' } } });
    const id = num(at(created, 'id'));
    const { response, result } = await client.organizations.update(id, { organization: { details: 'Defense', organization_fields: { salesforce_id: '001STARK' } } });
    expect(at(response, 'status')).toBe(200);
    expect(at(result, 'details')).toBe('Defense');
    expect(at(result, 'notes')).toBe('keep me');
    expect(at(result, 'organization_fields')).toEqual({ salesforce_id: '001STARK', tier: 'silver' });
    expect(Date.parse(text(at(result, 'updated_at')))).toBeGreaterThan(Date.parse(text(at(created, 'updated_at'))));
    const { result: shown } = await client.organizations.show(id);
    expect(shown).toEqual(result);
  });

  it('answers an unknown id with 404 RecordNotFound', async () => {
    const plain = await rejectionOf(tokenClient(emulator).organizations.show(123));
    expect(at(plain, 'message')).toBe('Request processing failed: Zendesk Error (404): Item not found');
    const original = await rejectionOf(tokenClient(emulator, { throwOriginalException: true }).organizations.show(123));
    expect(at(original, 'statusCode')).toBe(404);
    expect(at(original, 'result')).toEqual({ error: 'RecordNotFound', description: 'Not found' });
  });
});

describe('validation errors', () => {
  const strict = () => tokenClient(emulator, { throwOriginalException: true });

  it('refuses a duplicate name, ignoring case and surrounding spaces, with 422 DuplicateValue', async () => {
    const error = await rejectionOf(strict().organizations.create({ organization: { name: '  acme CORPORATION ' } }));
    expect(at(error, 'statusCode')).toBe(422);
    expect(at(error, 'result')).toEqual({
      error: 'RecordInvalid',
      description: 'Record validation errors',
      details: { name: [{ description: 'Name: acme CORPORATION has already been taken', error: 'DuplicateValue' }] },
    });
  });

  it('refuses a duplicate external_id under details.external_id, and a blank name', async () => {
    const duplicate = await rejectionOf(strict().organizations.create({ organization: { name: 'Fresh Name Ltd', external_id: 'SF-001A000001' } }));
    expect(at(duplicate, 'result', 'details', 'external_id', 0, 'error')).toBe('DuplicateValue');
    const blank = await rejectionOf(strict().organizations.create({ organization: { notes: 'no name' } }));
    expect(at(blank, 'result', 'details', 'name', 0)).toEqual({ description: 'Name: cannot be blank', error: 'BlankValue' });
  });

  it('without throwOriginalException node-zendesk keeps only the status', async () => {
    const error = await rejectionOf(tokenClient(emulator).organizations.create({ organization: { name: 'Initech' } }));
    expect(at(error, 'message')).toBe('Request processing failed: Zendesk Error (422): Unprocessable Entity');
  });
});

describe('organizations.search and createOrUpdate', () => {
  it('finds by external_id and, through getAll, by name; both exact and case-insensitive', async () => {
    const client = tokenClient(emulator);
    await client.organizations.create({ organization: { name: 'Numbered Org', external_id: '69420' } });
    const byExternal = list(await client.organizations.search(69420));
    expect(byExternal.map((org) => at(org, 'name'))).toEqual(['Numbered Org']);
    const ignoringCase = list(await client.organizations.getAll(['organizations', 'search', { external_id: 'sf-001a000001' }]));
    expect(ignoringCase.map((org) => at(org, 'name'))).toEqual(['Acme Corporation']);
    const byName = list(await client.organizations.getAll(['organizations', 'search', { name: 'globex industries' }]));
    expect(byName.map((org) => at(org, 'id'))).toEqual([emulator.seed.organizationIds.globex]);
    expect(list(await client.organizations.getAll(['organizations', 'search', { name: 'Globex' }]))).toEqual([]);
  });

  it('creates (201) when nothing matches, updates (200) by external_id or id, and still refuses a taken name', async () => {
    const client = tokenClient(emulator);
    const first = await client.organizations.createOrUpdate({ organization: { name: 'Wayne Enterprises', external_id: 'SF-WAYNE' } });
    expect(at(first.response, 'status')).toBe(201);
    const id = num(at(first.result, 'id'));
    const second = await client.organizations.createOrUpdate({ organization: { external_id: 'SF-WAYNE', notes: 'matched by external_id' } });
    expect(at(second.response, 'status')).toBe(200);
    expect(at(second.result, 'id')).toBe(id);
    const third = await client.organizations.createOrUpdate({ organization: { id, details: 'matched by id' } });
    expect(at(third.result, 'details')).toBe('matched by id');
    expect(at(third.result, 'notes')).toBe('matched by external_id');
    const clash = await rejectionOf(tokenClient(emulator, { throwOriginalException: true }).organizations.createOrUpdate({ organization: { name: 'Initech', external_id: 'SF-OTHER' } }));
    expect(at(clash, 'statusCode')).toBe(422);
    expect(at(clash, 'result', 'details', 'name', 0, 'error')).toBe('DuplicateValue');
  });
});

describe('listing with pagination', () => {
  it('follows links.next across cursor pages (page[size] 2) and ends on an empty page', async () => {
    const total = (await control(emulator, 'GET', 'records/organization')).body;
    const before = emulator.requests.length;
    const all = list(await tokenClient(emulator, { query: { page: { size: 2 } } }).organizations.list());
    expect(all.map((org) => at(org, 'id'))).toEqual(list(at(total, 'records')).map((org) => at(org, 'id')).sort((a, b) => num(a) - num(b)));
    const pages = emulator.requests.slice(before);
    expect(pages.length).toBe(Math.ceil(all.length / 2) + 1);
    expect(pages.slice(1).every((request) => request.path === '/api/v2/organizations.json')).toBe(true);
  });

  it('serves pages of 100 by default: more than 100 organizations need several requests', async () => {
    for (let i = 0; i < 101; i++) expect((await control(emulator, 'POST', 'records/organization', { name: `Bulk Org ${i}` })).status).toBe(201);
    const before = emulator.requests.length;
    const all = list(await tokenClient(emulator).organizations.list());
    expect(new Set(all.map((org) => at(org, 'id'))).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(104);
    expect(emulator.requests.length - before).toBe(3); // 100, the rest, then the empty page
  });

  it('writes cursor links as absolute, percent-encoded URLs on the base the client used', async () => {
    const response = await fetch(`${emulator.apiBaseUrl}/organizations.json?page[size]=1`, { headers: { authorization: basicAuth() } });
    const body: unknown = await response.json();
    const next = text(at(body, 'links', 'next'));
    expect(at(body, 'meta', 'has_more')).toBe(true);
    expect(next.startsWith(`${emulator.apiBaseUrl}/organizations.json?page%5Bafter%5D=`)).toBe(true);
    expect(next.endsWith('&page%5Bsize%5D=1')).toBe(true);
    expect(at(body, 'links', 'prev')).toMatch(/page%5Bbefore%5D=/);
  });

  it('offers offset pagination too: page, per_page, next_page, previous_page, count', async () => {
    const get = async (query: string) => (await fetch(`${emulator.apiBaseUrl}/organizations?${query}`, { headers: { authorization: basicAuth() } })).json();
    const second: unknown = await get('page=2&per_page=2');
    expect(list(at(second, 'organizations'))).toHaveLength(2);
    expect(at(second, 'next_page')).toBe(`${emulator.apiBaseUrl}/organizations.json?page=3&per_page=2`);
    expect(at(second, 'previous_page')).toBe(`${emulator.apiBaseUrl}/organizations.json?page=1&per_page=2`);
    expect(num(at(second, 'count'))).toBeGreaterThan(100);
  });
});

describe('organizationfields.list', () => {
  it('returns the seeded custom fields with their keys, and the dropdown options', async () => {
    const fields = list(await tokenClient(emulator).organizationfields.list());
    expect(fields.map((field) => [at(field, 'key'), at(field, 'type'), at(field, 'title')])).toEqual([
      ['salesforce_id', 'text', 'Salesforce account id'],
      ['tier', 'dropdown', 'Tier'],
    ]);
    expect(list(at(fields[1], 'custom_field_options')).map((option) => at(option, 'value'))).toEqual(['gold', 'silver', 'bronze']);
    expect(at(fields[0], 'url')).toBe(`${emulator.apiBaseUrl}/organization_fields/${emulator.seed.organizationFieldIds.salesforceId}.json`);
  });
});

function basicAuth(): string {
  return `Basic ${Buffer.from(`${emulator.agentEmail}/token:${emulator.apiToken}`).toString('base64')}`;
}
