import { InvalidInputError, type Problem } from '@patchbay/core';
import { schemaProblems } from '@patchbay/sdk';
import { Cron } from 'croner';
import Type from 'typebox';
import type { RecipeDefinition } from '../definition/schema.ts';

/** The webhook trigger's settings: one schema, for validation and for `GET /api/v1/connectors/webhook`. */
export const WebhookTriggerInput = Type.Object(
  {
    response: Type.Optional(
      Type.Union([Type.Literal('accepted', { title: 'Accepted: answer 202 at once' }), Type.Literal('last_step', { title: "Last step: answer with the last step's output" })], {
        default: 'accepted',
        title: 'Response',
        description: '"accepted": answer 202 with the job id at once and run the job right after. "last_step": run the job now and answer with its last step\'s output (202 if it outlasts timeoutMs).',
      }),
    ),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 30_000, default: 10_000, title: 'Timeout (ms)', description: 'With "last_step": how long the sender waits for the answer.' })),
  },
  { additionalProperties: false },
);

/** The schedule trigger's settings. */
export const ScheduleTriggerInput = Type.Object(
  {
    cron: Type.String({ minLength: 1, maxLength: 200, title: 'Schedule (cron)', description: 'A cron expression (5 or 6 fields), e.g. "0 9 * * 1-5" for 09:00 on weekdays.', examples: ['0 9 * * 1-5'] }),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 100, title: 'Time zone', description: 'An IANA time zone, e.g. "Europe/Paris". Default UTC.' })),
  },
  { additionalProperties: false },
);

/** Checks the input of the built-in triggers (webhook, schedule), which no connector declares. */
export function builtinTriggerProblems(definition: RecipeDefinition): Problem[] {
  const { connector, input = {} } = definition.trigger;
  if (connector === 'webhook') return schemaProblems(WebhookTriggerInput, input, 'trigger.input');
  if (connector !== 'schedule') return [];
  const problems = schemaProblems(ScheduleTriggerInput, input, 'trigger.input');
  if (problems.length > 0 || typeof input.cron !== 'string') return problems;
  try {
    // croner checks the time zone only when it computes a run, so compute one.
    new Cron(input.cron, { paused: true, ...(typeof input.timezone === 'string' ? { timezone: input.timezone } : {}) }).nextRun();
  } catch (err) {
    return [{ path: 'trigger.input.cron', message: `is not a valid cron expression or time zone: ${err instanceof Error ? err.message : String(err)}` }];
  }
  return [];
}

export function assertBuiltinTriggerInput(definition: RecipeDefinition): RecipeDefinition {
  const problems = builtinTriggerProblems(definition);
  if (problems.length > 0) throw new InvalidInputError(`The recipe's trigger is not valid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}.`, problems);
  return definition;
}
