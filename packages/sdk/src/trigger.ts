import type { Static, TSchema } from 'typebox';
import type { ConnectionDef } from './connection.ts';
import type { ConnectorContext } from './context.ts';
import type { Fields } from './fields.ts';
import type { MemberDef } from './member.ts';

export interface PollResult {
  events: { dedupeKey: string; data: unknown }[];
  cursor: string;
  hasMore?: boolean;
}

export type PollContext<F extends Fields, I extends TSchema> = ConnectorContext<F> & { input: Static<I>; cursor: string | undefined; since: string | undefined };

export interface TriggerDef<F extends Fields, I extends TSchema, D extends string = never> extends MemberDef<F, I, D> {
  kind: 'polling' | 'webhook';
  /**
   * Polling: fetch events after `cursor`. On the first poll `cursor` is undefined and `since` says
   * where the user chose to begin (an ISO time; the start time for "only new events").
   * Return the new cursor; `dedupeKey`s already seen are dropped; `hasMore` polls again at once.
   */
  poll?: (ctx: PollContext<F, I>) => Promise<PollResult>;
}

/** A trigger with its types erased: what the registry and the engine hold. */
export type Trigger = TriggerDef<Fields, TSchema, string>;

/**
 * Declares a trigger in a file of its own, typed from the connection's fields and its input schema.
 * @example export const newRecords = defineTrigger(connection, { title: 'New records', kind: 'polling', input, poll: async (ctx) => … });
 */
export function defineTrigger<const F extends Fields, I extends TSchema, const D extends keyof Static<I> & string = never>(
  _connection: ConnectionDef<F>,
  def: TriggerDef<F, I, D>,
): TriggerDef<F, I, D> {
  return def;
}
