import { NotFoundError } from '@patchbay/core';
import { type Connector, type ScopeRequirement, describeScope, ownMember, scopeGranted } from '@patchbay/sdk';
import type { Actor, ConnectionService, ConnectionView } from '@patchbay/vault';
import type { RecipeDefinition } from '../definition/schema.ts';
import { listSteps } from '../definition/walk.ts';
import { MAX_STEPS } from '../definition/validate.ts';
import type { SlotView } from './views.ts';

type ConnectorLookup = (key: string) => Connector | undefined;

/** The scopes the trigger and steps using each slot need, from their connectors' declarations. */
export function scopesBySlot(definition: RecipeDefinition, connectors: ConnectorLookup): Map<string, ScopeRequirement[]> {
  const needed = new Map<string, ScopeRequirement[]>();
  const add = (slot: string, kind: 'action' | 'trigger', name: string) => {
    const key = definition.connections[slot]?.connector;
    const connector = key === undefined ? undefined : connectors(key);
    const member = connector && (kind === 'action' ? ownMember(connector.actions, name) : ownMember(connector.triggers, name));
    needed.set(slot, [...(needed.get(slot) ?? []), ...(member?.scopes ?? [])]);
  };
  if (definition.trigger.slot !== undefined) add(definition.trigger.slot, 'trigger', definition.trigger.trigger);
  for (const visit of listSteps(definition.steps, MAX_STEPS).visits) {
    const step = visit.value;
    if (typeof step === 'object' && step !== null && 'slot' in step && 'action' in step && typeof step.slot === 'string' && typeof step.action === 'string') {
      add(step.slot, 'action', step.action);
    }
  }
  return needed;
}

/**
 * Scopes a slot's steps need that its connection was not granted. Only judged when the app said
 * which scopes it granted (OAuth2 answers usually do; API keys and passwords carry none).
 */
function missingScopes(needed: readonly ScopeRequirement[] | undefined, connection: ConnectionView): string[] {
  if (!needed || connection.grantedScopes.length === 0) return [];
  const missing = needed.filter((requirement) => !scopeGranted(requirement, connection.grantedScopes)).map(describeScope);
  return [...new Set(missing)].sort();
}

/**
 * Each slot of a recipe with its binding and whether it can run. With `test`, every bound
 * connection's test runs too (on start), so a broken connection is found before the first event.
 */
export async function checkSlots(
  connections: ConnectionService,
  connectors: ConnectorLookup,
  actor: Actor,
  definition: RecipeDefinition,
  bindings: Record<string, string>,
  options: { test?: boolean } = {},
): Promise<SlotView[]> {
  const scopes = scopesBySlot(definition, connectors);
  return Promise.all(
    Object.entries(definition.connections).map(async ([slot, { connector }]): Promise<SlotView> => {
      const connectionId = bindings[slot] ?? null;
      const base = { slot, connector, connectionId, missingScopes: [] as string[] };
      if (!connectionId) return { ...base, connectionStatus: null, ready: false, reason: 'is not bound to a connection' };
      const connection = await connections.get(actor, connectionId).catch((err: unknown) => {
        if (err instanceof NotFoundError) return undefined;
        throw err;
      });
      if (!connection) return { ...base, connectionStatus: null, ready: false, reason: 'is bound to a connection that was deleted' };
      if (connection.status !== 'connected') {
        const why = connection.statusReason ? `: ${connection.statusReason}` : '';
        return { ...base, connectionStatus: connection.status, ready: false, reason: `uses "${connection.name}", which is ${connection.status.replace('_', ' ')}${why}` };
      }
      const missing = missingScopes(scopes.get(slot), connection);
      if (missing.length > 0) {
        return {
          ...base,
          missingScopes: missing,
          connectionStatus: connection.status,
          ready: false,
          reason: `uses "${connection.name}", which was not granted the scopes ${missing.join(', ')} that its steps need: reconnect it and grant them`,
        };
      }
      if (options.test) {
        const result = await connections.test(actor, connectionId);
        if (!result.ok) return { ...base, connectionStatus: 'error', ready: false, reason: `uses "${connection.name}", whose test failed: ${result.message ?? 'no reason given'}` };
      }
      return { ...base, connectionStatus: connection.status, ready: true, reason: null };
    }),
  );
}
