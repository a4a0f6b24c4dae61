import Type from 'typebox';
import { sql } from 'kysely';
import { errorResponses } from '../schemas.ts';
import type { RegisterRoute } from '../types.ts';

const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  database: Type.Union([Type.Literal('ok'), Type.Literal('unreachable')]),
});

/** For load balancers and `npm start` checks: no token needed, answers 503 when the store is down. */
export const registerHealthRoute: RegisterRoute = (app, { store }) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Is the server up and its database reachable?',
        operationId: 'health',
        security: [],
        response: { 200: HealthSchema, 503: HealthSchema, ...errorResponses() },
      },
    },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(store.db);
        return reply.code(200).send({ status: 'ok', database: 'ok' });
      } catch (err) {
        request.log.error({ err }, 'health check: database unreachable');
        return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
      }
    },
  );
};
