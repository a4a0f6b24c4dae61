import { actorOf } from '../../auth/bearer-hook.ts';
import { OPTIONAL_BODY, emptyBodyIsEmptyObject } from '../../http/optional-body.ts';
import { EmptyBody, BODY_ERRORS, errorResponses, IdParams } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { ForceQuery, refuseIfInUse } from './in-use.ts';
import { ConnectionResource, oneWithUsage } from './resource.ts';

export const registerDisconnectConnectionRoute: RegisterRoute = (app, { service, engine }) => {
  app.post(
    '/connections/:id/disconnect',
    {
      schema: {
        tags: ['connections'],
        summary:
          'Forget the credentials (tokens, secret fields) but keep the connection, so it can be authorised again under the same id. ' +
          'Refused (409 connection_in_use, listing them) while running recipes use it, unless ?force=true.',
        operationId: 'disconnectConnection',
        params: IdParams,
        querystring: ForceQuery,
        body: EmptyBody,
        ...OPTIONAL_BODY,
        response: { 200: ConnectionResource, ...errorResponses(401, 404, 409, ...BODY_ERRORS) },
      },
      preValidation: emptyBodyIsEmptyObject,
    },
    async (request) => {
      const actor = actorOf(request);
      await refuseIfInUse(engine, actor, request.params.id, request.query.force, 'disconnect it');
      return oneWithUsage(engine, actor, await service.disconnect(actor, request.params.id));
    },
  );
};
