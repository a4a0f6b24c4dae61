import { JobSummary } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { OPTIONAL_BODY, emptyBodyIsEmptyObject } from '../../http/optional-body.ts';
import { EmptyBody, BODY_ERRORS, errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { JobParams } from '../recipes/schemas.ts';

export const registerCancelJobRoute: RegisterRoute = (app, { engine }) => {
  app.post(
    '/jobs/:id/cancel',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Cancel a queued job: it will never run. 409 job_not_queued when it is running or finished.',
        operationId: 'cancelJob',
        params: JobParams,
        body: EmptyBody,
        ...OPTIONAL_BODY,
        response: { 200: JobSummary, ...errorResponses(401, 404, 409, ...BODY_ERRORS) },
      },
      preValidation: emptyBodyIsEmptyObject,
    },
    async (request) => engine.recipes.cancel(actorOf(request), request.params.id),
  );
};
