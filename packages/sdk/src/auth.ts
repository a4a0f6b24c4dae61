import type { Secret } from '@patchbay/core';
import type { FieldValues, Fields } from './fields.ts';
import type { HttpClient, HttpResponse, OutgoingRequest } from './http.ts';

/** A value computed from the connection's fields, e.g. a login host chosen by an environment field. */
export type FromFields<F extends Fields, T = string> = T | ((fields: FieldValues<F>) => T);

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
export interface OAuth2Auth<F extends Fields> extends AuthCommon<OAuth2Credentials> {
  kind: 'oauth2';
  /** @example (f) => `https://${f.environment === 'sandbox' ? 'test' : 'login'}.salesforce.com/services/oauth2/authorize` */
  authorizationUrl: FromFields<F>;
  tokenUrl: FromFields<F>;
  clientId: FromFields<F>;
  /** Omit for a public client. */
  clientSecret?: FromFields<F>;
  /** Default `[]`. */
  scopes?: FromFields<F, readonly string[]>;
  /** Default `true`. */
  pkce?: FromFields<F, boolean>;
  /** Default `client_secret_basic`. */
  tokenAuthMethod?: FromFields<F, 'client_secret_basic' | 'client_secret_post'>;
  /** Extra authorize parameters, e.g. `{ prompt: 'consent' }`. */
  authorizeParams?: FromFields<F, Record<string, string>>;
  /** Token-response fields to keep beside the tokens, e.g. `['instance_url', 'id']`. Default none. */
  keepTokenFields?: readonly string[];
}

export interface OAuth2ClientCredentialsAuth<F extends Fields> extends AuthCommon<OAuth2Credentials> {
  kind: 'oauth2ClientCredentials';
  tokenUrl: FromFields<F>;
  clientId: FromFields<F>;
  clientSecret: FromFields<F>;
  scopes?: FromFields<F, readonly string[]>;
  /** Default `client_secret_basic`. */
  tokenAuthMethod?: FromFields<F, 'client_secret_basic' | 'client_secret_post'>;
  /** Extra token request parameters, e.g. `{ audience: '…' }`. */
  tokenParams?: FromFields<F, Record<string, string>>;
}

export interface BasicAuth<F extends Fields> extends AuthCommon<BasicCredentials> {
  kind: 'basic';
  username: FromFields<F>;
  password: (fields: FieldValues<F>) => Secret;
}

export interface ApiKeyAuth<F extends Fields> extends AuthCommon<ApiKeyCredentials> {
  kind: 'apiKey';
  /** Default `header`. */
  placement?: FromFields<F, 'header' | 'query'>;
  /** Header or query parameter name. @example 'X-API-Key' */
  name: FromFields<F>;
  value: (fields: FieldValues<F>) => Secret;
}

/** What a custom flow's `acquire`/`refresh` returns: secret state (e.g. a session token). */
export interface CustomAuthState {
  state: Record<string, Secret>;
  /** When the state stops working; the token manager refreshes ahead of it. */
  expiresAt?: Date;
}

export interface CustomAuthContext<F extends Fields> {
  fields: FieldValues<F>;
  /** Unauthenticated client on the connection's base URL (to call a login endpoint). */
  http: HttpClient;
}

/** A multi-step flow: log in, keep a session token, refresh it. */
export interface CustomAuth<F extends Fields> {
  kind: 'custom';
  acquire: (ctx: CustomAuthContext<F>) => Promise<CustomAuthState>;
  /** Default: `acquire` again. */
  refresh?: (ctx: CustomAuthContext<F> & { state: Record<string, Secret> }) => Promise<CustomAuthState>;
  apply: (request: OutgoingRequest, credentials: CustomCredentials) => void;
  refreshOn?: RefreshOn;
}

export interface NoAuth { kind: 'none' }

export type SingleAuth<F extends Fields> =
  | OAuth2Auth<F>
  | OAuth2ClientCredentialsAuth<F>
  | BasicAuth<F>
  | ApiKeyAuth<F>
  | CustomAuth<F>
  | NoAuth;

export type AuthKind = SingleAuth<Fields>['kind'];

/** Several kinds; the value of `field` (a select field) picks one. */
export interface MultiAuth<F extends Fields> {
  kind: 'multi';
  field: keyof F & string;
  options: Record<string, { auth: SingleAuth<F>; /** Fields required when this option is chosen. */ requires?: readonly (keyof F & string)[] }>;
}

export type AuthDef<F extends Fields> = SingleAuth<F> | MultiAuth<F>;

export function resolveFromFields<F extends Fields, T>(value: FromFields<F, T>, fields: FieldValues<F>): T {
  // T is never a function in our declarations, so a function here is always the resolver.
  return typeof value === 'function' ? (value as (f: FieldValues<F>) => T)(fields) : value;
}
