import Type from 'typebox';
import { actorOf } from '../../auth/bearer-hook.ts';
import { RefreshParam } from '../../http/query.ts';
import { APP_ERRORS, errorResponses, PicklistParams } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

const PicklistResponse = Type.Object({
  options: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
});

/** A value of one of the list's own parameters, as the server checks it and the document shows it. */
const ListParamValue = Type.String({ maxLength: 1000 });

/** The list's own parameters (e.g. `?object=Account`) beside `refresh`; the vault validates them per list. */
const PicklistQuery = Type.Object(
  { refresh: Type.Optional(RefreshParam) },
  { additionalProperties: ListParamValue, description: "The pick list's parameters (see the connector's picklists[].params), and refresh." },
);

/**
 * What the document shows for the same query. OpenAPI lists query parameters by name, so the list's
 * own ones, whose names vary by list, are one object parameter serialised `style: form, explode: true`:
 * each of its properties is a query parameter of its own (`?object=Account`), exactly what the server
 * reads. Only the document differs (a per-route `swaggerTransform`); the server validates `PicklistQuery`,
 * and both take their pieces from the same schemas above.
 */
const DocumentedPicklistQuery = Type.Object(
  {
    refresh: Type.Optional(RefreshParam),
    params: Type.Optional(
      Type.Record(Type.String(), ListParamValue, { description: "The list's parameters, as named in the connector's `picklists[].params`: each is a query parameter of its own, e.g. ?object=Account." }),
    ),
  },
  { style: 'form', explode: true },
);

export const registerPicklistRoute: RegisterRoute = (app, { service }) => {
  app.get(
    '/connections/:id/picklists/:name',
    {
      config: { swaggerTransform: ({ schema, url }) => ({ schema: { ...schema, querystring: DocumentedPicklistQuery }, url }) },
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
