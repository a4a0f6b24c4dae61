import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { PageRequest } from '@patchbay/core';

/*
 * Query strings are text and the validator does not coerce types (app.ts: in a body, "1" is not the
 * number 1). Flags are therefore declared as strings of a known form. The numbers a query takes
 * (`limit`, and `hours` of the job chart) are named in NUMERIC_QUERY: `numericQuery`, a hook on every
 * /api/v1 route (routes/index.ts), turns their digits into numbers just before validation, so their
 * schemas, and the OpenAPI document made from them, state each range as minimum and maximum.
 */

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export const LimitParam = Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT, description: 'How many items to return.' });

export const CursorParam = Type.String({
  minLength: 1,
  maxLength: 512,
  description: 'The "next" value of the previous page, unchanged. Leave it out to get the first page.',
});

/** `?limit=&cursor=`: spread into a list route's querystring schema beside its filters. */
export const PageQuery = { limit: Type.Optional(LimitParam), cursor: Type.Optional(CursorParam) };

/** The `next` of a page: pass it as `?cursor=` for the following page; null on the last page. */
export const NextCursor = Type.Union([Type.String(), Type.Null()], {
  description: 'Pass as ?cursor= to get the next page (with the same filters); null when this is the last page.',
});

export const ForceParam = Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'Default false.' });

/** `?refresh=true`: fetch design-time data from the app again instead of the cached copy. */
export const RefreshParam = Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'true: fetch from the app again instead of the cached copy (apps change their objects and fields). Default false.' });

const DECIMAL = /^-?[0-9]{1,12}(\.[0-9]{1,12})?$/;

/** Query parameters that are numbers wherever a route takes them. */
const NUMERIC_QUERY = ['limit', 'hours'] as const;

/**
 * `preValidation` of every /api/v1 route: `?limit=20` becomes the number 20 (and so does `hours`).
 * Anything else (`abc`, `0x10`, `1e3`, a repeated parameter) is left as it is, for the schema to
 * refuse with its message.
 */
export async function numericQuery(request: FastifyRequest): Promise<void> {
  const query: unknown = request.query;
  if (typeof query !== 'object' || query === null) return;
  for (const name of NUMERIC_QUERY) {
    if (!(name in query)) continue;
    const value: unknown = Reflect.get(query, name);
    if (typeof value === 'string' && DECIMAL.test(value)) Reflect.set(query, name, Number(value));
  }
}

/** The page a list route asks its service for. */
export function pageRequestOf(query: { limit?: number; cursor?: string }): PageRequest {
  return { limit: query.limit ?? DEFAULT_LIMIT, cursor: query.cursor };
}
