import Type from 'typebox';
import { actorOf } from '../../auth/bearer-hook.ts';
import { pageRequestOf } from '../../http/query.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';
import { JobFilterQuery, JobsPage } from '../jobs/list.ts';
import { RecipeParams } from './schemas.ts';

const RecipeJobsQuery = Type.Object(JobFilterQuery, { additionalProperties: false });

export const registerListRecipeJobsRoute: RegisterRoute = (app, { engine }) => {
  app.get(
    '/recipes/:id/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: "The recipe's jobs, newest first, a page at a time; filtered by status and creation time. 404 when the recipe does not exist.",
        operationId: 'listRecipeJobs',
        params: RecipeParams,
        querystring: RecipeJobsQuery,
        response: { 200: JobsPage, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const { status, since } = request.query;
      const page = await engine.recipes.jobs(actorOf(request), request.params.id, { ...pageRequestOf(request.query), status, since });
      return { jobs: page.items, next: page.next };
    },
  );
};
