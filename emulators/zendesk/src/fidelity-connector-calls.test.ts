import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZendeskEmulator, type ZendeskEmulator } from './index.ts';
import { at, control, list, num, oauthClient, resultOf, text, tokenClient } from './testing/helpers.ts';

/**
 * The calls the Patchbay Zendesk connector (connectors/zendesk) makes, each made here the same way
 * through node-zendesk 6.0.1, for those the other fidelity files do not already make:
 *
 * | connector call                                              | where                                    |
 * |-------------------------------------------------------------|------------------------------------------|
 * | GET users/me                                                | fidelity-auth (users.me, token + OAuth)  |
 * | GET organizations?page[size]=100&page[after]=               | fidelity-organizations (list, paged)     |
 * | POST organizations/create_or_update                         | fidelity-organizations (createOrUpdate)  |
 * | GET organization_fields?page[size]=&page[after]=            | here                                     |
 * | GET ticket_fields?page[size]=&page[after]=                  | here                                     |
 * | POST tickets (requester, organization_id, custom_fields)    | fidelity-tickets; type, status, tags here |
 * | PUT tickets/{id} (status, comment, public)                  | fidelity-tickets; custom_fields, tags here |
 * | GET search?query=&per_page=&page=                           | here                                     |
 * | GET incremental/tickets/cursor?start_time= / ?cursor=       | fidelity-tickets (after_url); cursor= here |
 * | POST oauth/tokens, form body, client_secret_post, PKCE      | here (node-zendesk has no OAuth helper)  |
 */
let emulator: ZendeskEmulator;
const REDIRECT_URI = 'http://127.0.0.1:4999/oauth/callback';

beforeAll(async () => {
  emulator = await startZendeskEmulator({ autoApprove: true });
});

afterAll(async () => {
  await emulator.close();
});

describe('custom field lists, cursor-paginated as the connector reads them', () => {
  it('organizationfields.list with page[size] 1 follows page[after] to the last field', async () => {
    const before = emulator.requests.length;
    const fields = list(await tokenClient(emulator, { query: { page: { size: 1 } } }).organizationfields.list());
    expect(fields.map((field) => at(field, 'key'))).toEqual(['salesforce_id', 'tier']);
    // One page per field, then the empty page `links.next` points at.
    expect(emulator.requests.length - before).toBe(3);
  });

  it('ticketfields.list with page[size] 4 returns every field, system and custom, once', async () => {
    const fields = list(await tokenClient(emulator, { query: { page: { size: 4 } } }).ticketfields.list());
    expect(fields).toHaveLength(9);
    expect(new Set(fields.map((field) => at(field, 'id'))).size).toBe(9);
    expect(fields.slice(-2).map((field) => at(field, 'id'))).toEqual([emulator.seed.ticketFieldIds.caseNumber, emulator.seed.ticketFieldIds.productArea]);
  });
});

describe('tickets as the connector writes them', () => {
  it('tickets.create with type, status and tags', async () => {
    const { result } = await tokenClient(emulator).tickets.create({
      ticket: { subject: 'Typed ticket', comment: { body: 'Body' }, type: 'task', status: 'open', tags: ['sync', 'patchbay'], priority: 'low' },
    });
    expect([at(result, 'type'), at(result, 'status'), at(result, 'tags'), at(result, 'priority')]).toEqual(['task', 'open', ['sync', 'patchbay'], 'low']);
  });

  it('tickets.update with custom_fields as [{id, value}] and tags', async () => {
    const { productArea } = emulator.seed.ticketFieldIds;
    const client = tokenClient(emulator);
    const { result } = await client.tickets.update(2, { ticket: { custom_fields: [{ id: productArea, value: 'reporting' }], tags: ['moved'], priority: 'high' } });
    expect(at(result, 'custom_fields')).toContainEqual({ id: productArea, value: 'reporting' });
    expect(at(result, 'tags')).toEqual(['moved']);
  });
});

describe('search with page and per_page', () => {
  it('search.get with per_page 2 and page 2 returns the third and fourth results', async () => {
    const client = tokenClient(emulator);
    const all = list((await client.search.query('type:ticket')).result).map((item) => at(item, 'id'));
    const second = list(await resultOf(client.search.get(['search', { query: 'type:ticket', per_page: 2, page: 2 }])));
    expect(second.map((item) => at(item, 'id'))).toEqual(all.slice(2, 4));
  });
});

describe('incremental export resumed with cursor=<after_cursor>', () => {
  it('ticketexport.get with the cursor parameter continues where start_time left off', async () => {
    expect((await control(emulator, 'POST', 'settings', { incrementalLagSeconds: 0 })).status).toBe(200);
    const client = tokenClient(emulator);
    const first = await resultOf(client.ticketexport.get(['incremental', 'tickets', 'cursor', { start_time: 0 }]));
    expect(at(first, 'end_of_stream')).toBe(true);
    const cursor = text(at(first, 'after_cursor'));
    await client.tickets.update(1, { ticket: { status: 'pending' } });
    const next = await resultOf(client.ticketexport.get(['incremental', 'tickets', 'cursor', { cursor }]));
    expect(list(at(next, 'tickets')).map((ticket) => [at(ticket, 'id'), at(ticket, 'status')])).toEqual([[1, 'pending']]);
    expect(at(next, 'end_of_stream')).toBe(true);
    expect(text(at(next, 'after_cursor'))).not.toBe(cursor);
  });
});

describe('OAuth token requests as the vault sends them', () => {
  it('exchanges a code and refreshes with a form body carrying the client credentials (client_secret_post)', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const params = new URLSearchParams({
      response_type: 'code', client_id: emulator.clientId, redirect_uri: REDIRECT_URI, scope: 'read write', state: 's',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
    });
    const back = await fetch(`${emulator.url}/oauth/authorizations/new?${params}`, { redirect: 'manual' });
    const code = new URL(back.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const client = { client_id: emulator.clientId, client_secret: emulator.clientSecret };
    const exchanged = await postForm({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier, ...client });
    expect(exchanged.status).toBe(200);
    expect(at(exchanged.body, 'scope')).toBe('read write');
    expect(at(exchanged.body, 'expires_in')).toBeUndefined(); // not asked for, so not said (§3)
    const refreshed = await postForm({ grant_type: 'refresh_token', refresh_token: text(at(exchanged.body, 'refresh_token')), ...client });
    expect(refreshed.status).toBe(200);
    const { result } = await oauthClient(emulator, text(at(refreshed.body, 'access_token'))).users.me();
    expect(num(at(result, 'id'))).toBe(emulator.seed.adminUserId);
  });
});

async function postForm(body: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emulator.url}/oauth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(body).toString(),
  });
  return { status: response.status, body: await response.json() };
}
