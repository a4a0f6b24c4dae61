import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type StoredAccessToken } from 'oidc-provider';
import { InstanceStore } from './instance-adapter.ts';

// A real OAuth 2.0 authorization server (panva's oidc-provider 8.8.1) plus a protected resource on
// the same loopback port, so tests of Patchbay's OAuth client exercise real redirects, PKCE, token
// rotation and revocation instead of a hand-written double.

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post';

export interface OAuthServerOptions {
  /** Redirect URIs registered for the one confidential client, e.g. `http://127.0.0.1:8080/oauth/callback`. */
  redirectUris: string[];
  /** `true`: every refresh returns a new refresh token and reusing an old one revokes the whole grant. `false`: never rotates. */
  rotateRefreshToken: boolean;
  /** Lifetime in seconds of access tokens, both user (authorization code) and client-credentials ones. @default 3600 */
  accessTokenTtl?: number;
  /** Require PKCE (S256) even for the confidential client. @default true */
  pkceRequired?: boolean;
  /** Plain OAuth scopes the server knows. @default ['read', 'write'] */
  scopes?: string[];
  /** How the client authenticates at the token endpoint. @default 'client_secret_basic' */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
}

export interface GrantCounter {
  /** Successful token responses, all or for one `grant_type` ('authorization_code', 'refresh_token', 'client_credentials'). */
  count(grantType?: string): number;
  reset(): void;
}

export interface OAuthServer {
  issuer: string;
  authorizationUrl: string;
  tokenUrl: string;
  /** RFC 7009 revocation endpoint (enabled so disconnect flows can be tested). */
  revocationUrl: string;
  /** Base of the protected resource: `${apiBaseUrl}/me`, `${apiBaseUrl}/echo`. */
  apiBaseUrl: string;
  clientId: string;
  clientSecret: string;
  grants: GrantCounter;
  /** Number of requests received under /api since start. */
  readonly apiRequests: number;
  /** Every bearer token sent to /api since start: canaries for tests that check none leaks. */
  readonly bearerTokens: ReadonlySet<string>;
  /** Forgets every grant, token and session, as an app does when the user revokes access. */
  revokeAll(): void;
  close(): Promise<void>;
}

// RSA key generation costs tens of milliseconds: one signing key per process is plenty for tests.
let signingJwk: Record<string, unknown> | undefined;
function signingKey(): Record<string, unknown> {
  signingJwk ??= {
    ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
    use: 'sig',
    kid: 'testkit',
  };
  return signingJwk;
}

/** Starts the server on 127.0.0.1 and a free port; `close()` it in `afterAll`. */
export async function startOAuthServer(options: OAuthServerOptions): Promise<OAuthServer> {
  const accessTokenTtl = options.accessTokenTtl ?? 3600;
  const store = new InstanceStore();
  const clientId = `testkit-${randomBytes(6).toString('hex')}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const grantTypes: string[] = [];
  let apiRequests = 0;
  const bearerTokens = new Set<string>();

  // The issuer must contain the port, which is known only once listening: route lazily.
  let providerCallback: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  let provider: Provider | undefined;
  const server = createServer((req, res) => {
    if (req.url === '/api' || req.url?.startsWith('/api/')) {
      apiRequests += 1;
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer) bearerTokens.add(bearer);
      handleApi(provider!, req, res).catch((err: unknown) => sendJson(res, 500, { error: String(err) }));
      return;
    }
    providerCallback!(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  provider = withoutProviderNotices(
    () =>
      new Provider(issuer, {
        adapter: store.factory,
        jwks: { keys: [signingKey()] },
        cookies: { keys: [randomBytes(16).toString('hex')] },
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: options.redirectUris,
            grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
            response_types: ['code'],
            token_endpoint_auth_method: options.tokenEndpointAuthMethod ?? 'client_secret_basic',
          },
        ],
        scopes: options.scopes ?? ['read', 'write'],
        pkce: { required: () => options.pkceRequired ?? true, methods: ['S256'] },
        // Without this a refresh token needs offline_access + prompt=consent; tests should not care.
        issueRefreshToken: () => true,
        // Explicit: the default rotates confidential clients' tokens only after 70% of their life.
        rotateRefreshToken: options.rotateRefreshToken,
        features: {
          devInteractions: { enabled: true },
          clientCredentials: { enabled: true },
          revocation: { enabled: true },
        },
        // Every default below would print a "you SHOULD change it" notice the first time it runs.
        ttl: {
          AccessToken: accessTokenTtl,
          ClientCredentials: accessTokenTtl,
          AuthorizationCode: 60,
          RefreshToken: 14 * 24 * 3600,
          IdToken: 3600,
          Interaction: 600,
          Session: 3600,
          Grant: 14 * 24 * 3600,
        },
        findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub }) }),
        renderError: (ctx: { type: string; body: unknown }, out: Record<string, string>) => {
          ctx.type = 'json';
          ctx.body = out; // JSON error pages read better in a failing test than the default HTML
        },
        clientBasedCORS: () => true,
      }),
  );
  provider.on('grant.success', (ctx) => grantTypes.push(ctx.oidc.params.grant_type ?? 'unknown'));
  // A 500 from the provider is a bug in the test setup: show it instead of a bare status code.
  provider.on('server_error', (_ctx, err) => console.error('testkit oauth server_error:', err));
  providerCallback = provider.callback();

  return {
    issuer,
    authorizationUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    revocationUrl: `${issuer}/token/revocation`,
    apiBaseUrl: `${issuer}/api`,
    clientId,
    clientSecret,
    grants: {
      count: (grantType) => (grantType ? grantTypes.filter((g) => g === grantType).length : grantTypes.length),
      reset: () => void grantTypes.splice(0),
    },
    get apiRequests() {
      return apiRequests;
    },
    bearerTokens,
    revokeAll: () => store.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections(); // fetch keeps sockets alive; close() alone would wait for them
      }),
  };
}

async function handleApi(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/api/echo') {
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key);
      query[key] = values.length === 1 ? values[0]! : values;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    sendJson(res, 200, {
      method: req.method,
      path: url.pathname,
      headers: req.headers,
      query,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    return;
  }
  if (url.pathname === '/api/me' && req.method === 'GET') {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) {
      // RFC 6750 §3.1: a request without credentials gets a challenge without an error code.
      res.setHeader('WWW-Authenticate', 'Bearer realm="testkit"');
      sendJson(res, 401, { error: 'unauthorized' });
      return;
    }
    const token: StoredAccessToken | undefined =
      (await provider.AccessToken.find(match[1]!)) ?? (await provider.ClientCredentials.find(match[1]!));
    if (!token) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      sendJson(res, 401, { error: 'invalid_token' });
      return;
    }
    // Client-credentials tokens have no end-user: their subject is the client itself.
    sendJson(res, 200, { sub: token.accountId ?? token.clientId, scope: token.scope ?? '', clientId: token.clientId });
    return;
  }
  sendJson(res, 404, { error: 'not_found' });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

// oidc-provider prints a warning for devInteractions at construction whatever the configuration;
// tests want quiet output, and the warning is expected here, so drop its lines during construction.
function withoutProviderNotices<T>(build: () => T): T {
  const { warn, info } = console;
  const filter =
    (original: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('oidc-provider ')) return;
      original(...args);
    };
  console.warn = filter(warn);
  console.info = filter(info);
  try {
    return build();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}
