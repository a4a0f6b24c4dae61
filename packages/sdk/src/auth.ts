import type { Secret } from '@patchbay/core';
import type { FieldValues, Fields } from './fields.ts';
import type { HttpClient, HttpResponse, OutgoingRequest } from './http.ts';

/**
 * A value computed from the connection's field values `V`, e.g. a login host chosen by an
 * environment field. `V` is `FieldValues<F>`, narrowed inside a `multiAuth` option to the fields
 * that option requires.
 */
export type FromFields<V, T = string> = T | ((fields: V) => T);

/**
 * When the app says the credentials are stale. A list of statuses, or a predicate for apps that
 * answer 403 or 200 with an error body. Default `[401]`.
 * @example refreshOn: (res) => res.status === 200 && isRecord(res.body) && res.body.error === 'token_expired'
 */
export type RefreshOn = readonly number[] | ((response: HttpResponse) => boolean);

export interface OAuth2Credentials { kind: 'oauth2' | 'oauth2ClientCredentials'; accessToken: Secret; tokenType: string }
export interface BasicCredentials { kind: 'basic'; username: string; password: Secret }
export interface ApiKeyCredentials { kind: 'apiKey'; placement: 'header' | 'query'; name: string; value: Secret }
export interface CustomCredentials { kind: 'custom'; state: Record<string, Secret> }
export type Credentials = OAuth2Credentials | BasicCredentials | ApiKeyCredentials | CustomCredentials;

interface AuthCommon<C> {
  /** How credentials go on a request. Default per kind: Bearer header, Basic header, the key header/query. */
  apply?: (request: OutgoingRequest, credentials: C) => void;
  /** Default `[401]`. */
  refreshOn?: RefreshOn;
}

/** OAuth2 authorization code. PKCE S256 is on unless `pkce: false`. */
export interface OAuth2Auth<V> extends AuthCommon<OAuth2Credentials> {
  kind: 'oauth2';
  /** @example (f) => `https://${f.environment === 'sandbox' ? 'test' : 'login'}.salesforce.com/services/oauth2/authorize` */
  authorizationUrl: FromFields<V>;
  tokenUrl: FromFields<V>;
  clientId: FromFields<V>;
  /** Omit for a public client. */
  clientSecret?: FromFields<V>;
  /** Default `[]`. */
  scopes?: FromFields<V, readonly string[]>;
  /** Default `true`. */
  pkce?: FromFields<V, boolean>;
  /** Default `client_secret_basic`. */
  tokenAuthMethod?: FromFields<V, 'client_secret_basic' | 'client_secret_post'>;
  /** Extra authorize parameters, e.g. `{ prompt: 'consent' }`. */
  authorizeParams?: FromFields<V, Record<string, string>>;
  /** Token-response fields to keep beside the tokens, e.g. `['instance_url', 'id']`. Default none. */
  keepTokenFields?: readonly string[];
}

export interface OAuth2ClientCredentialsAuth<V> extends AuthCommon<OAuth2Credentials> {
  kind: 'oauth2ClientCredentials';
  tokenUrl: FromFields<V>;
  clientId: FromFields<V>;
  clientSecret: FromFields<V>;
  scopes?: FromFields<V, readonly string[]>;
  /** Default `client_secret_basic`. */
  tokenAuthMethod?: FromFields<V, 'client_secret_basic' | 'client_secret_post'>;
  /** Extra token request parameters, e.g. `{ audience: '…' }`. */
  tokenParams?: FromFields<V, Record<string, string>>;
}

export interface BasicAuth<V> extends AuthCommon<BasicCredentials> {
  kind: 'basic';
  username: FromFields<V>;
  password: (fields: V) => Secret;
}

export interface ApiKeyAuth<V> extends AuthCommon<ApiKeyCredentials> {
  kind: 'apiKey';
  /** Default `header`. */
  placement?: FromFields<V, 'header' | 'query'>;
  /** Header or query parameter name. @example 'X-API-Key' */
  name: FromFields<V>;
  value: (fields: V) => Secret;
}

/** What a custom flow's `acquire`/`refresh` returns: secret state (e.g. a session token). */
export interface CustomAuthState {
  state: Record<string, Secret>;
  /** When the state stops working; the token manager refreshes ahead of it. */
  expiresAt?: Date;
}

export interface CustomAuthContext<V> {
  fields: V;
  /** Unauthenticated client on the connection's base URL (to call a login endpoint). */
  http: HttpClient;
}

/** A multi-step flow: log in, keep a session token, refresh it. */
export interface CustomAuth<V> {
  kind: 'custom';
  acquire: (ctx: CustomAuthContext<V>) => Promise<CustomAuthState>;
  /** Default: `acquire` again. */
  refresh?: (ctx: CustomAuthContext<V> & { state: Record<string, Secret> }) => Promise<CustomAuthState>;
  apply: (request: OutgoingRequest, credentials: CustomCredentials) => void;
  refreshOn?: RefreshOn;
}

export interface NoAuth { kind: 'none' }

/** One way to authenticate, over field values `V` (`FieldValues<F>`). */
export type SingleAuth<V> =
  | OAuth2Auth<V>
  | OAuth2ClientCredentialsAuth<V>
  | BasicAuth<V>
  | ApiKeyAuth<V>
  | CustomAuth<V>
  | NoAuth;

