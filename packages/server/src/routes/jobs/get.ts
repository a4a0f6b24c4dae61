import { JobView } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { JobParams } from '../recipes/schemas.ts';

export const registerGetJobRoute: RegisterRoute = (app, { engine }) => {
  app.get(
    '/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: "One job: its trigger event, each step's input, output, error and duration (secrets redacted, large values truncated), and its result.",
        operationId: 'getJob',
        params: JobParams,
        response: { 200: JobView, ...errorResponses(401, 404) },
      },
    },
    async (request) => engine.recipes.job(actorOf(request), request.params.id),
  );
};
