import { JobSummary } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { OPTIONAL_BODY, emptyBodyIsEmptyObject } from '../../http/optional-body.ts';
import { EmptyBody, BODY_ERRORS, errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { JobParams } from '../recipes/schemas.ts';

export const registerRerunJobRoute: RegisterRoute = (app, { engine }) => {
  app.post(
    '/jobs/:id/rerun',
    {
      schema: {
        tags: ['jobs'],
        summary:
          'Queue a new job with the same trigger event, on the version the recipe runs now (or its current version when stopped). ' +
          'Answers 202 with the new job; follow it with GET /api/v1/jobs/{id}.',
        operationId: 'rerunJob',
        params: JobParams,
        body: EmptyBody,
        ...OPTIONAL_BODY,
        response: { 202: JobSummary, ...errorResponses(401, 404, 409, ...BODY_ERRORS) },
      },
      preValidation: emptyBodyIsEmptyObject,
    },
    async (request, reply) => reply.code(202).send(await engine.recipes.rerun(actorOf(request), request.params.id)),
  );
};
