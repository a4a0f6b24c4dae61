import Type from 'typebox';
import { actorOf } from '../../auth/bearer-hook.ts';
import { RefreshParam } from '../../http/query.ts';
import { APP_ERRORS, errorResponses, PicklistParams } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

const PicklistResponse = Type.Object({
  options: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
});

/** The list's own parameters (e.g. `?object=Account`) beside `refresh`; the vault validates them per list. */
const PicklistQuery = Type.Object(
  { refresh: Type.Optional(RefreshParam) },
  { additionalProperties: Type.String({ maxLength: 1000 }), description: "The pick list's parameters (see the connector's picklists[].params), and refresh." },
);

export const registerPicklistRoute: RegisterRoute = (app, { service }) => {
  app.get(
    '/connections/:id/picklists/:name',
    {
      schema: {
        tags: ['connections'],
        summary:
          'A design-time list (objects, fields of an object, projects) through the connection, cached per connection and parameters: ?<param>=<value> for lists that take parameters, ?refresh=true to fetch again. 409 connection_required when it is not connected.',
        operationId: 'getPicklist',
        params: PicklistParams,
        querystring: PicklistQuery,
        response: { 200: PicklistResponse, ...errorResponses(401, ...APP_ERRORS) },
      },
    },
    async (request) => {
      const { refresh, ...params } = request.query;
      const options = await service.picklist(actorOf(request), request.params.id, request.params.name, params, { refresh: refresh === 'true' });
      return { options };
    },
  );
};
