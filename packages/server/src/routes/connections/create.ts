import { ConnectionSchema, CreateConnectionInput } from '@patchbay/vault';
import { actorOf } from '../../auth/bearer-hook.ts';
import { BODY_ERRORS, errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

export const registerCreateConnectionRoute: RegisterRoute = (app, { service }) => {
  app.post(
    '/connections',
    {
      schema: {
        tags: ['connections'],
        summary: 'Create a connection. Connectors without OAuth2 are tested at once; OAuth2 ones then need /authorize.',
        operationId: 'createConnection',
        body: CreateConnectionInput,
        response: { 201: ConnectionSchema, ...errorResponses(401, ...BODY_ERRORS) },
      },
    },
    async (request, reply) => reply.code(201).send(await service.create(actorOf(request), request.body)),
  );
};
