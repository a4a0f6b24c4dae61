import Type from 'typebox';
import { actorOf } from '../../auth/bearer-hook.ts';
import { errorResponses, PicklistParams } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

const PicklistResponse = Type.Object({
  options: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
});

export const registerPicklistRoute: RegisterRoute = (app, { service }) => {
  app.get(
    '/connections/:id/picklists/:name',
    {
      schema: {
        tags: ['connections'],
        summary: 'Fetch a design-time list (objects, fields, projects) through the connection. 409 connection_required when it is not connected.',
        operationId: 'getPicklist',
        params: PicklistParams,
        response: { 200: PicklistResponse, ...errorResponses },
      },
    },
    async (request) => ({ options: await service.picklist(actorOf(request), request.params.id, request.params.name) }),
  );
};
