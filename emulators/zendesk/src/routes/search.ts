import type { EmuRequest, Router } from '@patchbay/emulator-kit';
import { positiveInt } from '../body.ts';
import type { ZendeskContext } from '../context.ts';
import { organizationJson, ticketJson, userJson } from '../data/serialize.ts';
import { TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../data/types.ts';
import { apiRoute } from '../http/api-route.ts';
import { MAX_PAGE_SIZE, offsetUrl } from '../http/pagination.ts';
import { invalidAttribute, zendeskJson } from '../http/responses.ts';
import { matches, type Searchable } from '../search/matcher.ts';
import { parseQuery } from '../search/query-parser.ts';

/** Search returns at most 1,000 results; asking past them is a 422 (§9, search reference). */
const RESULT_LIMIT = 1000;
const SORT_KEYS = ['updated_at', 'created_at', 'priority', 'status', 'ticket_type'] as const;

/**
 * `GET /search?query=` (§9): offset pagination only, `count` is the full total, each result has
 * `result_type`. New records are searchable at once (Zendesk may take minutes to index them).
 */
export function addSearchRoutes(router: Router, ctx: ZendeskContext): void {
  router.add('GET', '/api/v2/search', apiRoute(ctx, { resource: undefined, write: false }, (req) => {
    if ([...req.query.keys()].some((key) => key.startsWith('page['))) {
      // §9 (community post 5981990015514): search takes no cursor parameters.
      return invalidAttribute('You passed an invalid value for the page attribute. Invalid parameter: page must be an integer; search supports offset pagination only');
    }
    const query = req.query.get('query')?.trim() ?? '';
    // UNCERTAIN: Zendesk's answer to an empty query; §9 lists `{"error":"invalid"}` for bad searches.
    if (query === '') return zendeskJson(400, { error: 'invalid', description: 'Invalid search: the query parameter is required' });
    const page = positiveInt(req.query.get('page')) ?? 1;
    const perPage = Math.min(MAX_PAGE_SIZE, positiveInt(req.query.get('per_page')) ?? MAX_PAGE_SIZE);
    if (page * perPage > RESULT_LIMIT) {
      return zendeskJson(422, { error: 'invalid', description: 'Invalid search: Requested response size was greater than Search Response Limits' });
    }
    const terms = parseQuery(query);
    const found = candidates(ctx).filter((item) => terms.every((term) => matches(ctx.store, item, term)));
    sortResults(found, req);
    const start = (page - 1) * perPage;
    return zendeskJson(200, {
      results: found.slice(start, start + perPage).map((item) => resultJson(ctx, item, req)),
      facets: null,
      next_page: start + perPage < Math.min(found.length, RESULT_LIMIT) ? offsetUrl(req, 'search', page + 1, perPage) : null,
      previous_page: page > 1 ? offsetUrl(req, 'search', page - 1, perPage) : null,
      count: found.length,
    });
  }));
}

function candidates(ctx: ZendeskContext): Searchable[] {
  const { store } = ctx;
  return [
    ...[...store.tickets.values()].map((record): Searchable => ({ type: 'ticket', record })),
    ...[...store.users.values()].map((record): Searchable => ({ type: 'user', record })),
    ...[...store.organizations.values()].map((record): Searchable => ({ type: 'organization', record })),
  ];
}

/**
 * `sort_by` with `sort_order` (default `desc`). Without `sort_by` Zendesk sorts by relevance, which
 * the emulator does not model: it keeps tickets, users, organizations, each in creation order.
 */
function sortResults(found: Searchable[], req: EmuRequest): void {
  const sortBy = SORT_KEYS.find((key) => key === req.query.get('sort_by'));
  if (!sortBy) return;
  const direction = req.query.get('sort_order') === 'asc' ? 1 : -1;
  const rank = (item: Searchable): number => {
    const record = item.record;
    if (sortBy === 'created_at') return record.createdAt;
    if (sortBy === 'updated_at') return record.updatedAt;
    if (item.type !== 'ticket') return -1;
    if (sortBy === 'priority') return TICKET_PRIORITIES.findIndex((p) => p === item.record.priority);
    if (sortBy === 'status') return TICKET_STATUSES.indexOf(item.record.status);
    return TICKET_TYPES.findIndex((t) => t === item.record.type);
  };
  found.sort((a, b) => (rank(a) - rank(b)) * direction || (a.record.id - b.record.id) * direction);
}

function resultJson(ctx: ZendeskContext, item: Searchable, req: EmuRequest): Record<string, unknown> {
  switch (item.type) {
    case 'ticket':
      return { ...ticketJson(item.record, req.origin, ctx.store), result_type: 'ticket' };
    case 'organization':
      return { ...organizationJson(item.record, req.origin, ctx.store), result_type: 'organization' };
    case 'user':
      return { ...userJson(item.record, req.origin), result_type: 'user' };
  }
}
