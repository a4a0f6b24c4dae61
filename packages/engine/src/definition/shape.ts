import { problemsFrom, type Problem, type SchemaError } from '@patchbay/core';
import type { Static, TSchema } from 'typebox';
import { validatorOf } from '@patchbay/sdk';
import { RecipeShape, SLOT_NAME_PATTERN, STEP_ID_PATTERN, STEP_TYPES, StepShape, StepShapes, VALUE_NAME_PATTERN, isStepType } from './schema.ts';

/** "must match pattern "^[A-Za-z_]…"" tells nobody what to type. */
const PATTERN_MESSAGES: Record<string, string> = {
  [STEP_ID_PATTERN]: 'must start with a letter or "_" and hold only letters, digits and "_" (at most 64 characters)',
  [SLOT_NAME_PATTERN]: 'must start with a letter or "_" and hold only letters, digits, "_" and "-" (at most 64 characters)',
  [VALUE_NAME_PATTERN]: 'must start with a letter or "_" and hold only letters, digits and "_"',
};

/** Whether `value` matches `schema`, as a type guard. */
export function matches<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return validatorOf(schema).Check(value);
}

/** Problems of `value` against `schema`, located under `prefix`. */
export function shapeProblems(schema: TSchema, value: unknown, prefix: string): Problem[] {
  const validator = validatorOf(schema);
  if (validator.Check(value)) return [];
  const errors: SchemaError[] = validator
    .Errors(value)
    // The per-key `pattern` errors already name each bad key; this one only repeats them.
    .filter((e) => e.keyword !== 'propertyNames')
    .map((e) => {
      const pattern = e.keyword === 'pattern' ? PATTERN_MESSAGES[String(e.params.pattern)] : undefined;
      return pattern ? { ...e, message: pattern } : e;
    });
  return problemsFrom(errors, prefix);
}

/** The recipe's own fields; its steps are checked one by one by `stepShapeProblems`. */
export function recipeShapeProblems(definition: unknown): Problem[] {
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    return [{ path: '(recipe)', message: 'must be a JSON object with name, connections, trigger and steps' }];
  }
  return shapeProblems(RecipeShape, definition, '');
}

/**
 * Checks one step's own fields against the schema of its type (default `action`), so a mistake reads
 * "steps[2].condition is required" rather than the failure of every kind of step at once.
 */
export function checkStepShape(step: unknown, path: string): { problems: Problem[]; step?: StepShape } {
  if (typeof step !== 'object' || step === null || Array.isArray(step)) {
    return { problems: [{ path, message: 'must be an object: a step with an id, e.g. { "id": "lookup", "slot": "source", "action": "request" }' }] };
  }
  const type = 'type' in step ? step.type : undefined;
  if (type !== undefined && !isStepType(type)) {
    return { problems: [{ path: `${path}.type`, message: `must be one of ${STEP_TYPES.map((t) => JSON.stringify(t)).join(', ')}` }] };
  }
  const problems = shapeProblems(StepShapes[type ?? 'action'], step, path);
  return problems.length === 0 && matches(StepShape, step) ? { problems, step } : { problems };
}
