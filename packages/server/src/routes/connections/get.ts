import { actorOf } from '../../auth/bearer-hook.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { ConnectionResource, oneWithUsage } from './resource.ts';

export const registerGetConnectionRoute: RegisterRoute = (app, { service, engine }) => {
  app.get(
    '/connections/:id',
    {
      schema: {
        tags: ['connections'],
        summary: 'Show one connection: status with its reason, the integration user, granted scopes, timestamps, and the recipes bound to it (usedBy).',
        operationId: 'getConnection',
        params: IdParams,
        response: { 200: ConnectionResource, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return oneWithUsage(engine, actor, await service.get(actor, request.params.id));
    },
  );
};
