import Type, { type TObject, type TSchema } from 'typebox';
import type { Action, ActionDef } from './action.ts';
import type { ConnectionDef } from './connection.ts';
import type { Fields } from './fields.ts';
import type { MemberDef } from './member.ts';
import type { Picklist, PicklistBinding, PicklistDef } from './picklist.ts';
import type { Trigger, TriggerDef } from './trigger.ts';

export interface ConnectorDef<F extends Fields, A extends Record<string, TSchema>, T extends Record<string, TSchema>> {
  /** Stable id used in recipes and the API; the connector's folder under `connectors/` has this name. @example 'salesforce' */
  key: string;
  title: string;
  /** Semver of the connector's own code. */
  version: string;
  description?: string;
  /** How many slots of this connector one recipe may hold (primary, secondary). Default 1. */
  maxSlotsPerRecipe?: number;
  connection: ConnectionDef<F>;
  /** Object types the app has (static; dynamic ones come from pick lists). Default none. */
  objects?: readonly { key: string; title: string }[];
  /** Lists made with `definePicklist`, or inline ones without params. */
  picklists?: Record<string, Picklist | PicklistDef<F, TObject<{}>>>;
  /**
   * Actions, inline or made with `defineAction` (which also checks `dynamicSchema.dependsOn`
   * against the input and types `ctx.config` from it; inline ones are checked when the connector loads).
   */
  actions?: { [K in keyof A]: ActionDef<F, A[K], string> };
  triggers?: { [K in keyof T]: TriggerDef<F, T[K], string> };
}

/** A connector with its type parameters erased: what the registry and the engine hold. */
export interface Connector {
  key: string;
  title: string;
  version: string;
  description?: string;
  maxSlotsPerRecipe: number;
  connection: ConnectionDef<Fields>;
  objects: readonly { key: string; title: string }[];
  picklists: Record<string, Picklist>;
  actions: Record<string, Action>;
  triggers: Record<string, Trigger>;
}

/**
 * Declares a connector. Types flow from `connection.fields` into every callback, and from each
 * action's `input` schema into its `run`, so connector code never casts. Pick-list bindings and
 * dynamic-schema dependencies are checked here, so a connector naming a list or an input it does
 * not have fails when it loads, not when a user opens a form.
 * @example
 * export default defineConnector({
 *   key: 'acme', title: 'Acme', version: '1.0.0',
 *   connection: {
 *     fields: { apiKey: { type: 'secret', label: 'API key', required: true } },
 *     auth: { kind: 'apiKey', name: 'X-API-Key', value: (f) => f.apiKey },
 *     baseUrl: () => 'https://api.acme.test/',
 *     test: async (ctx) => { await ctx.http.request({ path: 'me' }); },
 *   },
 * });
 */
export function defineConnector<
  const F extends Fields,
  A extends Record<string, TSchema> = Record<never, TSchema>,
  T extends Record<string, TSchema> = Record<never, TSchema>,
>(def: ConnectorDef<F, A, T>): Connector {
  // Erasing the field types is sound here: the vault validates values against `fields` (and inputs
  // against their schemas) before any callback runs, so callbacks always receive the declared shape.
  const erased = def as unknown as Omit<ConnectorDef<Fields, A, T>, 'picklists' | 'actions' | 'triggers'> & {
    picklists?: Record<string, PicklistDef<Fields, TObject>>;
    actions?: Record<string, Action>;
    triggers?: Record<string, Trigger>;
  };
  const picklists: Record<string, Picklist> = {};
  for (const [name, list] of Object.entries(erased.picklists ?? {})) picklists[name] = { ...list, params: list.params ?? Type.Object({}, { additionalProperties: false }) };
  const connector: Connector = {
    key: erased.key,
    title: erased.title,
    version: erased.version,
    description: erased.description,
    maxSlotsPerRecipe: erased.maxSlotsPerRecipe ?? 1,
    connection: erased.connection,
    objects: erased.objects ?? [],
    picklists,
    actions: erased.actions ?? {},
    triggers: erased.triggers ?? {},
  };
  const problems = [
    ...Object.entries(connector.actions).flatMap(([name, action]) => memberProblems(connector, `action "${name}"`, action)),
    ...Object.entries(connector.triggers).flatMap(([name, trigger]) => memberProblems(connector, `trigger "${name}"`, trigger)),
  ];
  if (problems.length > 0) throw new Error(`Connector "${connector.key}" is not valid:\n  - ${problems.join('\n  - ')}`);
  return connector;
}

function inputProperties(input: TSchema): string[] {
  const properties: unknown = Reflect.get(input, 'properties');
  return typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
}

/**
 * The connector's own action, trigger or pick list of that name. Names come from requests and
 * recipes, and a plain lookup would also find what every object inherits (`constructor`, `toString`).
 */
export function ownMember<T>(members: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(members, name) ? members[name] : undefined;
}

/** Pick-list bindings and dynamic-schema dependencies that point at nothing. */
function memberProblems(connector: Connector, what: string, member: MemberDef<Fields, TSchema, string>): string[] {
  const problems: string[] = [];
  const inputs = inputProperties(member.input);
  const bindings: Record<string, PicklistBinding<Record<string, unknown>> | undefined> = member.picklists ?? {};
  for (const [property, binding] of Object.entries(bindings)) {
    if (binding === undefined) continue;
    if (!inputs.includes(property)) problems.push(`${what} binds a pick list to input "${property}", which its input schema does not have`);
    const listName = typeof binding === 'string' ? binding : binding.list;
    const list = ownMember(connector.picklists, listName);
    if (!list) {
      problems.push(`${what} names pick list "${listName}", which the connector does not declare`);
      continue;
    }
    const declared = inputProperties(list.params);
    const given = typeof binding === 'string' ? {} : binding.params;
    for (const param of declared) if (!(param in given)) problems.push(`${what} gives pick list "${listName}" no value for its param "${param}"`);
    for (const [param, source] of Object.entries(given)) {
      if (!declared.includes(param)) problems.push(`${what} gives pick list "${listName}" a param "${param}" it does not take`);
      if (!inputs.includes(source)) problems.push(`${what} takes pick list param "${param}" from input "${source}", which its input schema does not have`);
    }
  }
  for (const dependency of member.dynamicSchema?.dependsOn ?? []) {
    if (!inputs.includes(dependency)) problems.push(`${what}'s dynamic schema depends on input "${dependency}", which its input schema does not have`);
  }
  return problems;
}
