import Type from 'typebox';
import { actorOf } from '../../auth/bearer-hook.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

export const registerDeleteConnectionRoute: RegisterRoute = (app, { service }) => {
  app.delete(
    '/connections/:id',
    {
      schema: {
        tags: ['connections'],
        summary: 'Delete a connection and its stored credentials.',
        operationId: 'deleteConnection',
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted.' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
