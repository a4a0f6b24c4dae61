import Type, { type Static, type TSchema } from 'typebox';

/**
 * A recipe is data: this schema is the whole of it. It exports to JSON and imports back unchanged,
 * and never holds credentials — only slot names, bound to connections outside the definition.
 *
 * Glossary
 * - slot: a recipe's need for one connection of one connector (`"source": { "connector": "http" }`).
 * - mapping: any JSON value in which strings may hold `{{ JSONata }}` over `trigger`, `steps.<id>.output`
 *   (and `item`/`index` inside a foreach, `error` inside a catch). A string that is exactly one
 *   `{{ }}` keeps the expression's type; otherwise the results are interpolated as text.
 */

export const STEP_ID_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';
export const SLOT_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_-]{0,63}$';
export const VALUE_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

const StepId = Type.String({ pattern: STEP_ID_PATTERN, description: 'Unique within the recipe; used as steps.<id> in mappings.' });
const SlotName = Type.String({ pattern: SLOT_NAME_PATTERN });
const ConnectorKey = Type.String({ minLength: 1, maxLength: 100 });
/** A mapping: any JSON; strings may hold `{{ expression }}`. */
const Mapping = Type.Unknown({ description: 'JSON in which strings may hold {{ JSONata }} expressions.' });
const Expression = Type.String({ minLength: 1, maxLength: 10_000, description: 'One {{ JSONata }} expression, e.g. "{{ trigger.body.amount > 100 }}".' });

const Retry = Type.Object(
  {
    maxAttempts: Type.Integer({ minimum: 1, maximum: 10, default: 3 }),
    /** First back-off; doubles per attempt. */
    delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000, default: 1000 })),
  },
  { additionalProperties: false },
);

/**
 * The step kinds, one object schema each, with `nested` as the schema of the steps they contain.
 * Built twice: with a reference to `Step` (the full recursive schema) and with `Unknown` (a shape
 * that checks one step at a time, so the validator can dispatch on `type` and report
 * "steps[2].condition is required" instead of the failures of every union branch).
 */
function stepKinds<N extends TSchema>(nested: N) {
  const Steps = Type.Array(nested, { maxItems: 200 });
  return {
    action: Type.Object(
      {
        id: StepId,
        type: Type.Optional(Type.Literal('action')),
        /** The connection slot the action runs through; or `connector` for one that needs no connection. */
        slot: Type.Optional(SlotName),
        connector: Type.Optional(ConnectorKey),
        action: Type.String({ minLength: 1, maxLength: 100 }),
        input: Type.Optional(Mapping),
        /** Retries for retryable errors (network, 429, 5xx). Default: 3 attempts, 1 s back-off. */
        retry: Type.Optional(Retry),
      },
      { additionalProperties: false },
    ),
    if: Type.Object(
      {
        id: StepId,
        type: Type.Literal('if'),
        condition: Expression,
        then: Steps,
        else: Type.Optional(Steps),
      },
      { additionalProperties: false },
    ),
    foreach: Type.Object(
      {
        id: StepId,
        type: Type.Literal('foreach'),
        /** An expression giving a list; each item runs `steps` with `item` and `index` in scope. */
        items: Expression,
        /** Items processed at once. Default 1. */
        concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
        steps: Steps,
      },
      { additionalProperties: false },
    ),
    stop: Type.Object(
      {
        id: StepId,
        type: Type.Literal('stop'),
        /** The job's result (and, for synchronous webhooks, the answer). */
        result: Type.Optional(Mapping),
        /** `failed: true` ends the job as failed with `reason`. Default false. */
        failed: Type.Optional(Type.Boolean()),
        reason: Type.Optional(Type.String({ maxLength: 1000 })),
      },
      { additionalProperties: false },
    ),
    try: Type.Object(
      {
        id: StepId,
        type: Type.Literal('try'),
        steps: Steps,
        /** Runs when `steps` failed after its retries, with `error` in scope. */
        catch: Steps,
        /** Times the whole block is tried again before `catch`. Default 0. */
        retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
      },
      { additionalProperties: false },
    ),
    set: Type.Object(
      {
        id: StepId,
        type: Type.Literal('set'),
        /** Named values computed from mappings; the step's output is the object of them. */
        values: Type.Record(Type.String({ pattern: VALUE_NAME_PATTERN }), Mapping, { propertyNames: { pattern: VALUE_NAME_PATTERN } }),
      },
      { additionalProperties: false },
    ),
  };
}

const kinds = stepKinds(Type.Ref('Step'));
export const Step = Type.Cyclic(
  { Step: Type.Union([kinds.action, kinds.if, kinds.foreach, kinds.stop, kinds.try, kinds.set]) },
  'Step',
);
export type Step = Static<typeof Step>;
export type StepType = keyof typeof kinds;
export const STEP_TYPES = ['action', 'if', 'foreach', 'stop', 'try', 'set'] as const satisfies readonly StepType[];
/** Compiles only while STEP_TYPES names every kind `stepKinds` declares (the validator reads the list). */
const everyKindListed: [Exclude<StepType, (typeof STEP_TYPES)[number]>] extends [never] ? true : false = true;
void everyKindListed;

export function isStepType(value: unknown): value is StepType {
  return STEP_TYPES.some((t) => t === value);
}

/** The end of an exhaustive switch over step kinds: a kind without its case does not compile. */
export function unhandledStepKind(step: never): never {
  throw new Error(`No case for the step kind of ${JSON.stringify(step)}`);
}

/** One schema per step kind, checking a single step (its nested steps are checked one by one). */
export const StepShapes = stepKinds(Type.Unknown());
/** A step whose own fields are checked, its nested steps not yet; every `Step` is one. */
export const StepShape = Type.Union([StepShapes.action, StepShapes.if, StepShapes.foreach, StepShapes.stop, StepShapes.try, StepShapes.set]);
export type StepShape = Static<typeof StepShape>;

export const Trigger = Type.Object(
  {
    /** A slot for triggers of a connector (polling), or `connector` for built-ins: `webhook`, `schedule`. */
    slot: Type.Optional(SlotName),
    connector: Type.Optional(ConnectorKey),
    trigger: Type.String({ minLength: 1, maxLength: 100 }),
    /** The trigger's settings: plain data, not a mapping (no step has run when it fires). */
    input: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type Trigger = Static<typeof Trigger>;

/** One connection slot of a recipe: `"source": { "connector": "http" }`. */
export const SlotDeclaration = Type.Object({ connector: ConnectorKey }, { additionalProperties: false });

function recipe<S extends TSchema>(step: S) {
  return Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 200 }),
      description: Type.Optional(Type.String({ maxLength: 2000 })),
      // `propertyNames`, because a record's key pattern alone lets other keys through unchecked.
      connections: Type.Record(SlotName, SlotDeclaration, {
        propertyNames: { pattern: SLOT_NAME_PATTERN },
      }),
      trigger: Trigger,
      steps: Type.Array(step, { maxItems: 500 }),
      /** Jobs of this recipe running at once. Default 1 for polling triggers, 10 otherwise. */
      concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    },
    { additionalProperties: false },
  );
}

export const RecipeDefinition = recipe(Step);
export type RecipeDefinition = Static<typeof RecipeDefinition>;

/** The recipe without its steps' contents: the validator checks steps one at a time. */
export const RecipeShape = recipe(Type.Unknown());