/** Any connector's auth with its field types erased: what the vault holds. */
export type AnySingleAuth = SingleAuth<FieldValues<Fields>>;
export type AuthKind = AnySingleAuth['kind'];

/** The field values inside a `multiAuth` option: the fields it requires are present. */
export type Narrowed<F extends Fields, R extends keyof F> = FieldValues<F> & { [K in R & keyof FieldValues<F>]-?: NonNullable<FieldValues<F>[K]> };

type SelectFieldName<F extends Fields> = { [K in keyof F]: F[K] extends { type: 'select' } ? K : never }[keyof F] & string;

/** One option of a `multiAuth`: its auth, and the fields it needs or uses. */
export interface MultiAuthOption<F extends Fields> {
  auth: SingleAuth<FieldValues<F>>;
  /** Fields required when this option is chosen. Default none. */
  requires?: readonly (keyof F & string)[];
  /** Fields this option uses when given, without requiring them. Default none. */
  optional?: readonly (keyof F & string)[];
}

/** Several kinds; the value of `field` (a select field) picks one. Build it with `multiAuth`. */
export interface MultiAuth<F extends Fields> {
  kind: 'multi';
  field: keyof F & string;
  options: Record<string, MultiAuthOption<F>>;
}

export type AuthDef<F extends Fields> = SingleAuth<FieldValues<F>> | MultiAuth<F>;

/**
 * Several auth kinds, one chosen by a select field. Each option lists the fields it `requires`
 * (the vault refuses a connection without them; its callbacks see them as present: no `?? ''`
 * fallbacks in connector code) and the fields it uses without requiring them (`optional`). A field
 * that no option names is common to every option (a base URL). Forms show the chosen option's
 * fields and the common ones; the vault does not keep a field only other options name.
 * @example
 * multiAuth(fields, 'auth', {
 *   oauth2: { requires: ['clientId'], optional: ['scopes'], auth: { kind: 'oauth2', clientId: (f) => f.clientId, … } },
 *   apiToken: { requires: ['email', 'apiToken'], auth: { kind: 'basic', username: (f) => f.email, password: (f) => f.apiToken } },
 * })
 */
export function multiAuth<F extends Fields, const O extends Record<string, readonly (keyof F & string)[]>>(
  fields: F,
  field: SelectFieldName<F>,
  options: { [K in keyof O]: { requires?: O[K]; optional?: readonly (keyof F & string)[]; auth: SingleAuth<Narrowed<F, O[K][number]>> } },
): MultiAuth<F> {
  for (const [name, option] of Object.entries<{ requires?: readonly string[]; optional?: readonly string[] }>(options)) {
    const requires = option.requires ?? [];
    for (const [list, names] of [['requires', requires], ['optional', option.optional ?? []]] as const) {
      for (const named of names) {
        if (!(named in fields)) throw new Error(`multiAuth option "${name}" ${list === 'requires' ? 'requires' : 'lists as optional'} "${named}", which is not a field`);
        // The selector belongs to every option: named by one, it would count as a field the others do not keep.
        if (named === field) throw new Error(`multiAuth option "${name}" names "${named}", the field that chooses the option`);
        if (list === 'optional' && requires.includes(named)) throw new Error(`multiAuth option "${name}" lists "${named}" as both required and optional`);
      }
    }
  }
  // Widening each option's narrowed callbacks to the plain field values is sound because the vault
  // refuses a connection whose chosen option lacks a required field before any callback runs.
  return { kind: 'multi', field, options: options as unknown as MultiAuth<F>['options'] };
}

/** How one auth option is described to clients (`Connector.auth.kinds[]`). */
export interface AuthOptionDescription {
  option: string;
  kind: AuthKind;
  requires: string[];
  optional: string[];
}

/**
 * An auth declaration as clients see it: the selector field (`null` for a single kind) and each
 * option with the fields it requires and the ones it may use.
 */
export function describeAuth<F extends Fields>(auth: AuthDef<F>): { selectedBy: string | null; kinds: AuthOptionDescription[] } {
  if (auth.kind !== 'multi') return { selectedBy: null, kinds: [{ option: auth.kind, kind: auth.kind, requires: [], optional: [] }] };
  return {
    selectedBy: auth.field,
    kinds: Object.entries(auth.options).map(([option, o]) => ({ option, kind: o.auth.kind, requires: [...(o.requires ?? [])], optional: [...(o.optional ?? [])] })),
  };
}

/**
 * The fields a connection with `option` chosen does not use: those that only other options name.
 * Empty for a single-kind auth, and for an unknown option (nothing to judge by).
 */
export function fieldsOfOtherOptions<F extends Fields>(auth: AuthDef<F>, option: unknown): string[] {
  if (auth.kind !== 'multi' || typeof option !== 'string' || !Object.hasOwn(auth.options, option)) return [];
  const chosen = auth.options[option];
  const own = new Set([...(chosen?.requires ?? []), ...(chosen?.optional ?? [])]);
  const others = Object.entries(auth.options).filter(([name]) => name !== option).flatMap(([, o]) => [...(o.requires ?? []), ...(o.optional ?? [])]);
  return [...new Set(others)].filter((name) => !own.has(name));
}

export function resolveFromFields<V, T>(value: FromFields<V, T>, fields: V): T {
  // T is never a function in our declarations, so a function here is always the resolver.
  return typeof value === 'function' ? (value as (f: V) => T)(fields) : value;
}
