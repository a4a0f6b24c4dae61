import Type from 'typebox';
import { actorOf } from '../../auth/bearer-hook.ts';
import { NextCursor, PageQuery, pageRequestOf } from '../../http/query.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { ConnectionResource, withUsage } from './resource.ts';

const ConnectionsQuery = Type.Object(PageQuery, { additionalProperties: false });

export const registerListConnectionsRoute: RegisterRoute = (app, { service, engine }) => {
  app.get(
    '/connections',
    {
      schema: {
        tags: ['connections'],
        summary: "The workspace's connections, oldest first, a page at a time (secrets are never returned: only which secret fields are set).",
        operationId: 'listConnections',
        querystring: ConnectionsQuery,
        response: { 200: Type.Object({ connections: Type.Array(ConnectionResource), next: NextCursor }), ...errorResponses(401) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const page = await service.list(actor, pageRequestOf(request.query));
      return { connections: await withUsage(engine, actor, page.items), next: page.next };
    },
  );
};
