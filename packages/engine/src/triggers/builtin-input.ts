import { InvalidInputError, type Problem } from '@patchbay/core';
import { Cron } from 'croner';
import type { RecipeDefinition } from '../definition/schema.ts';

/** Checks the input of the built-in triggers (webhook, schedule), which no connector declares. */
export function builtinTriggerProblems(definition: RecipeDefinition): Problem[] {
  const { connector, input = {} } = definition.trigger;
  const problems: Problem[] = [];
  if (connector === 'webhook') {
    if (input.response !== undefined && input.response !== 'accepted' && input.response !== 'last_step') {
      problems.push({ path: 'trigger.input.response', message: 'must be "accepted" (answer 202 at once) or "last_step" (answer with the last step\'s output)' });
    }
    if (input.timeoutMs !== undefined && (typeof input.timeoutMs !== 'number' || input.timeoutMs < 1 || input.timeoutMs > 30_000)) {
      problems.push({ path: 'trigger.input.timeoutMs', message: 'must be a number of milliseconds from 1 to 30000' });
    }
  }
  if (connector === 'schedule') {
    if (typeof input.cron !== 'string') problems.push({ path: 'trigger.input.cron', message: 'is required: a cron expression such as "0 9 * * 1-5"' });
    else {
      try {
        // croner checks the time zone only when it computes a run, so compute one.
        new Cron(input.cron, { paused: true, ...(typeof input.timezone === 'string' ? { timezone: input.timezone } : {}) }).nextRun();
      } catch (err) {
        problems.push({ path: 'trigger.input.cron', message: `is not a valid cron expression or time zone: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
  }
  return problems;
}

export function assertBuiltinTriggerInput(definition: RecipeDefinition): RecipeDefinition {
  const problems = builtinTriggerProblems(definition);
  if (problems.length > 0) throw new InvalidInputError(`The recipe's trigger is not valid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}.`, problems);
  return definition;
}
