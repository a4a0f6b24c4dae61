import { CreateConnectionInput } from '@patchbay/vault';
import { actorOf } from '../../auth/bearer-hook.ts';
import { BODY_ERRORS, errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { ConnectionResource } from './resource.ts';

export const registerCreateConnectionRoute: RegisterRoute = (app, { service }) => {
  app.post(
    '/connections',
    {
      schema: {
        tags: ['connections'],
        summary: 'Create a connection. Connectors without OAuth2 are tested at once; OAuth2 ones then need /authorize.',
        operationId: 'createConnection',
        body: CreateConnectionInput,
        response: { 201: ConnectionResource, ...errorResponses(401, ...BODY_ERRORS) },
      },
    },
    async (request, reply) => {
      const created: ConnectionResource = { ...(await service.create(actorOf(request), request.body)), usedBy: [] };
      // No recipe can be bound to a connection that did not exist until now.
      return reply.code(201).send(created);
    },
  );
};
