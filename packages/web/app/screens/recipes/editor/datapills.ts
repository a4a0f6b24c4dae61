import type { Connector } from '../../../api/client.ts';
import type { RecipeDefinition } from '../../../api/recipes.ts';
import { allSteps, isActionStep } from '../definition.ts';

/** A reference to data of the trigger or an earlier step, inserted into a field as `{{ expression }}`. */
export interface Datapill {
  /** `trigger.body`, `steps.create_1.output.id` */
  expression: string;
  /** Where it comes from, for a person: "Trigger", "Step create_1". */
  source: string;
  /** What the output schema says of it: "string", "object"… */
  type: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Deeper fields are reached by editing the expression: a list of every leaf of a big schema helps nobody. */
const MAX_DEPTH = 3;

function typeOf(schema: Record<string, unknown>): string | null {
  return typeof schema.type === 'string' ? schema.type : null;
}

/** The schema's named properties (and its own root) as pills, down to MAX_DEPTH levels. */
function pillsOfSchema(schema: unknown, expression: string, source: string, depth = 0, into: Datapill[] = []): Datapill[] {
  const node = isRecord(schema) ? schema : {};
  into.push({ expression, source, type: typeOf(node) });
  if (depth >= MAX_DEPTH || !isRecord(node.properties)) return into;
  for (const [name, child] of Object.entries(node.properties)) {
    // A JSONata name with characters other than letters, digits and _ is quoted in backticks.
    const part = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name}\``;
    pillsOfSchema(child, `${expression}.${part}`, source, depth + 1, into);
  }
  return into;
}

/**
 * The pills a step may use: the trigger's output, then each step that comes before it in the
 * recipe (document order, nested steps included), from their output schemas.
 * @param beforeOrder the position of the step being edited in document order; Infinity for "all".
 */
export function datapillsFor(definition: RecipeDefinition, beforeOrder: number, connectors: Map<string, Connector> | undefined): Datapill[] {
  const { trigger } = definition;
  const triggerConnector = trigger.connector ?? (trigger.slot ? definition.connections[trigger.slot]?.connector : undefined);
  const triggerSchema = connectors?.get(triggerConnector ?? '')?.triggers.find((t) => t.name === trigger.trigger)?.outputSchema;
  const pills = pillsOfSchema(triggerSchema, 'trigger', 'Trigger');

  for (const visit of allSteps(definition.steps)) {
    if (visit.order >= beforeOrder) break;
    const { step } = visit;
    const source = `Step ${step.id}`;
    if (isActionStep(step)) {
      const connectorKey = step.connector ?? (step.slot ? definition.connections[step.slot]?.connector : undefined);
      const action = connectors?.get(connectorKey ?? '')?.actions.find((a) => a.name === step.action);
      pillsOfSchema(action?.outputSchema, `steps.${step.id}.output`, source, 0, pills);
    } else if (step.type === 'set') {
      pillsOfSchema({ type: 'object', properties: Object.fromEntries(Object.keys(step.values).map((k) => [k, {}])) }, `steps.${step.id}.output`, source, 0, pills);
    }
  }
  return pills;
}
