import Type, { type Static } from 'typebox';
import { OPENAPI_COMPONENT } from '@patchbay/core';
import { ConnectionUse, type Engine } from '@patchbay/engine';
import { type Actor, ConnectionSchema, type ConnectionView } from '@patchbay/vault';

/**
 * A connection as every route answers it: the vault's view plus the recipes bound to it. The vault
 * knows nothing of recipes (data flows server → engine → vault), so the two are joined here.
 */
export const ConnectionResource = Type.Object(
  {
    ...ConnectionSchema.properties,
    usedBy: Type.Array(ConnectionUse, {
      description: 'Recipes whose slots are bound to this connection; running ones would break if it were disconnected or deleted.',
    }),
  },
  { [OPENAPI_COMPONENT]: 'Connection' },
);
export type ConnectionResource = Static<typeof ConnectionResource>;

/** Each connection with its `usedBy`, in one query for all of them (a list page is one query, not one per row). */
export async function withUsage(engine: Engine, actor: Actor, views: readonly ConnectionView[]): Promise<ConnectionResource[]> {
  const uses = await engine.recipesUsingConnections(actor.workspaceId, views.map((view) => view.id));
  return views.map((view) => ({ ...view, usedBy: uses.get(view.id) ?? [] }));
}

/** One connection with its `usedBy`. */
export async function oneWithUsage(engine: Engine, actor: Actor, view: ConnectionView): Promise<ConnectionResource> {
  const [resource] = await withUsage(engine, actor, [view]);
  // withUsage maps each view it is given; an empty answer for one view would be a bug here.
  if (!resource) throw new Error(`No usage computed for connection ${view.id}.`);
  return resource;
}
