import type { Static, TSchema } from 'typebox';
import type { ConnectorContext } from './context.ts';
import type { Fields } from './fields.ts';
import type { PicklistBindings } from './picklist.ts';

/** Schemas computed through the connection; a missing one means the static schema applies. */
export interface DynamicSchemas {
  input?: TSchema;
  output?: TSchema;
}

/** The configuration a dynamic schema depends on: those input properties, present. */
export type ConfigOf<In, D extends string> = { [K in D & keyof In]-?: NonNullable<In[K]> };

/**
 * Input and output schemas that depend on the app's own data (custom objects, custom fields).
 * `dependsOn` names the input properties that decide them (e.g. `object`); `run` receives their
 * values as `config`. Results are cached per connection and configuration.
 */
export interface DynamicSchemaDef<F extends Fields, In, D extends string> {
  dependsOn: readonly D[];
  run(ctx: ConnectorContext<F> & { config: ConfigOf<In, D> }): Promise<DynamicSchemas>;
}

/**
 * A scope a member needs: one scope, or any one of several (Zendesk grants either `write` or the
 * narrower `organizations:write`).
 */
export type ScopeRequirement = string | { anyOf: readonly string[] };

/** The requirement as people read it: `write` or `write or organizations:write`. */
export function describeScope(requirement: ScopeRequirement): string {
  return typeof requirement === 'string' ? requirement : requirement.anyOf.join(' or ');
}

/** Whether granted scopes meet a requirement. */
export function scopeGranted(requirement: ScopeRequirement, granted: readonly string[]): boolean {
  return typeof requirement === 'string' ? granted.includes(requirement) : requirement.anyOf.some((scope) => granted.includes(scope));
}

/**
 * What actions and triggers share: how they are shown, what they take and need. `D` names the
 * inputs a dynamic schema depends on (checked and inferred by `defineAction`/`defineTrigger`).
 */
export interface MemberDef<F extends Fields, I extends TSchema, D extends string> {
  title: string;
  description?: string;
  input: I;
  /** JSON schema of the output, for documentation and mapping. Default: unknown. */
  output?: TSchema;
  /**
   * OAuth scopes (or permissions) it needs. A recipe lists, per slot, the ones its connection was
   * not granted, and will not start without them. Default none.
   * @example scopes: ['api'] · scopes: [{ anyOf: ['write', 'organizations:write'] }]
   */
  scopes?: readonly ScopeRequirement[];
  /** Input properties whose values come from the connector's pick lists. Default none. */
  picklists?: PicklistBindings<Static<I>>;
  /** Schemas computed through the connection from part of the input. Default: the static ones. */
  dynamicSchema?: DynamicSchemaDef<F, Static<I>, D>;
}
