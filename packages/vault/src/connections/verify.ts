import { PatchbayError } from '@patchbay/core';
import type { ConnectorContext, Fields, Identity } from '@patchbay/sdk';
import { connectorFailure } from './call.ts';
import { CallSecrets, maskError } from './mask.ts';
import { type ConnectionState, stateWithDiscovered } from './state.ts';

export interface Verification {
  ok: boolean;
  message?: string;
  identity?: Identity;
  instance?: string;
  /** What `discover` learnt; undefined when the connector discovers nothing (or it failed). */
  discovered?: Record<string, string>;
}

/**
 * Runs the connector's `discover` (its findings feed the URLs of every later call), then `test`,
 * then `identity` and `instance` when declared. `contextFor` builds the connector context of a state
 * and should pass `secrets` on (they collect the credentials the test obtains, and mask its logs).
 *
 * What it says is masked by the connection's secret values (mask.ts), like an action's answer: its
 * message is shown by `POST /connections/{id}/test` and stored as the connection's status reason,
 * and an app that echoes the API key in an error ("invalid key abc…") must not put it there. What
 * `discover` learnt is not masked: it is stored sealed with the secrets, and builds URLs.
 */
export async function verifyConnection(
  state: ConnectionState,
  contextFor: (state: ConnectionState, secrets: CallSecrets) => ConnectorContext<Fields>,
): Promise<Verification> {
  const secrets = new CallSecrets(state);
  const { discovered, ...said } = await verifyUnmasked(state, (next) => contextFor(next, secrets), secrets);
  return { ...secrets.mask.value(said), ...(discovered ? { discovered } : {}) };
}

async function verifyUnmasked(state: ConnectionState, contextFor: (state: ConnectionState) => ConnectorContext<Fields>, secrets: CallSecrets): Promise<Verification> {
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
    // Masked before it is trimmed: a secret cut in two would no longer match its value.
    maskError(err, secrets.mask);
    return { ok: false, message: connectorFailure(err, 'connection test', secrets.mask).message };
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
