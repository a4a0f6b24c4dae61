import Type from 'typebox';
import { ConflictError } from '@patchbay/core';
import type { Engine } from '@patchbay/engine';
import type { Actor } from '@patchbay/vault';
import { ForceParam } from '../../http/query.ts';

export const ForceQuery = Type.Object(
  { force: Type.Optional(ForceParam) },
  { additionalProperties: false, description: 'force=true: do it even though running recipes use the connection.' },
);

/**
 * Disconnecting or deleting a connection that running recipes use would make their next job fail;
 * it is refused (409 connection_in_use, each recipe and slot in details) unless `?force=true`.
 */
export async function refuseIfInUse(engine: Engine, actor: Actor, connectionId: string, force: 'true' | 'false' | undefined, verb: string): Promise<void> {
  if (force === 'true') return;
  const users = await engine.runningRecipesUsing(actor.workspaceId, connectionId);
  if (users.length === 0) return;
  const names = [...new Set(users.map((u) => `"${u.name}"`))].join(', ');
  throw new ConflictError(
    'connection_in_use',
    `Running recipes use this connection: ${names}. Stop them first, or ${verb} anyway with ?force=true (their jobs will then fail until the slot is bound to a working connection).`,
    users.map((u) => ({ recipeId: u.id, name: u.name, slot: u.slot })),
  );
}
