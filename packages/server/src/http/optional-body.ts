import type { FastifyRequest } from 'fastify';

/**
 * For POST endpoints whose body is optional: a request without a body validates as `{}`, so the
 * schema still rejects unknown properties when a body is sent. Runs before validation.
 */
export async function emptyBodyIsEmptyObject(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}
