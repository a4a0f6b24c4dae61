import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZendeskEmulator, type ZendeskEmulator } from './index.ts';
import { at, control, header, list, num, rejectionOf, resultOf, text, tokenClient } from './testing/helpers.ts';

/**
 * Ticket fields, tickets, search and the incremental export through node-zendesk 6.0.1, unchanged
 * (fact sheet §7, §8, §9, §11, §14).
 */
let emulator: ZendeskEmulator;

beforeAll(async () => {
  emulator = await startZendeskEmulator();
});

afterAll(async () => {
  await emulator.close();
});

describe('ticketfields.list', () => {
  it('lists the system fields, then the custom ones addressed by numeric id', async () => {
    const fields = list(await tokenClient(emulator).ticketfields.list());
    expect(fields.map((field) => at(field, 'type'))).toEqual(['subject', 'description', 'status', 'tickettype', 'priority', 'group', 'assignee', 'text', 'tagger']);
    const productArea = fields.find((field) => at(field, 'id') === emulator.seed.ticketFieldIds.productArea);
    expect(at(productArea, 'title')).toBe('Product area');
    expect(list(at(productArea, 'custom_field_options')).map((option) => at(option, 'value'))).toEqual(['billing', 'integrations', 'reporting', 'login_access']);
    expect(at(fields[2], 'system_field_options', 0)).toEqual({ name: 'Open', value: 'open' });
    expect(at(fields[0], 'removable')).toBe(false);
  });
});

describe('tickets.create / update / show', () => {
  it('creates a ticket for a new requester, with custom fields and an organization', async () => {
    const { caseNumber, productArea } = emulator.seed.ticketFieldIds;
    const client = tokenClient(emulator);
    const { response, result } = await client.tickets.create({
      ticket: {
        subject: 'Printer on fire',
        comment: { body: 'The smoke is very colorful.' },
        requester: { name: 'Carla Ruiz', email: 'carla.ruiz@initech.example' },
        organization_id: emulator.seed.organizationIds.initech,
        custom_fields: [{ id: caseNumber, value: '00009999' }, { id: productArea, value: 'billing' }, { id: 42, value: 'ignored' }],
        priority: 'urgent',
      },
    });
    expect(at(response, 'status')).toBe(201);
    expect(header(response, 'location')).toBe(`${emulator.apiBaseUrl}/tickets/${num(at(result, 'id'))}.json`);
    expect(at(result, 'id')).toBe(5); // the account's fifth ticket: tickets are numbered, not big ids
    expect(at(result, 'status')).toBe('new');
    expect(at(result, 'description')).toBe('The smoke is very colorful.');
    expect(at(result, 'generated_timestamp')).toBe(0);
    expect(at(result, 'via', 'channel')).toBe('api');
    expect(at(result, 'custom_fields')).toEqual([{ id: caseNumber, value: '00009999' }, { id: productArea, value: 'billing' }]);
    expect(at(result, 'fields')).toEqual(at(result, 'custom_fields'));
    const { result: requester } = await client.users.show(num(at(result, 'requester_id')));
    expect([at(requester, 'name'), at(requester, 'email'), at(requester, 'role')]).toEqual(['Carla Ruiz', 'carla.ruiz@initech.example', 'end-user']);
    expect(at(result, 'submitter_id')).toBe(emulator.seed.adminUserId);
  });

  it('answers {ticket, audit} with a Comment event and Create events', async () => {
    const response = await fetch(`${emulator.apiBaseUrl}/tickets.json`, {
      method: 'POST',
      headers: { authorization: basicAuth(), 'content-type': 'application/json' },
      body: JSON.stringify({ ticket: { subject: 'Audit me', comment: { body: 'Hello' }, requester_id: emulator.seed.endUserIds[1] } }),
    });
    const body: unknown = await response.json();
    expect(Object.keys(body ?? {})).toEqual(['ticket', 'audit']);
    expect(at(body, 'audit', 'ticket_id')).toBe(at(body, 'ticket', 'id'));
    expect(at(body, 'audit', 'events', 0, 'type')).toBe('Comment');
    expect(at(body, 'audit', 'events', 0, 'body')).toBe('Hello');
    expect(list(at(body, 'audit', 'events')).slice(1).every((event) => at(event, 'type') === 'Create')).toBe(true);
    expect(at(body, 'ticket', 'organization_id')).toBe(emulator.seed.organizationIds.globex); // the requester's
  });

  it('updates status and adds a comment; show reflects both and the stamps move', async () => {
    const client = tokenClient(emulator);
    const { result: before } = await client.tickets.show(5);
    const { response, result } = await client.tickets.update(5, { ticket: { status: 'open', comment: { body: 'Fire is out.', public: false } } });
    expect(at(response, 'status')).toBe(200);
    expect(at(result, 'status')).toBe('open');
    expect(Date.parse(text(at(result, 'updated_at')))).toBeGreaterThan(Date.parse(text(at(before, 'updated_at'))));
    expect(num(at(result, 'generated_timestamp'))).toBeGreaterThan(num(at(before, 'generated_timestamp')));
    const { result: shown } = await client.tickets.show(5);
    expect(at(shown, 'status')).toBe('open');
    expect(at(shown, 'description')).toBe('The smoke is very colorful.'); // the first comment stays the description
  });

  it('refuses a ticket without a comment (422) and answers an unknown id with 404', async () => {
    const strict = tokenClient(emulator, { throwOriginalException: true });
    const invalid = await rejectionOf(strict.tickets.create({ ticket: { subject: 'No body' } }));
    expect(at(invalid, 'statusCode')).toBe(422);
    expect(at(invalid, 'result', 'error')).toBe('RecordInvalid');
    expect(at(invalid, 'result', 'details', 'base', 0, 'error')).toBe('BlankValue');
    const missing = await rejectionOf(strict.tickets.show(999_999));
    expect(at(missing, 'statusCode')).toBe(404);
  });

  it('refuses an unknown organization per attribute, leaving no half-created requester behind', async () => {
    const strict = tokenClient(emulator, { throwOriginalException: true });
    const refused = await rejectionOf(strict.tickets.create({ ticket: { comment: { body: 'x' }, organization_id: 1, requester: { name: 'Ghost', email: 'ghost@nowhere.example' } } }));
    expect(at(refused, 'result', 'details', 'organization_id', 0)).toEqual({ description: 'Organization: 1 is not valid', error: 'InvalidValue' });
    expect(list((await strict.search.query('type:user email:ghost@nowhere.example')).result)).toEqual([]);
  });
});

