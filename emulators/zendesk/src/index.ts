import { randomBytes } from 'node:crypto';
import { type EmulatorOptions, json, OAuthAuthority, RateLimiter, Router, type RunningEmulator, serveEmulator } from '@patchbay/emulator-kit';
import { ACCESS_TTL_LIMITS, TokenLifetimes } from './auth/token-lifetimes.ts';
import type { ZendeskContext } from './context.ts';
import { ADMIN_EMAIL, seed, type ZendeskSeed } from './data/seed.ts';
import { ZendeskStore } from './data/store.ts';
import { RequestBudget } from './http/request-budget.ts';
import { invalidEndpoint } from './http/responses.ts';
import { addControlRoutes } from './routes/control.ts';
import { addFieldRoutes } from './routes/fields.ts';
import { addIncrementalRoutes } from './routes/incremental.ts';
import { addOAuthRoutes } from './routes/oauth.ts';
import { addOrganizationRoutes } from './routes/organizations.ts';
import { addSearchRoutes } from './routes/search.ts';
import { addTicketRoutes } from './routes/tickets.ts';
import { addUserRoutes } from './routes/users.ts';

export type { ZendeskSeed } from './data/seed.ts';

export interface ZendeskEmulatorOptions extends EmulatorOptions {
  /** Shown to clients as the account name. Default `patchbay-demo`. */
  subdomain?: string;
  /** The account's API token (`{email}/token:{api_token}`). Default `emulator-zendesk-api-token`. */
  apiToken?: string;
  /**
   * Seconds of recent changes the incremental export holds back. Default 60, as Zendesk (§11);
   * tests set 0 (here or with `POST /__emulator/settings`) so they need not wait a minute.
   */
  incrementalLagSeconds?: number;
}

export interface ZendeskEmulator extends RunningEmulator {
  subdomain: string;
  /** `<url>/api/v2`: what node-zendesk takes as `endpointUri`. */
  apiBaseUrl: string;
  /** The demo admin's email, for API-token auth. */
  agentEmail: string;
  apiToken: string;
  /** Ids of the seeded records (unchanged by a reset). */
  seed: ZendeskSeed;
}

export const ZENDESK_DEFAULTS = {
  subdomain: 'patchbay-demo',
  clientId: 'patchbay_emulator',
  clientSecret: 'emulator-zendesk-client-secret',
  password: 'demo-password',
  apiToken: 'emulator-zendesk-api-token',
  accessTokenTtlSeconds: 1800,
  incrementalLagSeconds: 60,
} as const;

/** Starts the Zendesk Support API emulator on 127.0.0.1 (fact sheet /work/shared/reference/zendesk.md). */
export async function startZendeskEmulator(options: ZendeskEmulatorOptions = {}): Promise<ZendeskEmulator> {
  const store = new ZendeskStore();
  const seeded = seed(store);
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? ZENDESK_DEFAULTS.accessTokenTtlSeconds;
  const clientId = options.clientId ?? ZENDESK_DEFAULTS.clientId;
  const clientSecret = options.clientSecret ?? ZENDESK_DEFAULTS.clientSecret;
  const oauth = new OAuthAuthority({
    appName: 'Zendesk',
    client: { clientId, clientSecret, redirectUris: options.redirectUris ?? [] },
    user: { id: String(seeded.adminUserId), username: ADMIN_EMAIL, password: ZENDESK_DEFAULTS.password, name: 'Dana Admin', email: ADMIN_EMAIL },
    defaultScopes: ['read', 'write'],
    // Each token's own lifetime is enforced by TokenLifetimes (Zendesk lets the token request choose
    // it); the authority only needs to outlive the longest one.
    accessTokenTtlSeconds: Math.max(ACCESS_TTL_LIMITS.max, accessTokenTtlSeconds),
    rotateRefreshTokens: true,
    codeTtlSeconds: 120, // §3
    autoApprove: options.autoApprove ?? false,
    // Zendesk's classic tokens are 64 hex characters.
    newToken: () => randomBytes(32).toString('hex'),
  });
  const lifetimes = new TokenLifetimes();
  const rateLimit = new RateLimiter();
  const budget = new RequestBudget();
  const ctx: ZendeskContext = {
    store,
    oauth,
    lifetimes,
    rateLimit,
    budget,
    settings: {
      apiToken: options.apiToken ?? ZENDESK_DEFAULTS.apiToken,
      accessTokenTtlSeconds,
      incrementalLagSeconds: options.incrementalLagSeconds ?? ZENDESK_DEFAULTS.incrementalLagSeconds,
    },
    seed: seeded,
    reset() {
      store.clear();
      ctx.seed = seed(store);
      oauth.reset();
      lifetimes.clear();
      rateLimit.reset();
      budget.reset();
    },
  };

  const router = new Router();
  addOAuthRoutes(router, ctx);
  addUserRoutes(router, ctx);
  addOrganizationRoutes(router, ctx);
  addFieldRoutes(router, ctx);
  addTicketRoutes(router, ctx);
  addSearchRoutes(router, ctx);
  addIncrementalRoutes(router, ctx);
  addControlRoutes(router, ctx);

  const server = await serveEmulator(
    options.port ?? 0,
    router,
    (req) => (req.path.startsWith('/api/') ? invalidEndpoint() : json(404, { error: 'not_found', message: `No route for ${req.method} ${req.path}` })),
    // node-zendesk always adds `.json`, Zendesk's docs never do: both reach the same route (§1).
    (path) => path.replace(/\.json$/, ''),
  );
  return {
    app: 'zendesk',
    url: server.url,
    port: server.port,
    clientId,
    clientSecret,
    user: { username: ADMIN_EMAIL, password: ZENDESK_DEFAULTS.password },
    requests: server.requests,
    close: server.close,
    subdomain: options.subdomain ?? ZENDESK_DEFAULTS.subdomain,
    apiBaseUrl: `${server.url}/api/v2`,
    agentEmail: ADMIN_EMAIL,
    apiToken: ctx.settings.apiToken,
    get seed() {
      return ctx.seed;
    },
  };
}
