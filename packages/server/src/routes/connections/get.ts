import { ConnectionSchema } from '@patchbay/vault';
import { actorOf } from '../../auth/bearer-hook.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

export const registerGetConnectionRoute: RegisterRoute = (app, { service }) => {
  app.get(
    '/connections/:id',
    {
      schema: {
        tags: ['connections'],
        summary: 'Show one connection: status with its reason, the integration user, granted scopes, timestamps.',
        operationId: 'getConnection',
        params: IdParams,
        response: { 200: ConnectionSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => service.get(actorOf(request), request.params.id),
  );
};
