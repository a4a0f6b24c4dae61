import Type from 'typebox';
import type { Store } from '@patchbay/store';
import { requireRequestHeader } from '../../auth/bearer-hook.ts';
import { clearedSessionCookie, sessionIdFrom } from '../../auth/session-cookie.ts';
import { endSession } from '../../auth/sessions.ts';
import { errorResponses } from '../../schemas.ts';
import type { App } from '../../types.ts';
import type { SessionOptions } from './schemas.ts';

/** Sign-out: the session ends on the server (its cookie stops working everywhere) and the cookie is removed. */
export function registerSignOutRoute(app: App, store: Store, options: SessionOptions): void {
  app.delete(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign out: ends the session of the cookie sent and removes the cookie. Needs "X-Patchbay-Request: 1" (403 without).',
        operationId: 'signOut',
        security: [],
        response: { 204: Type.Null({ description: 'Signed out (also when no session was signed in).' }), ...errorResponses(403) },
      },
    },
    async (request, reply) => {
      requireRequestHeader(request);
      const sessionId = sessionIdFrom(request.headers.cookie);
      if (sessionId) await endSession(store, sessionId);
      return reply.code(204).header('set-cookie', clearedSessionCookie(options)).send(null);
    },
  );
}
