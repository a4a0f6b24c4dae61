import { InvalidInputError, NotFoundError, summarizeProblems, type Problem } from '@patchbay/core';
import { type Fields, type MemberDef, type PicklistOption, type TSchema, ownMember, schemaProblems } from '@patchbay/sdk';
import { LRUCache } from 'lru-cache';
import type { ConnectorCall } from './call.ts';
import type { ConnectionState } from './state.ts';

/**
 * Design-time data fetched through a connection: pick lists and dynamic schemas. Both are cached
 * per connection, per parameters, for an hour (apps change their objects and fields rarely, and
 * every form would otherwise call the app on each keystroke); `refresh` fetches again. The key holds
 * what the answer depends on — the authorisation, the instance and the field values — so a
 * connection re-authorised into another org never serves the old org's lists.
 */
export type DesignCache = LRUCache<string, { value: unknown }>;

export function createDesignCache(): DesignCache {
  return new LRUCache<string, { value: unknown }>({ max: 1000, ttl: 60 * 60_000 });
}

/** The schemas a form shows and a step is checked against. `{}` means any value. */
export interface MemberSchemas {
  input: TSchema;
  output: TSchema;
}

export interface SchemaRequest {
  action?: string;
  trigger?: string;
  config: Record<string, unknown>;
}

function cacheKey(state: ConnectionState, ...parts: unknown[]): string {
  const { row } = state;
  return JSON.stringify([row.id, row.authorized_at, row.instance_key, row.fields, ...parts.map(sortKeys)]);
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` share a cache entry. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)]));
}

async function cached<T>(cache: DesignCache, key: string, refresh: boolean, load: () => Promise<T>, accept: (value: unknown) => value is T): Promise<T> {
  const hit = refresh ? undefined : cache.get(key);
  if (hit && accept(hit.value)) return hit.value;
  const value = await load();
  cache.set(key, { value });
  return value;
}

const isOptions = (value: unknown): value is PicklistOption[] => Array.isArray(value);
const isSchemas = (value: unknown): value is MemberSchemas => typeof value === 'object' && value !== null && 'input' in value && 'output' in value;

/**
 * A pick list's options; `params` are validated against the list's declaration first (400 naming them).
 * `call` runs the connector's code (masking its answer: the cache holds it masked).
 */
export async function picklistOptions(
  state: ConnectionState,
  call: ConnectorCall,
  cache: DesignCache,
  name: string,
  params: Record<string, string>,
  refresh: boolean,
): Promise<PicklistOption[]> {
  const list = ownMember(state.connector.picklists, name);
  if (!list) throw new NotFoundError('pick list', name);
  const problems = schemaProblems(list.params, params, 'params');
  if (problems.length > 0) throw new InvalidInputError(`Invalid parameters for pick list ${name}: ${summarizeProblems(problems)}.`, problems);
  return cached(cache, cacheKey(state, 'picklist', name, params), refresh, () => call((ctx) => list.run({ ...ctx, params })), isOptions);
}

/** The member (action or trigger) a schema request names. */
export function memberOf(state: ConnectionState, request: SchemaRequest): { member: MemberDef<Fields, TSchema, string>; what: string } {
  const { action, trigger } = request;
  if ((action === undefined) === (trigger === undefined)) {
    throw new InvalidInputError('Name either "action" or "trigger", not both.', [{ path: action === undefined ? 'action' : 'trigger', message: 'give exactly one of action and trigger' }]);
  }
  const name = action ?? trigger ?? '';
  const member = action !== undefined ? ownMember(state.connector.actions, action) : ownMember(state.connector.triggers, name);
  if (!member) throw new NotFoundError(action !== undefined ? 'action' : 'trigger', name);
  return { member, what: `${action !== undefined ? 'action' : 'trigger'} ${name}` };
}

/** Problems of a dynamic-schema configuration: exactly the inputs it depends on, each valid. */
export function configProblems(member: MemberDef<Fields, TSchema, string>, config: Record<string, unknown>): Problem[] {
  const dependsOn = member.dynamicSchema?.dependsOn ?? [];
  const properties: unknown = Reflect.get(member.input, 'properties');
  const problems: Problem[] = [];
  for (const key of Object.keys(config)) {
    if (!dependsOn.includes(key)) problems.push({ path: `config.${key}`, message: dependsOn.length > 0 ? `is not one of the inputs the schema depends on (${dependsOn.join(', ')})` : 'is not taken: this schema depends on no input' });
  }
  for (const key of dependsOn) {
    if (config[key] === undefined) {
      problems.push({ path: `config.${key}`, message: 'is required' });
      continue;
    }
    const schema: unknown = typeof properties === 'object' && properties !== null ? Reflect.get(properties, key) : undefined;
    if (typeof schema === 'object' && schema !== null) problems.push(...schemaProblems(schema, config[key], `config.${key}`));
  }
  return problems;
}

/** Input and output schemas of an action or trigger, computed through the connection when dynamic. */
export async function memberSchemas(state: ConnectionState, call: ConnectorCall, cache: DesignCache, request: SchemaRequest, refresh: boolean): Promise<MemberSchemas> {
  const { member, what } = memberOf(state, request);
  const problems = configProblems(member, request.config);
  if (problems.length > 0) throw new InvalidInputError(`Invalid configuration for ${what}: ${summarizeProblems(problems)}.`, problems);
  const dynamic = member.dynamicSchema;
  const fallback = { input: member.input, output: member.output ?? {} };
  if (!dynamic) return fallback;
  return cached(cache, cacheKey(state, 'schema', what, request.config), refresh, async () => {
    const computed = await call((ctx) => dynamic.run({ ...ctx, config: request.config }));
    return { input: computed.input ?? fallback.input, output: computed.output ?? fallback.output };
  }, isSchemas);
}
