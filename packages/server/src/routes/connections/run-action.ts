import Type from 'typebox';
import { actorOf } from '../../auth/bearer-hook.ts';
import { ActionParams, BODY_ERRORS, APP_ERRORS, errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

const RunActionBody = Type.Object(
  {
    input: Type.Record(Type.String(), Type.Unknown(), {
      description: "The action's input; its schema is in GET /api/v1/connectors/{key} (actions[].inputSchema).",
    }),
  },
  { additionalProperties: false },
);

export const registerRunActionRoute: RegisterRoute = (app, { service }) => {
  app.post(
    '/connections/:id/actions/:action',
    {
      schema: {
        tags: ['connections'],
        summary: 'Run one action of the connector through this connection now ("test this step").',
        operationId: 'runAction',
        params: ActionParams,
        body: RunActionBody,
        response: { 200: Type.Object({ output: Type.Unknown() }), ...errorResponses(401, ...APP_ERRORS, ...BODY_ERRORS) },
      },
    },
    async (request) => ({ output: await service.runAction(actorOf(request), request.params.id, request.params.action, request.body.input) }),
  );
};
