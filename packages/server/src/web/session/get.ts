import type { Store } from '@patchbay/store';
import { UnauthorizedError } from '@patchbay/core';
import { sessionIdFrom } from '../../auth/session-cookie.ts';
import { findSession, userOf } from '../../auth/sessions.ts';
import { errorResponses } from '../../schemas.ts';
import type { App } from '../../types.ts';
import { SessionSchema } from './schemas.ts';

/** Who is signed in with the session cookie; 401 when nobody is (the UI shows its sign-in page). */
export function registerGetSessionRoute(app: App, store: Store): void {
  app.get(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Who is signed in with the session cookie sent: 401 when none is sent or the session has ended.',
        operationId: 'getSession',
        security: [],
        response: { 200: SessionSchema, ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      const sessionId = sessionIdFrom(request.headers.cookie);
      const session = sessionId ? await findSession(store, sessionId) : null;
      const user = session ? await userOf(store, session.actor) : null;
      if (!session || !user) throw new UnauthorizedError('You are not signed in: sign in with an API token.');
      reply.header('cache-control', 'no-store');
      return { user, workspaceId: session.actor.workspaceId, expiresAt: session.expiresAt };
    },
  );
}
