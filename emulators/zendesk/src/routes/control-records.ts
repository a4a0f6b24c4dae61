import { type EmuRequest, type EmuResponse, json, type Router } from '@patchbay/emulator-kit';
import { isObject, type JsonObject } from '../body.ts';
import type { ZendeskContext } from '../context.ts';
import { createOrganization } from '../data/organizations.ts';
import { organizationJson, ticketJson, userJson } from '../data/serialize.ts';
import { createTicket, updateTicket } from '../data/tickets.ts';
import { createUser } from '../data/users.ts';
import type { FieldErrors } from '../data/validation.ts';

const OBJECTS = ['organization', 'ticket', 'user'] as const;
type ControlObject = (typeof OBJECTS)[number];

/**
 * `/__emulator/records/{object}`: records created and changed as people would in Zendesk's UI,
 * without credentials. Tickets are written as their requester (an end user filing by web form),
 * so they carry `via.channel: "web"` and the requester as submitter. Answers use the API's shapes.
 */
export function addControlRecordRoutes(router: Router, ctx: ZendeskContext): void {
  router.add('GET', '/__emulator/records/:object', (req) => {
    const object = controlObject(req);
    if (!object) return unknownObject(req);
    return json(200, { records: listRecords(ctx, object, req) });
  });

  router.add('POST', '/__emulator/records/:object', (req) => {
    const object = controlObject(req);
    if (!object) return unknownObject(req);
    if (!isObject(req.body)) return badInput('The body must be a JSON object with the record\'s fields.');
    const input = req.body;
    switch (object) {
      case 'organization': {
        const result = createOrganization(ctx.store, input);
        return result.ok ? created(organizationJson(result.value, req.origin, ctx.store)) : invalidRecord(result.errors);
      }
      case 'user': {
        const result = createUser(ctx.store, input);
        return result.ok ? created(userJson(result.value, req.origin)) : invalidRecord(result.errors);
      }
      case 'ticket': {
        const withRequester = input.requester_id === undefined && input.requester === undefined ? { ...input, requester_id: ctx.seed.endUserIds[0] } : input;
        const result = createTicket(ctx.store, ticketInput(withRequester), { channel: 'web', authorId: undefined });
        return result.ok ? created(ticketJson(result.value.ticket, req.origin, ctx.store)) : invalidRecord(result.errors);
      }
    }
  });

  router.add('PATCH', '/__emulator/records/ticket/:id', (req) => {
    const ticket = ctx.store.tickets.get(Number(req.params.id));
    if (!ticket) return json(404, { error: 'not_found', message: `No ticket ${req.params.id}.` });
    if (!isObject(req.body)) return badInput('The body must be a JSON object with the fields to change.');
    const result = updateTicket(ctx.store, ticket, ticketInput(req.body), { channel: 'web', authorId: undefined });
    return result.ok ? json(200, ticketJson(result.value.ticket, req.origin, ctx.store)) : invalidRecord(result.errors);
  });
}

/** The record's fields, with two shorthands: `description` for the first comment, `comment` as text. */
function ticketInput(body: JsonObject): JsonObject {
  const input: JsonObject = { ...body };
  if (typeof body.comment === 'string') input.comment = { body: body.comment };
  if (input.comment === undefined && typeof body.description === 'string') input.comment = { body: body.description };
  return input;
}

function listRecords(ctx: ZendeskContext, object: ControlObject, req: EmuRequest): unknown[] {
  const { store } = ctx;
  switch (object) {
    case 'organization':
      return [...store.organizations.values()].map((org) => organizationJson(org, req.origin, store));
    case 'user':
      return [...store.users.values()].map((user) => userJson(user, req.origin));
    case 'ticket':
      return [...store.tickets.values()].map((ticket) => ticketJson(ticket, req.origin, store));
  }
}

function controlObject(req: EmuRequest): ControlObject | undefined {
  return OBJECTS.find((object) => object === req.params.object);
}

/** The contract's `201 {id, …record}`: the API shape already leads with its id. */
const created = (record: Record<string, unknown>): EmuResponse => json(201, record);

const badInput = (message: string): EmuResponse => json(400, { error: 'bad_request', message });

const unknownObject = (req: EmuRequest): EmuResponse =>
  badInput(`Unknown object "${req.params.object ?? ''}". Use one of: ${OBJECTS.join(', ')}.`);

/** Zendesk's validation details, kept so a test can see which attribute was refused. */
function invalidRecord(details: FieldErrors): EmuResponse {
  const message = Object.values(details).flat().map((error) => error.description).join('; ');
  return json(400, { error: 'invalid_record', message, details });
}
