import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { PageRequest } from '@patchbay/core';

/*
 * Query strings are text and the validator does not coerce types (app.ts: in a body, "1" is not the
 * number 1). Flags are therefore declared as strings of a known form. `limit` is the one number a
 * query takes: `numericLimit`, a hook on every /api/v1 route (routes/index.ts), turns its digits into
 * a number just before validation, so its schema, and the OpenAPI document made from it, state the
 * range as minimum and maximum.
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

/**
 * `preValidation` of every /api/v1 route: `?limit=20` becomes the number 20. Anything else (`abc`, `0x10`,
 * `1e3`, a repeated parameter) is left as it is, for the schema to refuse with its message.
 */
export async function numericLimit(request: FastifyRequest): Promise<void> {
  const query = request.query;
  if (typeof query !== 'object' || query === null || !('limit' in query)) return;
  if (typeof query.limit === 'string' && DECIMAL.test(query.limit)) query.limit = Number(query.limit);
}

/** The page a list route asks its service for. */
export function pageRequestOf(query: { limit?: number; cursor?: string }): PageRequest {
  return { limit: query.limit ?? DEFAULT_LIMIT, cursor: query.cursor };
}
