import { PatchbayError } from '@patchbay/core';
import type { ConnectorContext, Fields, Identity } from '@patchbay/sdk';
import { type ConnectionState, stateWithDiscovered } from './state.ts';

export interface Verification {
  ok: boolean;
  message?: string;
  identity?: Identity;
  instance?: string;
  /** What `discover` learnt; undefined when the connector discovers nothing (or it failed). */
  discovered?: Record<string, string>;
}

const MAX_MESSAGE = 500;

/** A failure message safe to store and show: ours as they are, connector errors trimmed. */
export function failureMessage(err: unknown): string {
  if (err instanceof PatchbayError) return err.message;
  const text = err instanceof Error ? err.message : String(err);
  return `The connection test failed: ${text.slice(0, MAX_MESSAGE)}`;
}

/**
 * Runs the connector's `discover` (its findings feed the URLs of every later call), then `test`,
 * then `identity` and `instance` when declared. `contextFor` builds the connector context of a state.
 */
export async function verifyConnection(state: ConnectionState, contextFor: (state: ConnectionState) => ConnectorContext<Fields>): Promise<Verification> {
  const connection = state.connector.connection;
  try {
    const discovered = connection.discover ? await connection.discover(contextFor(stateWithDiscovered(state, {}))) : undefined;
    const ctx = contextFor(discovered ? stateWithDiscovered(state, discovered) : state);
    const result = await connection.test(ctx);
    if (result && !result.ok) return { ok: false, message: result.message ?? 'The connection test failed.' };
    const identity = connection.identity ? await connection.identity(ctx) : undefined;
    const instance = connection.instance ? await connection.instance(ctx) : undefined;
    return { ok: true, ...(identity ? { identity } : {}), ...(instance ? { instance } : {}), ...(discovered ? { discovered } : {}) };
  } catch (err) {
    return { ok: false, message: failureMessage(err) };
  }
}

export class InstanceMismatchError extends PatchbayError {
  constructor(connectorTitle: string, stored: string, found: string) {
    super(
      'instance_mismatch',
      409,
      `These credentials belong to a different ${connectorTitle} instance (${found}) than this connection (${stored}). Every recipe using the connection would switch to it: use the right account, or confirm the change explicitly (confirmInstanceChange: true).`,
      { details: { stored, found } },
    );
  }
}
