import { TestResultSchema } from '@patchbay/vault';
import { actorOf } from '../../auth/bearer-hook.ts';
import { OPTIONAL_BODY, emptyBodyIsEmptyObject } from '../../http/optional-body.ts';
import { EmptyBody, BODY_ERRORS, errorResponses, IdParams } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

export const registerTestConnectionRoute: RegisterRoute = (app, { service }) => {
  app.post(
    '/connections/:id/test',
    {
      schema: {
        tags: ['connections'],
        summary: "Run the connector's test through this connection now. A failed test is { ok: false, message }, not an error.",
        operationId: 'testConnection',
        params: IdParams,
        body: EmptyBody,
        ...OPTIONAL_BODY,
        response: { 200: TestResultSchema, ...errorResponses(401, 404, ...BODY_ERRORS) },
      },
      preValidation: emptyBodyIsEmptyObject,
    },
    async (request) => service.test(actorOf(request), request.params.id),
  );
};
