import type { Connection, Connector } from '../../../api/client.ts';
import type { Recipe, RecipeDefinition } from '../../../api/recipes.ts';

/** What the editor knows of a slot: its app, and the connection bound to it (saved bindings only). */
export interface SlotState {
  slot: string;
  connector: Connector | undefined;
  appTitle: string;
  /** null: no connection is bound to the slot (or the slot is not saved yet). */
  connection: Connection | null;
  /** Pick lists and dynamic schemas load only through a connected connection. */
  connected: boolean;
}

export function slotState(
  slot: string,
  definition: RecipeDefinition,
  recipe: Recipe,
  connections: readonly Connection[] | undefined,
  connectors: Map<string, Connector> | undefined,
): SlotState | null {
  const declared = definition.connections[slot];
  if (!declared) return null;
  const connector = connectors?.get(declared.connector);
  const bound = recipe.connections.find((s) => s.slot === slot && s.connector === declared.connector)?.connectionId ?? null;
  const connection = (bound && connections?.find((c) => c.id === bound)) || null;
  return { slot, connector, appTitle: connector?.title ?? declared.connector, connection, connected: connection?.status === 'connected' };
}
