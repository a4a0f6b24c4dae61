import Type from 'typebox';
import { AuthorizeInput } from '@patchbay/vault';
import { actorOf } from '../../auth/bearer-hook.ts';
import { OPTIONAL_BODY, emptyBodyIsEmptyObject } from '../../http/optional-body.ts';
import { BODY_ERRORS, errorResponses, IdParams } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

export const registerAuthorizeConnectionRoute: RegisterRoute = (app, { service }) => {
  app.post(
    '/connections/:id/authorize',
    {
      schema: {
        tags: ['connections'],
        summary:
          'Start OAuth2 for this connection: open the returned URL in a browser. The app redirects to /oauth/callback, ' +
          'which completes the connection. The body is optional.',
        operationId: 'authorizeConnection',
        params: IdParams,
        body: AuthorizeInput,
        ...OPTIONAL_BODY,
        response: { 200: Type.Object({ url: Type.String({ format: 'uri' }) }), ...errorResponses(401, 404, 409, 502, 503, ...BODY_ERRORS) },
      },
      preValidation: emptyBodyIsEmptyObject,
    },
    async (request) => service.authorize(actorOf(request), request.params.id, request.body),
  );
};
