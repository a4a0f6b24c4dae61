import { type StepShape, type StepType, isStepType, unhandledStepKind } from './schema.ts';

/** One step of a recipe, wherever it is nested. */
export interface StepVisit {
  /** The step as written; its shape is checked separately. */
  value: unknown;
  /** Where it is, e.g. `steps[1].then[0]`. */
  path: string;
  /** Its position in document order (a block comes before the steps inside it). */
  order: number;
  /** Ids of the blocks that contain it, outermost first. */
  containers: string[];
  /** Whether `item` and `index` are in scope (inside a foreach's steps). */
  inForeach: boolean;
  /** Whether `error` is in scope (inside a try's catch steps). */
  inCatch: boolean;
}

/** The nested step lists of each step kind, and the scope names each adds: a new kind must say. */
const BRANCHES: Record<StepType, readonly { key: string; adds?: 'foreach' | 'catch' }[]> = {
  action: [],
  if: [{ key: 'then' }, { key: 'else' }],
  foreach: [{ key: 'steps', adds: 'foreach' }],
  stop: [],
  try: [{ key: 'steps' }, { key: 'catch', adds: 'catch' }],
  set: [],
};

/**
 * Every step of the recipe in document order. Works on unchecked input (a malformed step still has
 * a place, so its id can be referred to) and without recursion, so a hostile document nested
 * thousands of levels deep cannot exhaust the call stack; `maxSteps` bounds the work.
 */
export function listSteps(steps: unknown, maxSteps: number): { visits: StepVisit[]; truncated: boolean } {
  const visits: StepVisit[] = [];
  const pending: Omit<StepVisit, 'order'>[] = [];
  const pushList = (list: unknown, base: string, parent: Omit<StepVisit, 'order' | 'value' | 'path'>) => {
    if (!Array.isArray(list)) return;
    for (let i = list.length - 1; i >= 0; i--) pending.push({ ...parent, value: list[i], path: `${base}[${i}]` });
  };
  pushList(steps, 'steps', { containers: [], inForeach: false, inCatch: false });
  while (pending.length > 0) {
    const next = pending.pop();
    if (!next) break;
    if (visits.length === maxSteps) return { visits, truncated: true };
    visits.push({ ...next, order: visits.length });
    const block = blockOf(next.value);
    if (!block) continue;
    // Pushed in reverse so that the first branch is visited first.
    for (const branch of [...BRANCHES[block.type]].reverse()) {
      pushList(block.fields[branch.key], `${next.path}.${branch.key}`, {
        containers: [...next.containers, block.id],
        inForeach: next.inForeach || branch.adds === 'foreach',
        inCatch: next.inCatch || branch.adds === 'catch',
      });
    }
  }
  return { visits, truncated: false };
}

function blockOf(value: unknown): { type: StepType; id: string; fields: Record<string, unknown> } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const fields: Record<string, unknown> = { ...value };
  const { type, id } = fields;
  // A kind by name only: `in` would also find Object.prototype's keys (`"type": "toString"`).
  return isStepType(type) ? { type, id: typeof id === 'string' ? id : '', fields } : undefined;
}

/** A part of a step that holds `{{ }}`: `mapping` is any JSON; `expression` must be one `{{ }}`. */
export interface StepMapping {
  path: string;
  value: unknown;
  kind: 'mapping' | 'expression';
}

/**
 * The parts of a step that the engine evaluates, one list for the validator and the step runner
 * alike, so that what is checked at save time is exactly what runs.
 */
export function mappingsOf(step: StepShape, path: string): StepMapping[] {
  const found: StepMapping[] = [];
  const add = (key: string, value: unknown, kind: StepMapping['kind'] = 'mapping') => {
    if (value !== undefined) found.push({ path: `${path}.${key}`, value, kind });
  };
  switch (step.type) {
    case undefined:
    case 'action':
      add('input', step.input);
      break;
    case 'if':
      add('condition', step.condition, 'expression');
      break;
    case 'foreach':
      add('items', step.items, 'expression');
      break;
    case 'stop':
      add('result', step.result); // `reason` is plain text: the runner records it as written
      break;
    case 'set':
      add('values', step.values);
      break;
    case 'try':
      break;
    default:
      unhandledStepKind(step);
  }
  return found;
}
