import Type, { type Static, type TObject, type TSchema } from 'typebox';
import type { ConnectionDef } from './connection.ts';
import type { ConnectorContext } from './context.ts';
import type { Fields } from './fields.ts';

export interface PicklistOption { value: string; label: string }

/**
 * A design-time list fetched through the connection (objects, fields of an object, projects).
 * Lists are cached per connection and parameters; `?refresh=true` fetches again.
 */
export interface PicklistDef<F extends Fields, P extends TObject = TObject> {
  title: string;
  /**
   * The values the list depends on, e.g. `Type.Object({ object: Type.String() })` for the fields of
   * an object. Given as query parameters (strings) and validated before `run`. Default none.
   */
  params?: P;
  run: (ctx: ConnectorContext<F> & { params: Static<P> }) => Promise<PicklistOption[]>;
}

/** A pick list as the registry holds it. */
export interface Picklist extends PicklistDef<Fields, TObject> {
  params: TObject;
}

/**
 * Declares a pick list typed from a connection's fields and its own params.
 * @example definePicklist(connection, { title: 'Fields', params: Type.Object({ object: Type.String() }), run: (ctx) => listFields(ctx, ctx.params.object) })
 */
export function definePicklist<const F extends Fields, P extends TObject = TObject<{}>>(_connection: ConnectionDef<F>, def: PicklistDef<F, P>): Picklist {
  // Erasing the types is sound: the vault validates params against `params` before `run`.
  const erased = def as unknown as PicklistDef<Fields, TObject>;
  return { ...erased, params: erased.params ?? Type.Object({}, { additionalProperties: false }) };
}

/** How an input property takes its values from a pick list; params name other input properties. */
export type PicklistBinding<In> = string | { list: string; params: Record<string, keyof In & string> };

/** Input property → the pick list offering its values. */
export type PicklistBindings<In> = { [K in keyof In]?: PicklistBinding<In> };

export type { TSchema };
