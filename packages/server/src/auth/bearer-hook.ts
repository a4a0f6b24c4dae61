import type { FastifyRequest } from 'fastify';
import { PatchbayError, UnauthorizedError } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import type { Actor } from '@patchbay/vault';
import { REQUEST_HEADER, sessionIdFrom } from './session-cookie.ts';
import { findSession } from './sessions.ts';
import { findActorByToken } from './tokens.ts';

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;
/** Methods a cross-site page can make a browser send without Patchbay's own script: they change nothing. */
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * onRequest hook for the /api/v1 scope: runs before the body is read, so a request without a valid
 * token costs no parsing. Errors never echo the header. A request without an Authorization header
 * may carry the web UI's session cookie instead (session-cookie.ts); then anything but GET and HEAD
 * must also carry `X-Patchbay-Request: 1`, which a cross-site form cannot send.
 */
export function bearerAuth(store: Store) {
  return async function authenticate(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    if (!header) {
      request.actor = await sessionActor(store, request);
      return;
    }
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

async function sessionActor(store: Store, request: FastifyRequest): Promise<Actor> {
  const sessionId = sessionIdFrom(request.headers.cookie);
  if (!sessionId) throw new UnauthorizedError('This endpoint needs an API token: send "Authorization: Bearer <token>".');
  const session = await findSession(store, sessionId);
  if (!session) throw new UnauthorizedError('Your session has ended: sign in again.');
  if (!SAFE_METHODS.has(request.method)) requireRequestHeader(request);
  return session.actor;
}

/** 403 unless the request carries `X-Patchbay-Request: 1`: see REQUEST_HEADER for why. */
export function requireRequestHeader(request: FastifyRequest): void {
  if (request.headers[REQUEST_HEADER] !== '1') {
    throw new PatchbayError(
      'request_header_required',
      'A request signed in with the session cookie must send the header "X-Patchbay-Request: 1" (the web UI does): it proves the request comes from Patchbay\'s own page.',
    );
  }
}

/** The authenticated actor; the hook guarantees it on /api/v1 routes. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthorizedError();
  return request.actor;
}
