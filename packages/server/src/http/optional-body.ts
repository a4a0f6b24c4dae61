import type { FastifyRequest } from 'fastify';
import { eachOperation, isObject } from './document-walk.ts';

/**
 * For POST endpoints whose body is optional: a request without a body validates as `{}`, so the
 * schema still rejects unknown properties when a body is sent. A JSON `null` is a body, and not an
 * object: refused like any other, as the document says. Runs before validation.
 */
export async function emptyBodyIsEmptyObject(request: FastifyRequest): Promise<void> {
  if (request.body === undefined) request.body = {};
}

/**
 * Spread into a route's schema beside `body` when the body is optional: @fastify/swagger marks every
 * request body required, and `markOptionalBodies` (openapi.ts) reads this mark to say otherwise.
 */
export const OPTIONAL_BODY = { 'x-optional-body': true } as const;

/** Marks the request bodies of operations carrying `OPTIONAL_BODY` as not required, and drops the mark. */
export function markOptionalBodies(paths: unknown): void {
  eachOperation(paths, (operation) => {
    if (operation['x-optional-body'] !== true) return;
    delete operation['x-optional-body'];
    if (isObject(operation.requestBody)) operation.requestBody.required = false;
  });
}
