import type { Problem } from '@patchbay/core';
import type { Connector } from '@patchbay/sdk';
import type { RecipeDefinition, StepShape, Trigger } from './schema.ts';
import { listSteps } from './walk.ts';

/** Looks up an installed connector by key. */
export type ConnectorLookup = (key: string) => Connector | undefined;

/** What runs without a connection. */
export interface Builtins {
  /** Built-in triggers, e.g. `{ webhook: { connector: 'webhook', trigger: 'webhook' } }`; the keys are labels only. */
  triggers: Record<string, { connector: string; trigger: string }>;
  /** Keys of connectors that need no connection: steps name them with `connector` instead of a slot. */
  connectionless: readonly string[];
}

type Connections = RecipeDefinition['connections'];

const quoteList = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(', ');

/** Every slot names an installed connector that needs a connection, within its per-recipe limit. */
export function connectionProblems(connections: Connections, connectors: ConnectorLookup, builtins: Builtins): Problem[] {
  const problems: Problem[] = [];
  const perConnector = new Map<string, number>();
  for (const [slot, { connector: key }] of Object.entries(connections)) {
    const connector = connectors(key);
    if (builtins.connectionless.includes(key)) {
      problems.push({ path: `connections.${slot}.connector`, message: `names connector "${key}", which needs no connection: remove the slot and name "connector": "${key}" on the steps that use it` });
    } else if (!connector) {
      problems.push({ path: `connections.${slot}.connector`, message: `names connector "${key}", which is not installed` });
    } else {
      const count = (perConnector.get(key) ?? 0) + 1;
      perConnector.set(key, count);
      if (count > connector.maxSlotsPerRecipe) {
        problems.push({
          path: `connections.${slot}`,
          message: `is slot ${count} of connector "${key}", which allows at most ${connector.maxSlotsPerRecipe} per recipe: remove a slot, or let steps share one`,
        });
      }
    }
  }
  return problems;
}

/** Exactly one of `slot` or `connector`, each pointing at something that can run the named trigger or action. */
function endpointProblems(
  target: { slot?: string; connector?: string },
  path: string,
  what: { kind: 'action' | 'trigger'; name: string },
  connections: Connections,
  connectors: ConnectorLookup,
  builtins: Builtins,
): Problem[] {
  const { slot, connector: key } = target;
  if (slot !== undefined && key !== undefined) return [{ path, message: 'must name either slot or connector, not both' }];
  if (slot === undefined && key === undefined) {
    return [{ path: `${path}.slot`, message: 'is required: name a slot declared in connections, or give "connector" for one that needs no connection' }];
  }
  if (slot !== undefined) {
    const declared = connections[slot];
    if (!declared) return [{ path: `${path}.slot`, message: `names slot "${slot}", which is not declared in connections: declare it there, e.g. "${slot}": { "connector": "http" }` }];
    const connector = connectors(declared.connector);
    // An unknown connector is reported once, on the slot's declaration.
    return connector ? memberProblems(connector, path, what) : [];
  }
  if (key === undefined) return [];
  if (what.kind === 'trigger') {
    const builtin = Object.values(builtins.triggers).filter((t) => t.connector === key);
    if (builtin.some((t) => t.trigger === what.name)) return [];
    if (builtin.length > 0) {
      return [{ path: `${path}.trigger`, message: `names trigger "${what.name}", which connector "${key}" does not have: use one of ${quoteList(builtin.map((t) => t.trigger))}` }];
    }
  }
  const connector = connectors(key);
  if (!connector) return [{ path: `${path}.connector`, message: `names connector "${key}", which is not installed` }];
  if (!builtins.connectionless.includes(key)) {
    return [{ path: `${path}.connector`, message: `names connector "${key}", which needs a connection: declare a slot for it in connections and name it in "slot"` }];
  }
  return memberProblems(connector, path, what);
}

function memberProblems(connector: Connector, path: string, what: { kind: 'action' | 'trigger'; name: string }): Problem[] {
  const members = Object.keys(what.kind === 'action' ? connector.actions : connector.triggers);
  if (members.includes(what.name)) return [];
  const choices = members.length > 0 ? `use one of ${quoteList(members)}` : `it has no ${what.kind}s`;
  return [{ path: `${path}.${what.kind}`, message: `names ${what.kind} "${what.name}", which connector "${connector.key}" does not have: ${choices}` }];
}

export function triggerProblems(trigger: Trigger, connections: Connections, connectors: ConnectorLookup, builtins: Builtins): Problem[] {
  return endpointProblems(trigger, 'trigger', { kind: 'trigger', name: trigger.trigger }, connections, connectors, builtins);
}

/** For action steps only: the other kinds run inside the engine. */
export function stepEndpointProblems(step: StepShape, path: string, connections: Connections, connectors: ConnectorLookup, builtins: Builtins): Problem[] {
  if (step.type !== undefined && step.type !== 'action') return [];
  return endpointProblems(step, path, { kind: 'action', name: step.action }, connections, connectors, builtins);
}

/** A slot of a recipe and where it is used (`trigger`, `steps[1]`, …): what must be bound to start it. */
export interface SlotUse {
  slot: string;
  connector: string;
  usedBy: string[];
}

/** Every slot the recipe declares, in declaration order, with the trigger and steps that use it. */
export function recipeSlots(definition: RecipeDefinition): SlotUse[] {
  const uses = new Map<string, SlotUse>(Object.entries(definition.connections).map(([slot, { connector }]) => [slot, { slot, connector, usedBy: [] }]));
  if (definition.trigger.slot !== undefined) uses.get(definition.trigger.slot)?.usedBy.push('trigger');
  for (const visit of listSteps(definition.steps, Number.MAX_SAFE_INTEGER).visits) {
    const value = visit.value;
    if (typeof value === 'object' && value !== null && 'slot' in value && typeof value.slot === 'string') uses.get(value.slot)?.usedBy.push(visit.path);
  }
  return [...uses.values()];
}
