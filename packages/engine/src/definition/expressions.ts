import type { Problem } from '@patchbay/core';
import { childPath, compileMapping } from '../mapping/evaluate.ts';
import { MappingError } from '../mapping/errors.ts';
import { isTemplated, parseTemplate } from '../mapping/template.ts';
import type { ScopeRead } from '../mapping/analyze.ts';
import type { StepMapping, StepVisit } from './walk.ts';

/** Where each step id is first declared. */
export type StepIndex = ReadonlyMap<string, { order: number; path: string }>;

const SCOPE_NAMES = 'trigger, steps.<id>.output, item, index or error';

/**
 * Checks every `{{ }}` of one step's mappings: it parses, and each name it reads exists at that
 * point of the recipe — an earlier step, `item`/`index` inside a foreach, `error` inside a catch.
 */
export function mappingProblems(mappings: readonly StepMapping[], visit: StepVisit, ownId: string, steps: StepIndex): Problem[] {
  const problems: Problem[] = [];
  for (const mapping of mappings) {
    if (mapping.kind === 'expression' && !isSingleExpression(mapping.value, mapping.path)) {
      problems.push({ path: mapping.path, message: 'must be one {{ expression }}, e.g. "{{ trigger.body.items }}"' });
      continue;
    }
    for (const text of templatedStrings(mapping.value, mapping.path)) {
      try {
        for (const expression of compileMapping(text.value, { path: text.path }).expressions) {
          for (const read of expression.reads) {
            const message = readProblem(read, visit, ownId, steps);
            if (message !== undefined) problems.push({ path: text.path, message });
          }
        }
      } catch (err) {
        if (!(err instanceof MappingError)) throw err;
        problems.push(err.problem);
      }
    }
  }
  return problems;
}

function isSingleExpression(value: unknown, path: string): boolean {
  try {
    return typeof value === 'string' && parseTemplate(value, path).kind === 'single';
  } catch {
    return false;
  }
}

function readProblem(read: ScopeRead, visit: StepVisit, ownId: string, steps: StepIndex): string | undefined {
  switch (read.name) {
    case 'trigger':
      return undefined;
    case 'item':
    case 'index':
      return visit.inForeach ? undefined : `uses "${read.name}", which exists only inside the steps of a foreach`;
    case 'error':
      return visit.inCatch ? undefined : 'uses "error", which exists only inside the catch steps of a try';
    case 'steps':
      return stepReadProblem(read, visit, ownId, steps);
    default:
      return `refers to "${read.name}", which is not in scope: start with ${SCOPE_NAMES}`;
  }
}

function stepReadProblem(read: ScopeRead, visit: StepVisit, ownId: string, steps: StepIndex): string | undefined {
  const id = read.step;
  if (id === undefined) return undefined; // selected dynamically: nothing to check before it runs
  const target = steps.get(id);
  if (!target) return `refers to step "${id}", which does not exist`;
  if (id === ownId) return `refers to step "${id}", which is this step itself: a step can only read the output of earlier steps`;
  if (visit.containers.includes(id)) return `refers to step "${id}", which contains this step: its output exists only once every step inside it has run`;
  if (target.order > visit.order) return `refers to step "${id}", which runs later (${target.path}): a step can only read the output of earlier steps`;
  if (read.field !== undefined && read.field !== 'output') return `reads steps.${id}.${read.field}, but a step offers only its output: use steps.${id}.output`;
  return undefined;
}

/** The strings of a mapping that hold `{{`, with their locations; iterative, as mappings can be deep. */
function templatedStrings(value: unknown, path: string): { path: string; value: string }[] {
  const found: { path: string; value: string }[] = [];
  const pending: { path: string; value: unknown }[] = [{ path, value }];
  while (pending.length > 0) {
    const next = pending.pop();
    if (!next) break;
    if (typeof next.value === 'string') {
      if (isTemplated(next.value)) found.push({ path: next.path, value: next.value });
    } else if (typeof next.value === 'object' && next.value !== null) {
      // Pushed last to first, so that they are found in document order.
      const children = Object.entries(next.value).reverse();
      const isList = Array.isArray(next.value);
      for (const [key, item] of children) pending.push({ path: childPath(next.path, isList ? Number(key) : key), value: item });
    }
  }
  return found;
}
