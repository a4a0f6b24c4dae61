import Type from 'typebox';
import { JobStatus, JobSummary } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { NextCursor, PageQuery, pageRequestOf } from '../../http/query.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

/** Filters of every job list (also `GET /recipes/{id}/jobs`), with the page. */
export const JobFilterQuery = {
  status: Type.Optional(JobStatus),
  since: Type.Optional(Type.String({ format: 'date-time', maxLength: 64, description: 'Only jobs created at or after this time, e.g. 2025-01-31T09:00:00Z.' })),
  ...PageQuery,
};

export const JobsPage = Type.Object({ jobs: Type.Array(JobSummary), next: NextCursor });

const JobsQuery = Type.Object(
  {
    recipe: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only the jobs of this recipe (rcp_…); a deleted recipe\'s jobs too.' })),
    ...JobFilterQuery,
  },
  { additionalProperties: false },
);

export const registerListJobsRoute: RegisterRoute = (app, { engine }) => {
  app.get(
    '/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: "The workspace's jobs across recipes, newest first, a page at a time; filtered by recipe, status and creation time.",
        operationId: 'listJobs',
        querystring: JobsQuery,
        response: { 200: JobsPage, ...errorResponses(401) },
      },
    },
    async (request) => {
      const { recipe, status, since } = request.query;
      const page = await engine.recipes.listJobs(actorOf(request), { ...pageRequestOf(request.query), recipe, status, since });
      return { jobs: page.items, next: page.next };
    },
  );
};
