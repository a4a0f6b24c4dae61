import zendesk from 'node-zendesk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZendeskEmulator, type ZendeskEmulator } from './index.ts';
import { at, control, list, mintToken, num, oauthClient, rejectionOf, text, tokenClient } from './testing/helpers.ts';

/** The `/__emulator/*` control endpoints: records, fields, tokens, settings, reset (the emulator contract). */
let emulator: ZendeskEmulator;

beforeAll(async () => {
  emulator = await startZendeskEmulator();
});

afterAll(async () => {
  await emulator.close();
});

describe('records', () => {
  it('lists the seed: 3 organizations (one with external_id), 3 users, 4 tickets across statuses', async () => {
    const orgs = list(at((await control(emulator, 'GET', 'records/organization')).body, 'records'));
    expect(orgs.map((org) => at(org, 'name'))).toEqual(['Acme Corporation', 'Globex Industries', 'Initech']);
    expect(orgs.filter((org) => at(org, 'external_id') !== null)).toHaveLength(1);
    const users = list(at((await control(emulator, 'GET', 'records/user')).body, 'records'));
    expect(users.map((user) => at(user, 'role'))).toEqual(['admin', 'end-user', 'end-user']);
    const tickets = list(at((await control(emulator, 'GET', 'records/ticket')).body, 'records'));
    expect(tickets.map((ticket) => at(ticket, 'status'))).toEqual(['open', 'new', 'pending', 'solved']);
  });

  it('creates an organization (201 with id) and refuses a duplicate name with 400 and the details', async () => {
    const created = await control(emulator, 'POST', 'records/organization', { name: 'Hooli', external_id: 'SF-HOOLI', organization_fields: { tier: 'bronze' } });
    expect(created.status).toBe(201);
    expect(num(at(created.body, 'id'))).toBeGreaterThan(2 ** 31);
    expect(at(created.body, 'organization_fields', 'tier')).toBe('bronze');
    const duplicate = await control(emulator, 'POST', 'records/organization', { name: 'hooli' });
    expect(duplicate.status).toBe(400);
    expect(at(duplicate.body, 'message')).toBe('Name: hooli has already been taken');
    expect(at(duplicate.body, 'details', 'name', 0, 'error')).toBe('DuplicateValue');
  });

  it('creates a user and refuses a bad email', async () => {
    const created = await control(emulator, 'POST', 'records/user', { name: 'Erin Lee', email: 'erin@hooli.example', organization_id: emulator.seed.organizationIds.acme });
    expect([created.status, at(created.body, 'role'), at(created.body, 'organization_id')]).toEqual([201, 'end-user', emulator.seed.organizationIds.acme]);
    expect((await control(emulator, 'POST', 'records/user', { name: 'No Mail', email: 'nope' })).status).toBe(400);
  });

  it('files a ticket as an end user (web channel) that the API then serves', async () => {
    const created = await control(emulator, 'POST', 'records/ticket', { subject: 'Cannot log in', description: 'The login page spins forever.' });
    expect(created.status).toBe(201);
    const id = num(at(created.body, 'id'));
    const { result } = await tokenClient(emulator).tickets.show(id);
    expect(at(result, 'via', 'channel')).toBe('web');
    expect(at(result, 'requester_id')).toBe(emulator.seed.endUserIds[0]);
    expect(at(result, 'submitter_id')).toBe(emulator.seed.endUserIds[0]);
    expect(at(result, 'description')).toBe('The login page spins forever.');
  });

  it('updates a ticket with PATCH, moving updated_at; 404 for an unknown ticket', async () => {
    const before = (await control(emulator, 'GET', 'records/ticket')).body;
    const ticket = list(at(before, 'records'))[1];
    const patched = await control(emulator, 'PATCH', `records/ticket/${num(at(ticket, 'id'))}`, { status: 'pending', comment: 'Any news?' });
    expect(patched.status).toBe(200);
    expect(at(patched.body, 'status')).toBe('pending');
    expect(Date.parse(text(at(patched.body, 'updated_at')))).toBeGreaterThan(Date.parse(text(at(ticket, 'updated_at'))));
    expect((await control(emulator, 'PATCH', 'records/ticket/424242', { status: 'open' })).status).toBe(404);
    expect((await control(emulator, 'PATCH', `records/ticket/${num(at(ticket, 'id'))}`, { status: 'exploded' })).status).toBe(400);
  });

  it('refuses unknown objects and bodies that are not objects', async () => {
    expect((await control(emulator, 'POST', 'records/invoice', { name: 'x' })).status).toBe(400);
    expect((await control(emulator, 'GET', 'records/invoice')).status).toBe(400);
    expect((await control(emulator, 'POST', 'records/organization', ['x'])).status).toBe(400);
  });
});

