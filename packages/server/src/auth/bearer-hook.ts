import type { FastifyRequest } from 'fastify';
import { UnauthorizedError } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import type { Actor } from '@patchbay/vault';
import { findActorByToken } from './tokens.ts';

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

/**
 * onRequest hook for the /api/v1 scope: runs before the body is read, so a request without a valid
 * token costs no parsing. Errors never echo the header.
 */
export function bearerAuth(store: Store) {
  return async function authenticate(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    if (!header) throw new UnauthorizedError('This endpoint needs an API token: send "Authorization: Bearer <token>".');
    const match = BEARER.exec(header);
    const token = match?.[1];
    if (!token || token.length > 512) {
      throw new UnauthorizedError('The Authorization header must be "Bearer <token>".');
    }
    const actor = await findActorByToken(store, token);
    if (!actor) throw new UnauthorizedError('The API token is not valid: check it, or create a new one.');
    request.actor = actor;
  };
}

/** The authenticated actor; the hook guarantees it on /api/v1 routes. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthorizedError();
  return request.actor;
}
