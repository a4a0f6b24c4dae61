import Type, { type Static } from 'typebox';

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

const StepId = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$', description: 'Unique within the recipe; used as steps.<id> in mappings.' });
const SlotName = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_-]{0,63}$' });
const ConnectorKey = Type.String({ minLength: 1, maxLength: 100 });
/** A mapping: any JSON; strings may hold `{{ expression }}`. */
const Mapping = Type.Unknown({ description: 'JSON in which strings may hold {{ JSONata }} expressions.' });
const Expression = Type.String({ minLength: 1, maxLength: 10_000, description: 'A {{ JSONata }} template, e.g. "{{ trigger.body.amount > 100 }}".' });

const Retry = Type.Object(
  {
    maxAttempts: Type.Integer({ minimum: 1, maximum: 10, default: 3 }),
    /** First back-off; doubles per attempt. */
    delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000, default: 1000 })),
  },
  { additionalProperties: false },
);

export const Step = Type.Cyclic(
  {
    Step: Type.Union([
      Type.Object(
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
      Type.Object(
        {
          id: StepId,
          type: Type.Literal('if'),
          condition: Expression,
          then: Type.Array(Type.Ref('Step'), { maxItems: 200 }),
          else: Type.Optional(Type.Array(Type.Ref('Step'), { maxItems: 200 })),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          id: StepId,
          type: Type.Literal('foreach'),
          /** An expression giving a list; each item runs `steps` with `item` and `index` in scope. */
          items: Expression,
          /** Items processed at once. Default 1. */
          concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
          steps: Type.Array(Type.Ref('Step'), { maxItems: 200 }),
        },
        { additionalProperties: false },
      ),
      Type.Object(
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
      Type.Object(
        {
          id: StepId,
          type: Type.Literal('try'),
          steps: Type.Array(Type.Ref('Step'), { maxItems: 200 }),
          /** Runs when `steps` failed after its retries, with `error` in scope. */
          catch: Type.Array(Type.Ref('Step'), { maxItems: 200 }),
          /** Times the whole block is tried again before `catch`. Default 0. */
          retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          id: StepId,
          type: Type.Literal('set'),
          /** Named values computed from mappings; the step's output is the object of them. */
          values: Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Mapping),
        },
        { additionalProperties: false },
      ),
    ]),
  },
  'Step',
);
export type Step = Static<typeof Step>;

export const Trigger = Type.Object(
  {
    /** A slot for triggers of a connector (polling), or `connector` for built-ins: `webhook`, `schedule`. */
    slot: Type.Optional(SlotName),
    connector: Type.Optional(ConnectorKey),
    trigger: Type.String({ minLength: 1, maxLength: 100 }),
    input: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type Trigger = Static<typeof Trigger>;

export const RecipeDefinition = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    connections: Type.Record(SlotName, Type.Object({ connector: ConnectorKey }, { additionalProperties: false })),
    trigger: Trigger,
    steps: Type.Array(Step, { maxItems: 500 }),
    /** Jobs of this recipe running at once. Default 1 for polling triggers, 10 otherwise. */
    concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type RecipeDefinition = Static<typeof RecipeDefinition>;
