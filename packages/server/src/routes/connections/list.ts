import Type from 'typebox';
import { ConnectionSchema } from '@patchbay/vault';
import { actorOf } from '../../auth/bearer-hook.ts';
import { NextCursor, PageQuery, pageRequestOf } from '../../http/query.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

const ConnectionsQuery = Type.Object(PageQuery, { additionalProperties: false });

export const registerListConnectionsRoute: RegisterRoute = (app, { service }) => {
  app.get(
    '/connections',
    {
      schema: {
        tags: ['connections'],
        summary: "The workspace's connections, oldest first, a page at a time (secrets are never returned: only which secret fields are set).",
        operationId: 'listConnections',
        querystring: ConnectionsQuery,
        response: { 200: Type.Object({ connections: Type.Array(ConnectionSchema), next: NextCursor }), ...errorResponses(401) },
      },
    },
    async (request) => {
      const page = await service.list(actorOf(request), pageRequestOf(request.query));
      return { connections: page.items, next: page.next };
    },
  );
};
