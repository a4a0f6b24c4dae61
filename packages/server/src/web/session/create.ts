import type { Store } from '@patchbay/store';
import { UnauthorizedError } from '@patchbay/core';
import { requireRequestHeader } from '../../auth/bearer-hook.ts';
import { sessionCookie } from '../../auth/session-cookie.ts';
import { createSession, userOf } from '../../auth/sessions.ts';
import { findToken } from '../../auth/tokens.ts';
import { BODY_ERRORS, errorResponses } from '../../schemas.ts';
import type { App } from '../../types.ts';
import { SessionSchema, SignInBody, type SessionOptions } from './schemas.ts';

/** Sign-in: an API token becomes a session cookie. The token itself is never stored in the browser. */
export function registerSignInRoute(app: App, store: Store, options: SessionOptions): void {
  app.post(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary:
          'Sign in to the web UI with an API token: answers Set-Cookie with an HttpOnly, SameSite=Strict session cookie (a random session id, not the token). ' +
          'Needs the header "X-Patchbay-Request: 1" (403 without).',
        operationId: 'signIn',
        security: [],
        body: SignInBody,
        response: { 201: SessionSchema, ...errorResponses(401, 403, ...BODY_ERRORS) },
      },
    },
    async (request, reply) => {
      // After validation on purpose: a malformed body is a 400 whoever sends it.
      requireRequestHeader(request);
      const token = await findToken(store, request.body.token);
      if (!token) throw new UnauthorizedError('The API token is not valid: check it (the admin token is in .patchbay/admin-token), or create a new one.');
      const user = await userOf(store, token.actor);
      if (!user) throw new UnauthorizedError('The API token belongs to no user: create a new one.');
      const { sessionId, session } = await createSession(store, token);
      reply.header('set-cookie', sessionCookie(sessionId, options)).header('cache-control', 'no-store');
      return reply.code(201).send({ user, workspaceId: session.actor.workspaceId, expiresAt: session.expiresAt });
    },
  );
}
