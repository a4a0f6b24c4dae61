import Type from 'typebox';
import { JOB_STATS_HOURS, JobStats } from '@patchbay/engine';
import { actorOf } from '../../auth/bearer-hook.ts';
import { errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

const JobStatsQuery = Type.Object(
  {
    recipe: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only the jobs of this recipe (rcp_…); 404 when it does not exist. Default: every recipe of the workspace.' })),
    hours: Type.Optional(
      Type.Integer({ minimum: JOB_STATS_HOURS.min, maximum: JOB_STATS_HOURS.max, default: JOB_STATS_HOURS.default, description: 'How many hours, the current one included.' }),
    ),
  },
  { additionalProperties: false },
);

export const registerJobStatsRoute: RegisterRoute = (app, { engine }) => {
  app.get(
    '/jobs/stats',
    {
      schema: {
        tags: ['jobs'],
        summary:
          'Jobs per hour by status, for a chart: one bucket per whole clock hour (UTC) over the last `hours` hours, oldest first, the current hour last; ' +
          'each job counted in the hour it was created in, by its status now.',
        operationId: 'jobStats',
        querystring: JobStatsQuery,
        response: { 200: JobStats, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const { recipe, hours = JOB_STATS_HOURS.default } = request.query;
      return engine.recipes.jobStats(actorOf(request), { recipe, hours });
    },
  );
};