describe('fields', () => {
  it('adds an organization field that the API lists and that organizations accept by key', async () => {
    const added = await control(emulator, 'POST', 'fields', { object: 'organization', name: 'region', type: 'text', label: 'Region' });
    expect(added.status).toBe(201);
    expect([at(added.body, 'key'), at(added.body, 'title'), at(added.body, 'type')]).toEqual(['region', 'Region', 'text']);
    const client = tokenClient(emulator);
    expect(list(await client.organizationfields.list()).map((field) => at(field, 'key'))).toEqual(['salesforce_id', 'tier', 'region']);
    const { result } = await client.organizations.update(emulator.seed.organizationIds.initech, { organization: { organization_fields: { region: 'EMEA' } } });
    expect(at(result, 'organization_fields')).toEqual({ salesforce_id: null, tier: 'bronze', region: 'EMEA' });
  });

  it('adds a ticket field (a dropdown becomes a tagger) that tickets carry by id', async () => {
    const added = await control(emulator, 'POST', 'fields', { object: 'ticket', name: 'severity', type: 'dropdown', label: 'Severity', options: ['Sev 1', 'Sev 2'] });
    expect(added.status).toBe(201);
    expect(at(added.body, 'type')).toBe('tagger');
    expect(list(at(added.body, 'custom_field_options')).map((option) => at(option, 'value'))).toEqual(['sev_1', 'sev_2']);
    const id = num(at(added.body, 'id'));
    const client = tokenClient(emulator);
    expect(list(await client.ticketfields.list()).some((field) => at(field, 'id') === id)).toBe(true);
    const { result } = await client.tickets.create({ ticket: { subject: 'Sev test', comment: { body: 'x' }, custom_fields: [{ id, value: 'sev_1' }] } });
    expect(list(at(result, 'custom_fields')).find((entry) => at(entry, 'id') === id)).toEqual({ id, value: 'sev_1' });
  });

  it('refuses a bad object, type or key, and a duplicate key', async () => {
    expect((await control(emulator, 'POST', 'fields', { object: 'invoice', name: 'x', type: 'text', label: 'X' })).status).toBe(400);
    expect((await control(emulator, 'POST', 'fields', { object: 'organization', name: 'x', type: 'colour', label: 'X' })).status).toBe(400);
    expect((await control(emulator, 'POST', 'fields', { object: 'organization', name: 'Bad Key', type: 'text', label: 'X' })).status).toBe(400);
    const duplicate = await control(emulator, 'POST', 'fields', { object: 'organization', name: 'tier', type: 'text', label: 'Tier again' });
    expect([duplicate.status, typeof at(duplicate.body, 'message')]).toEqual([400, 'string']);
  });
});

describe('tokens, settings, rate limit and reset', () => {
  it('mints a token with the instance_url a client is given', async () => {
    const { status, body } = await control(emulator, 'POST', 'tokens');
    expect(status).toBe(200);
    expect(at(body, 'instance_url')).toBe(emulator.apiBaseUrl);
    const client = zendesk.createClient({ token: text(at(body, 'access_token')), oauth: true, endpointUri: text(at(body, 'instance_url')) });
    expect(at((await client.users.me()).result, 'email')).toBe(emulator.agentEmail);
  });

  it('validates settings and rate-limit input', async () => {
    expect((await control(emulator, 'POST', 'settings', { incrementalLagSeconds: -1 })).status).toBe(400);
    expect((await control(emulator, 'POST', 'settings', { incrementalLagSeconds: 'soon' })).status).toBe(400);
    expect((await control(emulator, 'POST', 'settings', { incrementalLagSeconds: 0 })).body).toEqual({ incrementalLagSeconds: 0 });
    expect((await control(emulator, 'POST', 'rate-limit', { count: 'many' })).status).toBe(400);
  });

  it('reset restores the seed (same ids) and forgets every token', async () => {
    const accessToken = await mintToken(emulator);
    const seedBefore = emulator.seed;
    const reset = await control(emulator, 'POST', 'reset');
    expect(reset.status).toBe(200);
    expect(emulator.seed).toEqual(seedBefore);
    const orgs = list(at((await control(emulator, 'GET', 'records/organization')).body, 'records'));
    expect(orgs.map((org) => at(org, 'id'))).toEqual(Object.values(seedBefore.organizationIds));
    expect(list(at((await control(emulator, 'GET', 'records/ticket')).body, 'records'))).toHaveLength(4);
    expect(list(await tokenClient(emulator).organizationfields.list())).toHaveLength(2);
    const error = await rejectionOf(oauthClient(emulator, accessToken, { throwOriginalException: true }).organizations.show(seedBefore.organizationIds.acme));
    expect(at(error, 'statusCode')).toBe(401);
  });
});
