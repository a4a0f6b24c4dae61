import type { Router } from '@patchbay/emulator-kit';
import { objectAt } from '../body.ts';
import type { ZendeskContext } from '../context.ts';
import { ticketJson } from '../data/serialize.ts';
import { createTicket, updateTicket } from '../data/tickets.ts';
import { apiRoute } from '../http/api-route.ts';
import { recordInvalid, recordNotFound, zendeskJson } from '../http/responses.ts';

const READ = { resource: 'tickets', write: false };
const WRITE = { resource: 'tickets', write: true };

/** `POST /tickets`, `GET /tickets/{id}`, `PUT /tickets/{id}` (§8). Writes answer `{ticket, audit}`. */
export function addTicketRoutes(router: Router, ctx: ZendeskContext): void {
  router.add('POST', '/api/v2/tickets', apiRoute(ctx, WRITE, (req, caller) => {
    const result = createTicket(ctx.store, objectAt(req.body, 'ticket') ?? {}, { channel: 'api', authorId: caller.user.id });
    if (!result.ok) return recordInvalid(result.errors);
    const ticket = ticketJson(result.value.ticket, req.origin, ctx.store, { justCreated: true });
    return zendeskJson(201, { ticket, audit: result.value.audit }, { location: String(ticket.url) });
  }));

  router.add('GET', '/api/v2/tickets/:id', apiRoute(ctx, READ, (req) => {
    const ticket = ctx.store.tickets.get(Number(req.params.id));
    return ticket ? zendeskJson(200, { ticket: ticketJson(ticket, req.origin, ctx.store) }) : recordNotFound();
  }));

  router.add('PUT', '/api/v2/tickets/:id', apiRoute(ctx, WRITE, (req, caller) => {
    const existing = ctx.store.tickets.get(Number(req.params.id));
    if (!existing) return recordNotFound();
    const result = updateTicket(ctx.store, existing, objectAt(req.body, 'ticket') ?? {}, { channel: 'api', authorId: caller.user.id });
    if (!result.ok) return recordInvalid(result.errors);
    return zendeskJson(200, { ticket: ticketJson(result.value.ticket, req.origin, ctx.store), audit: result.value.audit });
  }));
}
