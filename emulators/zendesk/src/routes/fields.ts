import type { Router } from '@patchbay/emulator-kit';
import type { ZendeskContext } from '../context.ts';
import { organizationFieldJson, ticketFieldJson } from '../data/serialize.ts';
import { apiRoute } from '../http/api-route.ts';
import { listPage } from '../http/pagination.ts';

/**
 * `GET /organization_fields` (§6) and `GET /ticket_fields` (§7). Ordered by position; without
 * `page[size]` they answer the whole list with offset keys (`next_page: null`, `count`).
 */
export function addFieldRoutes(router: Router, ctx: ZendeskContext): void {
  router.add('GET', '/api/v2/organization_fields', apiRoute(ctx, { resource: 'organizations', write: false }, (req) =>
    listPage(req, {
      items: ctx.store.organizationFields,
      idOf: (field) => field.id,
      toJson: (field) => organizationFieldJson(field, req.origin),
      key: 'organization_fields',
      path: 'organization_fields',
    })));

  router.add('GET', '/api/v2/ticket_fields', apiRoute(ctx, { resource: 'tickets', write: false }, (req) =>
    listPage(req, {
      items: ctx.store.ticketFields,
      idOf: (field) => field.id,
      toJson: (field) => ticketFieldJson(field, req.origin),
      key: 'ticket_fields',
      path: 'ticket_fields',
    })));
}
