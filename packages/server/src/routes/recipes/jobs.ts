import Type from 'typebox';
import { JobSummary } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { limitOf } from '../../http/query.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { JobsQuery, RecipeParams } from './schemas.ts';

export const registerListRecipeJobsRoute: RegisterRoute = (app, { engine }) => {
  app.get(
    '/recipes/:id/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: "The recipe's jobs, newest first: ?status= one of queued, running, succeeded, failed, cancelled; ?limit= 1 to 500 (default 50).",
        operationId: 'listRecipeJobs',
        params: RecipeParams,
        querystring: JobsQuery,
        response: { 200: Type.Object({ jobs: Type.Array(JobSummary) }), ...errorResponses },
      },
    },
    async (request) => {
      const { status, limit } = request.query;
      const options = { limit: limitOf(limit), ...(status === undefined ? {} : { status }) };
      return { jobs: await engine.recipes.jobs(actorOf(request), request.params.id, options) };
    },
  );
};
