// oidc-provider 8.x ships no TypeScript types (and @types/oidc-provider is not installed), so this
// declares only the small surface the test kit uses. Widen it here when a test needs more.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** What an adapter stores for one artifact (token, grant, session, interaction...). */
  export interface AdapterPayload {
    [key: string]: unknown;
    uid?: string;
    grantId?: string;
    userCode?: string;
    consumed?: number;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  /** The fields of a stored access token (AccessToken or ClientCredentials) the kit reads. */
  export interface StoredAccessToken {
    jti: string;
    accountId?: string;
    clientId: string;
    scope?: string;
    exp: number;
    readonly isExpired: boolean;
  }

  export interface TokenModel {
    find(value: string, options?: { ignoreExpiration?: boolean }): Promise<StoredAccessToken | undefined>;
  }

  /** The koa context oidc-provider passes to its events; only `oidc.params` is read here. */
  export interface ProviderContext {
    oidc: { params: Record<string, string | undefined> };
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    readonly issuer: string;
    AccessToken: TokenModel;
    ClientCredentials: TokenModel;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (ctx: ProviderContext, ...rest: unknown[]) => void): this;
  }
}
