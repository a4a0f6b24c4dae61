import { UpdateConnectionInput } from '@patchbay/vault';
import { actorOf } from '../../auth/bearer-hook.ts';
import { BODY_ERRORS, errorResponses, IdParams } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { ConnectionResource, oneWithUsage } from './resource.ts';

export const registerUpdateConnectionRoute: RegisterRoute = (app, { service, engine }) => {
  app.patch(
    '/connections/:id',
    {
      schema: {
        tags: ['connections'],
        summary: 'Rename a connection, change its environment label or some of its fields (secret fields are replaced, never read).',
        operationId: 'updateConnection',
        params: IdParams,
        body: UpdateConnectionInput,
        response: { 200: ConnectionResource, ...errorResponses(401, 404, 409, ...BODY_ERRORS) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return oneWithUsage(engine, actor, await service.update(actor, request.params.id, request.body));
    },
  );
};
