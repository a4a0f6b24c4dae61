import { NotFoundError } from '@patchbay/core';
import type { Actor, ConnectionService } from '@patchbay/vault';
import type { RecipeDefinition } from '../definition/schema.ts';
import type { SlotView } from './views.ts';

/**
 * Each slot of a recipe with its binding and whether it can run. With `test`, every bound
 * connection's test runs too (on start), so a broken connection is found before the first event.
 */
export async function checkSlots(
  connections: ConnectionService,
  actor: Actor,
  definition: RecipeDefinition,
  bindings: Record<string, string>,
  options: { test?: boolean } = {},
): Promise<SlotView[]> {
  return Promise.all(
    Object.entries(definition.connections).map(async ([slot, { connector }]): Promise<SlotView> => {
      const connectionId = bindings[slot] ?? null;
      const base = { slot, connector, connectionId };
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
      if (options.test) {
        const result = await connections.test(actor, connectionId);
        if (!result.ok) return { ...base, connectionStatus: 'error', ready: false, reason: `uses "${connection.name}", whose test failed: ${result.message ?? 'no reason given'}` };
      }
      return { ...base, connectionStatus: connection.status, ready: true, reason: null };
    }),
  );
}
