import type { Schemas } from '@patchbay/client';
import type { RecipeDefinition } from '../../api/recipes.ts';

/*
 * Pure edits of a recipe definition, as the editor makes them: every function returns a new
 * definition and leaves the one it was given unchanged (React state, and the draft's comparison
 * with the saved version, rely on that).
 */

export type Step = Schemas['Step'];
export type ActionStep = Extract<Step, { action: string }>;
export type StepType = NonNullable<Step['type']>;
/** A list of steps inside a step: `then`/`else` of an if, `steps` of a foreach or try, `catch` of a try. */
export type ChildList = 'steps' | 'then' | 'else' | 'catch';
/** Where a list of steps is: `[]` is the recipe's own steps; `[0, 'then']` the `then` of its first step. */
export type ListPath = readonly (number | ChildList)[];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Enough of a definition's shape for the editor to show it; the server checks everything else and
 * answers with each problem's path, which the editor shows at the field.
 */
export function looksLikeDefinition(value: unknown): value is RecipeDefinition {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    isRecord(value.connections) &&
    isRecord(value.trigger) &&
    typeof value.trigger.trigger === 'string' &&
    Array.isArray(value.steps)
  );
}

export const isActionStep = (step: Step): step is ActionStep => step.type === undefined || step.type === 'action';

/** The lists of steps a step holds, in the order they are shown. */
export function childListsOf(step: Step): ChildList[] {
  switch (step.type) {
    case 'if':
      return ['then', 'else'];
    case 'foreach':
      return ['steps'];
    case 'try':
      return ['steps', 'catch'];
    default:
      return [];
  }
}

function childList(step: Step, key: ChildList): Step[] {
  switch (step.type) {
    case 'if':
      return key === 'then' ? step.then : key === 'else' ? (step.else ?? []) : [];
    case 'foreach':
      return key === 'steps' ? step.steps : [];
    case 'try':
      return key === 'steps' ? step.steps : key === 'catch' ? step.catch : [];
    default:
      return [];
  }
}

function withChildList(step: Step, key: ChildList, list: Step[]): Step {
  switch (step.type) {
    case 'if':
      return key === 'then' ? { ...step, then: list } : key === 'else' ? { ...step, else: list } : step;
    case 'foreach':
      return key === 'steps' ? { ...step, steps: list } : step;
    case 'try':
      return key === 'steps' ? { ...step, steps: list } : key === 'catch' ? { ...step, catch: list } : step;
    default:
      return step;
  }
}

function updateList(steps: Step[], path: ListPath, change: (list: Step[]) => Step[]): Step[] {
  const [index, key, ...rest] = path;
  if (index === undefined) return change(steps);
  if (typeof index !== 'number' || key === undefined || typeof key === 'number') return steps;
  return steps.map((step, i) => (i === index ? withChildList(step, key, updateList(childList(step, key), rest, change)) : step));
}

/** Changes one list of steps of the definition. */
export function editList(definition: RecipeDefinition, path: ListPath, change: (list: Step[]) => Step[]): RecipeDefinition {
  return { ...definition, steps: updateList(definition.steps, path, change) };
}

export const replaceStep = (definition: RecipeDefinition, path: ListPath, index: number, step: Step) =>
  editList(definition, path, (list) => list.map((s, i) => (i === index ? step : s)));

export const removeStep = (definition: RecipeDefinition, path: ListPath, index: number) => editList(definition, path, (list) => list.filter((_, i) => i !== index));

/** Moves a step one place up (-1) or down (+1) within its list. */
export function moveStep(definition: RecipeDefinition, path: ListPath, index: number, by: -1 | 1): RecipeDefinition {
  return editList(definition, path, (list) => {
    const target = index + by;
    if (target < 0 || target >= list.length) return list;
    const copy = [...list];
    const [moved] = copy.splice(index, 1);
    if (moved) copy.splice(target, 0, moved);
    return copy;
  });
}

export const appendStep = (definition: RecipeDefinition, path: ListPath, step: Step) => editList(definition, path, (list) => [...list, step]);

/** The server's name for a step's place: `steps[0].then[1]`. */
export function stepPathText(path: ListPath, index: number): string {
  let text = 'steps';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : `.${part}`;
  return `${text}[${index}]`;
}

export interface StepVisit {
  step: Step;
  /** `steps[0].then[1]` */
  path: string;
  /** 0-based, in document order (nested steps right after their parent, as the engine numbers them). */
  order: number;
}

/** Every step, nested ones included, in document order. */
export function allSteps(steps: readonly Step[], path = 'steps', visits: StepVisit[] = []): StepVisit[] {
  steps.forEach((step, index) => {
    const here = `${path}[${index}]`;
    visits.push({ step, path: here, order: visits.length });
    for (const key of childListsOf(step)) allSteps(childList(step, key), `${here}.${key}`, visits);
  });
  return visits;
}

/** A step id not used yet: `create_1`, `create_2`… */
export function freshStepId(definition: RecipeDefinition, base: string): string {
  const used = new Set(allSteps(definition.steps).map((v) => v.step.id));
  for (let n = 1; ; n++) if (!used.has(`${base}_${n}`)) return `${base}_${n}`;
}

export const STEP_TYPE_LABELS: Record<StepType, string> = {
  action: 'Action in an app',
  if: 'If (condition)',
  foreach: 'For each item',
  try: 'Try / catch',
  set: 'Set values',
  stop: 'Stop',
};

/** A new step of a type, with what the server requires filled with placeholders a person replaces. */
export function newStep(type: StepType, id: string, slot: { name: string; action: string } | null): Step {
  switch (type) {
    case 'action':
      return { id, slot: slot?.name ?? '', action: slot?.action ?? '', input: {} };
    case 'if':
      return { id, type, condition: '{{ true }}', then: [], else: [] };
    case 'foreach':
      return { id, type, items: '{{ trigger.body.items }}', steps: [] };
    case 'try':
      return { id, type, steps: [], catch: [] };
    case 'set':
      return { id, type, values: {} };
    case 'stop':
      return { id, type, reason: 'Stopped' };
  }
}

/** A new recipe: a webhook trigger and nothing else, to be built in the editor. */
export function minimalDefinition(name: string): RecipeDefinition {
  return { name, connections: {}, trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'accepted' } }, steps: [] };
}