describe('search.query / queryAll', () => {
  it('filters by type and status, with result_type on every result', async () => {
    const results = list((await tokenClient(emulator).search.query('type:ticket status:open')).result);
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((item) => at(item, 'result_type') === 'ticket' && at(item, 'status') === 'open')).toBe(true);
    const unsolved = list((await tokenClient(emulator).search.query('type:ticket status<solved')).result);
    expect(new Set(unsolved.map((item) => at(item, 'status')))).toEqual(new Set(['new', 'open', 'pending']));
  });

  it('matches quoted names, external ids, organizations and free text', async () => {
    const client = tokenClient(emulator);
    const ids = async (query: string) => list((await client.search.query(query)).result).map((item) => at(item, 'id'));
    expect(await ids('type:organization name:"acme corporation"')).toEqual([emulator.seed.organizationIds.acme]);
    expect(await ids('type:organization external_id:SF-001A000001')).toEqual([emulator.seed.organizationIds.acme]);
    expect(await ids('type:ticket organization:"Acme Corporation"')).toEqual([1, 3]);
    expect(await ids('printer fire')).toEqual([5]);
    expect(await ids('type:user alice')).toEqual([emulator.seed.endUserIds[0]]);
  });

  it('sorts with sort_by and sort_order', async () => {
    const result = await resultOf(tokenClient(emulator).search.get(['search', { query: 'type:ticket', sort_by: 'created_at', sort_order: 'asc' }]));
    const created = list(result).map((item) => Date.parse(text(at(item, 'created_at'))));
    expect(created).toEqual([...created].sort((a, b) => a - b));
  });

  it('queryAll follows next_page across pages', async () => {
    const before = emulator.requests.length;
    const all = list(await tokenClient(emulator, { query: { per_page: 2 } }).search.queryAll('type:ticket'));
    expect(all.map((item) => at(item, 'id')).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(emulator.requests.length - before).toBe(3);
  });

  it('refuses to page past 1,000 results with 422', async () => {
    const error = await rejectionOf(tokenClient(emulator, { throwOriginalException: true }).search.get(['search', { query: 'type:ticket', page: 11 }]));
    expect(at(error, 'statusCode')).toBe(422);
    expect(at(error, 'result')).toEqual({ error: 'invalid', description: 'Invalid search: Requested response size was greater than Search Response Limits' });
  });
});

