import { problemsFrom, type Problem, type SchemaError } from '@patchbay/core';
import { type Connector, type TSchema, ownMember, validatorOf } from '@patchbay/sdk';
import type { Actor, ConnectionService } from '@patchbay/vault';
import type { RecipeDefinition } from '../definition/schema.ts';
import { listSteps } from '../definition/walk.ts';
import { MAX_STEPS } from '../definition/validate.ts';

const MAPPING = '{{';
/** Marks the alternative `acceptingMappings` adds, so its failures are not reported as the step's. */
const MAPPING_ALTERNATIVE = { type: 'string', pattern: '\\{\\{', $comment: 'a {{ mapping }}, known only when the job runs' };

/**
 * The schema with every value also allowed to be a `{{ mapping }}`: a step's input is checked when
 * the recipe starts, before any trigger event exists, so only its literal parts can be judged.
 */
export function acceptingMappings(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const node: Record<string, unknown> = { ...schema };
  const properties = node.properties;
  if (typeof properties === 'object' && properties !== null) {
    node.properties = Object.fromEntries(Object.entries(properties).map(([name, value]) => [name, acceptingMappings(value)]));
  }
  if (typeof node.items === 'object' && node.items !== null) node.items = acceptingMappings(node.items);
  if (typeof node.additionalProperties === 'object' && node.additionalProperties !== null) node.additionalProperties = acceptingMappings(node.additionalProperties);
  return { anyOf: [node, MAPPING_ALTERNATIVE] };
}

function isMapping(value: unknown): boolean {
  return typeof value === 'string' && value.includes(MAPPING);
}

function problemsAgainst(schema: TSchema, value: unknown, prefix: string): Problem[] {
  const validator = validatorOf(schema);
  if (validator.Check(value)) return [];
  const errors: SchemaError[] = [...validator.Errors(value)].filter((e) => e.keyword !== 'anyOf' && !/\/anyOf\/1$/.test(e.schemaPath));
  return problemsFrom(errors, prefix);
}

interface Target {
  path: string;
  slot: string;
  kind: 'action' | 'trigger';
  name: string;
  input: unknown;
}

function targetsOf(definition: RecipeDefinition): Target[] {
  const targets: Target[] = [];
  const { trigger } = definition;
  if (trigger.slot !== undefined) targets.push({ path: 'trigger.input', slot: trigger.slot, kind: 'trigger', name: trigger.trigger, input: trigger.input ?? {} });
  for (const visit of listSteps(definition.steps, MAX_STEPS).visits) {
    const step = visit.value;
    if (typeof step !== 'object' || step === null || !('slot' in step) || !('action' in step)) continue;
    if (typeof step.slot !== 'string' || typeof step.action !== 'string') continue;
    targets.push({ path: `${visit.path}.input`, slot: step.slot, kind: 'action', name: step.action, input: 'input' in step ? step.input : {} });
  }
  return targets;
}

/**
 * Checks each step (and the trigger) whose connector computes its input schema through the
 * connection (custom objects and fields) against that schema, as far as the recipe's literal values
 * go. A step whose configuration is itself a mapping (`"object": "{{ … }}"`) is checked when it runs.
 */
export async function dynamicSchemaProblems(
  connections: ConnectionService,
  connectors: (key: string) => Connector | undefined,
  actor: Actor,
  definition: RecipeDefinition,
  bindings: Record<string, string>,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const target of targetsOf(definition)) {
    const connectionId = bindings[target.slot];
    const connectorKey = definition.connections[target.slot]?.connector;
    const connector = connectorKey === undefined ? undefined : connectors(connectorKey);
    const member = connector && (target.kind === 'action' ? ownMember(connector.actions, target.name) : ownMember(connector.triggers, target.name));
    const dynamic = member?.dynamicSchema;
    if (!connectionId || !dynamic || typeof target.input !== 'object' || target.input === null) continue;
    const input: Record<string, unknown> = { ...target.input };
    const config = Object.fromEntries(dynamic.dependsOn.map((key) => [key, input[key]]));
    if (Object.values(config).some((value) => value === undefined || isMapping(value))) continue;
    const schemas = await connections.schemas(actor, connectionId, { [target.kind]: target.name, config });
    const schema = target.kind === 'trigger' ? schemas.input : acceptingMappings(schemas.input);
    if (typeof schema === 'object' && schema !== null) problems.push(...problemsAgainst(schema, input, target.path));
  }
  return problems;
}
