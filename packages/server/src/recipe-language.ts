// TEMPORARY (server-side stand-in until @patchbay/engine exports its definition validator and
// mapping evaluator): replaced by those in runtime.ts.
import { InvalidInputError, problemsFrom, summarizeProblems } from '@patchbay/core';
import { RecipeDefinition } from '@patchbay/engine';
import Value from 'typebox/value';

export function validate(definition: unknown): RecipeDefinition {
  if (Value.Check(RecipeDefinition, definition)) return definition;
  const problems = problemsFrom([...Value.Errors(RecipeDefinition, definition)]);
  throw new InvalidInputError(summarizeProblems(problems), problems);
}

export async function evaluate(mapping: unknown): Promise<unknown> {
  return mapping;
}