describe('incremental cursor export (client.ticketexport)', () => {
  it('refuses a start_time inside the newest minute', async () => {
    const client = tokenClient(emulator, { throwOriginalException: true });
    const now = Math.floor(Date.now() / 1000);
    const error = await rejectionOf(client.ticketexport.get(['incremental', 'tickets', 'cursor', { start_time: now }]));
    expect(at(error, 'statusCode')).toBe(422);
    expect(at(error, 'result')).toEqual({ error: 'InvalidValue', description: 'Too recent start_time. Use a start_time older than 1 minute' });
  });

  it('pages by after_url to the end of the stream, then picks up later changes from the stored cursor', async () => {
    expect((await control(emulator, 'POST', 'settings', { incrementalLagSeconds: 0 })).status).toBe(200);
    const client = tokenClient(emulator);
    let page = await resultOf(client.ticketexport.get(['incremental', 'tickets', 'cursor', { start_time: 0, per_page: 4 }]));
    const seen: unknown[] = [];
    let pages = 1;
    seen.push(...list(at(page, 'tickets')));
    while (at(page, 'end_of_stream') === false) {
      page = await resultOf(client.ticketexport.get(text(at(page, 'after_url'))));
      seen.push(...list(at(page, 'tickets')));
      pages += 1;
    }
    expect(pages).toBe(2);
    // Ticket 5 was updated after ticket 6 was created, so it comes last.
    expect(seen.map((ticket) => at(ticket, 'id'))).toEqual([1, 2, 3, 4, 6, 5]);
    const stamps = seen.map((ticket) => num(at(ticket, 'generated_timestamp')));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    const resumeUrl = text(at(page, 'after_url'));
    expect(at(page, 'after_cursor')).toEqual(expect.any(String));
    expect(resumeUrl.startsWith(`${emulator.apiBaseUrl}/incremental/tickets/cursor.json?cursor=`)).toBe(true);

    await client.tickets.update(2, { ticket: { priority: 'high' } });
    const next = await resultOf(client.ticketexport.get(resumeUrl));
    expect(list(at(next, 'tickets')).map((ticket) => [at(ticket, 'id'), at(ticket, 'priority')])).toEqual([[2, 'high']]);
    expect(num(at(next, 'tickets', 0, 'generated_timestamp'))).toBeGreaterThanOrEqual(stamps[stamps.length - 1] ?? 0);
    expect(at(next, 'end_of_stream')).toBe(true);
    const empty = await resultOf(client.ticketexport.get(text(at(next, 'after_url'))));
    expect(list(at(empty, 'tickets'))).toEqual([]);
    expect(at(empty, 'after_cursor')).toBe(at(next, 'after_cursor'));
  });

  it("refuses exportCursor's first call, which sends cursor=undefined", async () => {
    const error = await rejectionOf(tokenClient(emulator, { throwOriginalException: true }).ticketexport.exportCursor(0));
    expect(at(error, 'statusCode')).toBe(422);
    expect(at(error, 'result', 'description')).toBe('Invalid cursor');
  });
});

function basicAuth(): string {
  return `Basic ${Buffer.from(`${emulator.agentEmail}/token:${emulator.apiToken}`).toString('base64')}`;
}
