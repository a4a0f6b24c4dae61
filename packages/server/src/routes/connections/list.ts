import Type from 'typebox';
import { ConnectionSchema } from '@patchbay/vault';
import { actorOf } from '../../auth/bearer-hook.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

export const registerListConnectionsRoute: RegisterRoute = (app, { service }) => {
  app.get(
    '/connections',
    {
      schema: {
        tags: ['connections'],
        summary: "List the workspace's connections (secrets are never returned: only which secret fields are set).",
        operationId: 'listConnections',
        response: { 200: Type.Object({ connections: Type.Array(ConnectionSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ connections: await service.list(actorOf(request)) }),
  );
};
