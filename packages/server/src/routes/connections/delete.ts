import Type from 'typebox';
import { actorOf } from '../../auth/bearer-hook.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { ForceQuery, refuseIfInUse } from './in-use.ts';

export const registerDeleteConnectionRoute: RegisterRoute = (app, { service, engine }) => {
  app.delete(
    '/connections/:id',
    {
      schema: {
        tags: ['connections'],
        summary:
          'Delete a connection and its stored credentials. Refused (409 connection_in_use, listing them) while running recipes use it, unless ?force=true.',
        operationId: 'deleteConnection',
        params: IdParams,
        querystring: ForceQuery,
        response: { 204: Type.Null({ description: 'Deleted.' }), ...errorResponses(401, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await refuseIfInUse(engine, actor, request.params.id, request.query.force, 'delete it');
      await service.remove(actor, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
