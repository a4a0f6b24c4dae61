import type { Static, TSchema } from 'typebox';
import type { AuthDef } from './auth.ts';
import type { Fields, PublicFieldValues } from './fields.ts';
import type { HttpClient } from './http.ts';

export interface ConnectorLog {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}

/** What connector code receives: never the store, the master key or another connection. */
export interface ConnectorContext<F extends Fields> {
  /** The connection's non-secret fields. */
  connection: PublicFieldValues<F>;
  /** Token-response fields the auth declared to keep (e.g. Salesforce `instance_url`). */
  tokenFields: Readonly<Record<string, string>>;
  /** Scopes the app granted, when it says. */
  grantedScopes: readonly string[];
  http: HttpClient;
  log: ConnectorLog;
}

/** The integration user a connection is authorised as. */
export interface Identity {
  /** Shown as “connected as …”. @example 'integration@acme.com' */
  label: string;
  id?: string;
  /** Scopes or permissions, when the app reports them beside the token. */
  scopes?: string[];
}

export interface TestResult { ok: boolean; message?: string }

export interface ConnectionDef<F extends Fields> {
  fields: F;
  auth: AuthDef<F>;
  /**
   * Where API requests go. Credentials are only ever sent to this URL's host and `extraHosts`.
   * @example ({ fields }) => `https://${fields.subdomain}.zendesk.com/api/v2/`
   */
  baseUrl: (source: { fields: PublicFieldValues<F>; tokenFields: Readonly<Record<string, string>> }) => string;
  /** Other hosts that may receive credentials. Default none. */
  extraHosts?: (source: { fields: PublicFieldValues<F>; tokenFields: Readonly<Record<string, string>> }) => string[];
  /** Runs at connect time, on demand and on recipe start. Throw or return `{ ok: false }` to fail. */
  test: (ctx: ConnectorContext<F>) => Promise<TestResult | void>;
  /** The integration user. Default: none shown. */
  identity?: (ctx: ConnectorContext<F>) => Promise<Identity>;
  /**
   * A stable key of the app instance (org id, site URL, host+database). Re-authorising a connection
   * into a different instance is refused unless confirmed. Default: none (no instance check).
   */
  instance?: (ctx: ConnectorContext<F>) => Promise<string>;
}

export interface ActionDef<F extends Fields, I extends TSchema> {
  title: string;
  description?: string;
  input: I;
  /** JSON schema of the output, for documentation and mapping. */
  output?: TSchema;
  run: (ctx: ConnectorContext<F> & { input: Static<I> }) => Promise<unknown>;
}

export interface PicklistOption { value: string; label: string }

/** A design-time list fetched through the connection (objects, fields, projects). */
export interface PicklistDef<F extends Fields> {
  title: string;
  run: (ctx: ConnectorContext<F>) => Promise<PicklistOption[]>;
}

export interface PollResult {
  events: { dedupeKey: string; data: unknown }[];
  cursor: string;
  hasMore?: boolean;
}

export interface TriggerDef<F extends Fields, I extends TSchema> {
  title: string;
  description?: string;
  kind: 'polling' | 'webhook';
  input: I;
  /**
   * Polling: fetch events after `cursor`. On the first poll `cursor` is undefined and `since` says
   * where the user chose to begin (an ISO time; the start time for "only new events").
   * Return the new cursor; `dedupeKey`s already seen are dropped; `hasMore` polls again at once.
   */
  poll?: (ctx: ConnectorContext<F> & { input: Static<I>; cursor: string | undefined; since: string | undefined }) => Promise<PollResult>;
}

export interface ConnectorDef<F extends Fields, A extends Record<string, TSchema>, T extends Record<string, TSchema>> {
  /** Stable id used in recipes and the API. @example 'salesforce' */
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
  picklists?: Record<string, PicklistDef<F>>;
  actions?: { [K in keyof A]: ActionDef<F, A[K]> };
  triggers?: { [K in keyof T]: TriggerDef<F, T[K]> };
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
  picklists: Record<string, PicklistDef<Fields>>;
  actions: Record<string, ActionDef<Fields, TSchema>>;
  triggers: Record<string, TriggerDef<Fields, TSchema>>;
}

/**
 * Declares a connector. Types flow from `connection.fields` into every callback, and from each
 * action's `input` schema into its `run`, so connector code never casts.
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
  // Erasing the field types is sound here: the vault validates values against `fields` before any
  // callback runs, so callbacks always receive values of the declared shape.
  const erased = def as unknown as ConnectorDef<Fields, Record<string, TSchema>, Record<string, TSchema>>;
  return {
    key: erased.key,
    title: erased.title,
    version: erased.version,
    description: erased.description,
    maxSlotsPerRecipe: erased.maxSlotsPerRecipe ?? 1,
    connection: erased.connection,
    objects: erased.objects ?? [],
    picklists: erased.picklists ?? {},
    actions: erased.actions ?? {},
    triggers: erased.triggers ?? {},
  };
}
