import { ConnectionSchema } from '@patchbay/vault';
import { actorOf } from '../../auth/bearer-hook.ts';
import { emptyBodyIsEmptyObject } from '../../http/optional-body.ts';
import { EmptyBody, errorResponses, IdParams } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

export const registerDisconnectConnectionRoute: RegisterRoute = (app, { service }) => {
  app.post(
    '/connections/:id/disconnect',
    {
      schema: {
        tags: ['connections'],
        summary: 'Forget the credentials (tokens, secret fields) but keep the connection, so it can be authorised again under the same id.',
        operationId: 'disconnectConnection',
        params: IdParams,
        body: EmptyBody,
        response: { 200: ConnectionSchema, ...errorResponses },
      },
      preValidation: emptyBodyIsEmptyObject,
    },
    async (request) => service.disconnect(actorOf(request), request.params.id),
  );
};
