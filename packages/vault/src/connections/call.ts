import { PatchbayError, UpstreamError } from '@patchbay/core';
import type { ConnectorContext, Fields } from '@patchbay/sdk';
import { type ConnectionTarget, type ContextDeps, connectorContext } from './context.ts';
import { CallSecrets, type SecretMasker, maskError } from './mask.ts';
import type { ConnectionState } from './state.ts';

type Context = ConnectorContext<Fields>;

/** Runs connector code with a connection's context; see `callThrough`. */
export type ConnectorCall = <T>(run: (ctx: Context) => Promise<T>) => Promise<T>;

const MAX_MESSAGE = 500;

export interface CallOptions<T> {
  /** Sees the error the call throws (masked, one of ours) with the context it ran in. */
  onFailure?: (err: PatchbayError, ctx: Context) => void;
  /** Masks the parts of the answer that are data, when some part must reach the app unchanged. Default: all of it. */
  mask?: (value: T, masker: SecretMasker) => T;
  /** What cache.ts computed once for this version of the connection; computed here without it. */
  derived?: { masker: SecretMasker; target: ConnectionTarget };
}

/**
 * One call of connector code through a connection, the only way connector code that answers a
 * client or is recorded runs (actions, polls, pick lists, dynamic schemas; tests go through
 * `verifyConnection`, which masks the same way): whatever it hands back — its value, its error,
 * its log lines — has every secret value of the connection masked (mask.ts), and an error that is
 * not ours becomes `action_failed`.
 */
export async function callThrough<T>(
  deps: ContextDeps,
  state: ConnectionState,
  what: string,
  run: (ctx: Context) => Promise<T>,
  options: CallOptions<T> = {},
): Promise<T> {
  const secrets = new CallSecrets(state, options.derived?.masker);
  const ctx = connectorContext(deps, state, undefined, secrets, options.derived?.target);
  let value: T;
  try {
    value = await run(ctx);
  } catch (err) {
    // Masked before anything is cut or wrapped: a secret cut in two by a length limit would
    // no longer match its value.
    maskError(err, secrets.mask);
    const failure = connectorFailure(err, what, secrets.mask);
    options.onFailure?.(failure, ctx);
    throw failure;
  }
  // Awaited first: the call may add credentials (a token refreshed meanwhile) to what is masked.
  return options.mask ? options.mask(value, secrets.mask) : secrets.mask.value(value);
}

/** Connector code may throw anything; what reaches a client is always one of our errors. */
export function connectorFailure(err: unknown, what: string, masker: SecretMasker): PatchbayError {
  if (err instanceof PatchbayError) return err;
  const text = masker.text(err instanceof Error ? err.message : String(err));
  return new UpstreamError('action_failed', `The ${what} failed: ${text.slice(0, MAX_MESSAGE)}`, { cause: err });
}
