import { type Problem, problemsFrom } from '@patchbay/core';
import type { TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';

// Validators are compiled once per schema object: action inputs are checked on every job step.
const validators = new WeakMap<TSchema, Validator>();

/** The compiled validator of a schema (compiled on first use). */
export function validatorOf(schema: TSchema): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  return validator;
}

/** Schema problems, one per field, with dotted paths under `prefix`, e.g. `fields.username`. */
export function schemaProblems(schema: TSchema, value: unknown, prefix = ''): Problem[] {
  const validator = validatorOf(schema);
  return validator.Check(value) ? [] : problemsFrom(validator.Errors(value), prefix);
}
