import type { Static, TSchema } from 'typebox';
import type { ConnectionDef } from './connection.ts';
import type { ConnectorContext } from './context.ts';
import type { Fields } from './fields.ts';
import type { MemberDef } from './member.ts';

/** What an action's `run` receives: the connection's context, its input, and its idempotency key. */
export type ActionContext<F extends Fields, I extends TSchema> = ConnectorContext<F> & {
  input: Static<I>;
  /**
   * Stable for this execution of the step: the job id, the step's path and the index of every
   * enclosing loop iteration, the same on every retry and after a crash. Send it to apps that
   * deduplicate requests (an `Idempotency-Key` header, a Stripe-style key) so that a retried write
   * takes effect once. Outside a job (running an action from the API) a fresh random key per run.
   * @example ctx.http.request({ method: 'POST', path: 'charges', headers: { 'Idempotency-Key': ctx.idempotencyKey }, body })
   */
  idempotencyKey: string;
};

export interface ActionDef<F extends Fields, I extends TSchema, D extends string = never> extends MemberDef<F, I, D> {
  /** Throw `AuthFailedError`, `RetryableError` or another `PatchbayError` to fail with a clear reason. */
  run: (ctx: ActionContext<F, I>) => Promise<unknown>;
}

/** An action with its types erased: what the registry and the engine hold. */
export type Action = ActionDef<Fields, TSchema, string>;

/**
 * Declares an action in a file of its own, typed from the connection's fields and its input schema;
 * `dynamicSchema.dependsOn` is checked against the input and types `ctx.config`.
 * @example
 * export const create = defineAction(connection, {
 *   title: 'Create record', scopes: ['api'],
 *   input: Type.Object({ object: Type.String(), record: Type.Record(Type.String(), Type.Unknown()) }),
 *   dynamicSchema: { dependsOn: ['object'], run: (ctx) => recordSchema(ctx, ctx.config.object) },
 *   run: async (ctx) => createRecord(ctx, ctx.input.object, ctx.input.record),
 * });
 */
export function defineAction<const F extends Fields, I extends TSchema, const D extends keyof Static<I> & string = never>(
  _connection: ConnectionDef<F>,
  def: ActionDef<F, I, D>,
): ActionDef<F, I, D> {
  return def;
}
