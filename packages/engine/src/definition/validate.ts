import { InvalidInputError, summarizeProblems, type Problem } from '@patchbay/core';
import { mappingProblems, type StepIndex } from './expressions.ts';
import { RecipeDefinition, SlotDeclaration, Trigger } from './schema.ts';
import { checkStepShape, matches, recipeShapeProblems, shapeProblems } from './shape.ts';
import { connectionProblems, stepEndpointProblems, triggerProblems, type Builtins, type ConnectorLookup } from './slots.ts';
import { listSteps, mappingsOf, type StepVisit } from './walk.ts';

/** Steps in one recipe, nested ones included: beyond this a recipe should be split. */
export const MAX_STEPS = 1000;
/** Problems listed at most; a recipe with more has a bigger problem than any one of them. */
const MAX_PROBLEMS = 100;

type Connections = RecipeDefinition['connections'];

/**
 * Checks a recipe definition as it is saved or imported and returns it typed, unchanged.
 * Throws InvalidInputError whose `details` list every problem with its location
 * (`steps[1].input.path refers to step "nope", which does not exist`).
 * @example validateRecipe(JSON.parse(body), (key) => registry.get(key), { triggers: { webhook: { connector: 'webhook', trigger: 'webhook' } }, connectionless: ['webhook'] })
 */
export function validateRecipe(definition: unknown, connectors: ConnectorLookup, builtins: Builtins): RecipeDefinition {
  const problems = recipeProblems(definition, connectors, builtins);
  // The checks above are made piece by piece; this one proves the whole matches the schema, and
  // types the result, in case a piece was missed.
  if (problems.length === 0 && matches(RecipeDefinition, definition)) return definition;
  const all = problems.length > 0 ? problems : shapeProblems(RecipeDefinition, definition, '');
  throw new InvalidInputError(`The recipe is not valid: ${summarizeProblems(all)}`, all);
}

/** Every problem of a recipe, in document order; empty when it is valid. */
export function recipeProblems(definition: unknown, connectors: ConnectorLookup, builtins: Builtins): Problem[] {
  const problems = recipeShapeProblems(definition);
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) return problems;
  const fields: Record<string, unknown> = { ...definition };

  const connections = usableSlots(fields.connections);
  problems.push(...connectionProblems(connections, connectors, builtins));
  if (matches(Trigger, fields.trigger)) problems.push(...triggerProblems(fields.trigger, connections, connectors, builtins));

  const { visits, truncated } = listSteps(fields.steps, MAX_STEPS);
  if (truncated) problems.push({ path: 'steps', message: `hold more than ${MAX_STEPS} steps, nested ones included: split the recipe into smaller ones` });
  const { index, duplicates } = indexSteps(visits);
  for (const visit of visits) {
    const duplicate = duplicates.get(visit.order);
    if (duplicate) problems.push(duplicate);
    const { problems: shape, step } = checkStepShape(visit.value, visit.path);
    problems.push(...shape);
    if (!step) continue;
    problems.push(...stepEndpointProblems(step, visit.path, connections, connectors, builtins));
    problems.push(...mappingProblems(mappingsOf(step, visit.path), visit, step.id, index));
    if (problems.length >= MAX_PROBLEMS) break;
  }
  return dedupe(problems).slice(0, MAX_PROBLEMS);
}

/**
 * The slot declarations that are well formed. A malformed one is already a problem; checking the
 * rest anyway lists every other problem in the same answer instead of one round at a time.
 */
function usableSlots(connections: unknown): Connections {
  if (typeof connections !== 'object' || connections === null) return {};
  return Object.fromEntries(Object.entries(connections).filter(([, slot]) => matches(SlotDeclaration, slot)));
}

/** Where each id is declared; a second step with the same id is a problem (ids are global, not per block). */
function indexSteps(visits: readonly StepVisit[]): { index: StepIndex; duplicates: Map<number, Problem> } {
  const index = new Map<string, { order: number; path: string }>();
  const duplicates = new Map<number, Problem>();
  for (const visit of visits) {
    const id = typeof visit.value === 'object' && visit.value !== null && 'id' in visit.value ? visit.value.id : undefined;
    if (typeof id !== 'string') continue;
    const first = index.get(id);
    if (first) duplicates.set(visit.order, { path: `${visit.path}.id`, message: `is "${id}", which ${first.path} already uses: give each step its own id` });
    else index.set(id, { order: visit.order, path: visit.path });
  }
  return { index, duplicates };
}

function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
