import Type from 'typebox';
import { InvalidInputError } from '@patchbay/core';

/*
 * Query strings are text and the validator does not coerce types (app.ts), so numbers and flags are
 * declared as strings of a known form and converted here, with the same error shape as the schema's.
 */

export const LimitParam = Type.String({ pattern: '^[0-9]+$', maxLength: 9, description: 'How many to return, from 1 to 500. Default 50.' });

export const ForceParam = Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'Default false.' });

/** `?refresh=true`: fetch design-time data from the app again instead of the cached copy. */
export const RefreshParam = Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'true: fetch from the app again instead of the cached copy (apps change their objects and fields). Default false.' });

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** `?limit=`: default 50, between 1 and 500. */
export function limitOf(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InvalidInputError(`query.limit must be from 1 to ${MAX_LIMIT}.`, [{ path: 'query.limit', message: `must be from 1 to ${MAX_LIMIT}` }]);
  }
  return limit;
}
