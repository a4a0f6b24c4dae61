import Type from 'typebox';
import { OPTIONAL_BODY } from '../../http/optional-body.ts';
import { BODY_ERRORS, errorResponses } from '../../schemas.ts';
import type { RegisterRoute } from '../../types.ts';

/** The path as request logs show it: the token is a credential and is never logged (http/request-log.ts). */
export const WEBHOOK_ROUTE = '/webhooks/:token';

const WebhookParams = Type.Object({
  token: Type.String({ minLength: 1, description: "The unguessable token of the recipe's webhook URL (webhookUrl in the recipe)." }),
});
// Query parameters are part of the trigger event (`trigger.query`), whatever their names.
const WebhookQuery = Type.Object({}, { additionalProperties: Type.Union([Type.String(), Type.Array(Type.String())]) });

const METHODS = [
  ['POST', 'triggerWebhook'],
  ['PUT', 'triggerWebhookPut'],
  ['PATCH', 'triggerWebhookPatch'],
] as const;

/**
 * Where apps send events to a running recipe. No API token: the unguessable token in the path is
 * the credential, so an unknown token and a stopped recipe answer the same 404. The answer is the
 * engine's: 202 { jobId } for `response: "accepted"`, or the last step's output for `"last_step"`.
 */
export const registerWebhookRoute: RegisterRoute = (app, { engine }) => {
  for (const [method, operationId] of METHODS) {
    app.route({
      method,
      url: WEBHOOK_ROUTE,
      schema: {
        tags: ['webhooks'],
        summary:
          `${method}: deliver an event to the recipe listening at this URL; the event is stored before the answer. ` +
          'The body is any JSON up to 1 MiB, or none. 404 when no running recipe listens here.',
        operationId,
        security: [],
        params: WebhookParams,
        querystring: WebhookQuery,
        body: Type.Unknown({ description: 'Any JSON: the trigger event\'s body (trigger.body). Optional.' }),
        ...OPTIONAL_BODY,
        response: {
          200: Type.Unknown({ description: 'Synchronous recipes (response: "last_step"): the output of the last step.' }),
          202: Type.Object(
            // A string enum, not a union: the answer's serializer then writes it as a plain string.
            { jobId: Type.String(), status: Type.Unsafe<'queued' | 'running'>({ type: 'string', enum: ['queued', 'running'] }) },
            {
              description:
                'Accepted: `running` when the job runs in the process that accepted it (embedded store) or still runs after the synchronous timeout, else `queued`.',
            },
          ),
          ...errorResponses(404, 502, ...BODY_ERRORS),
        },
      },
      handler: async (request, reply) => {
        const answer = await engine.webhook(request.params.token, {
          method: request.method,
          headers: request.headers,
          query: { ...request.query },
          body: request.body,
        });
        // Serialised here: the last step's output may be any JSON value, a bare string included,
        // which Fastify would otherwise send as text.
        return reply
          .code(answer.status)
          .type('application/json; charset=utf-8')
          .send(JSON.stringify(answer.body ?? null));
      },
    });
  }
};
