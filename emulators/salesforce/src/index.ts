import { randomBytes } from 'node:crypto';
import { type EmulatorOptions, OAuthAuthority, RateLimiter, type RunningEmulator, Router } from '@patchbay/emulator-kit';
import { addControlRoutes } from './controls/control-routes.ts';
import { to15 } from './ids.ts';
import { addIdentityRoutes } from './oauth/identity-routes.ts';
import { addOAuthRoutes } from './oauth/oauth-routes.ts';
import { Org } from './org.ts';
import type { ApiDeps } from './routes/api-context.ts';
import { addDescribeRoutes } from './routes/describe.ts';
import { addExternalIdRoutes } from './routes/external-id.ts';
import { addQueryRoutes } from './routes/query.ts';
import { addRecordRoutes } from './routes/records.ts';
import { addResourceRoutes } from './routes/resources.ts';
import { serveSalesforce } from './server.ts';

export interface SalesforceEmulatorOptions extends EmulatorOptions {
  /** Shown on the login page. @default 'Patchbay Demo' */
  orgName?: string;
}

export interface SalesforceEmulator extends RunningEmulator {
  /** 18-character org id (`00D…`), random per start. */
  orgId: string;
  /** 18-character id (`005…`) of the demo user. */
  userId: string;
  /** The API version Patchbay's connector speaks; the emulator serves v40.0–v67.0. */
  apiVersion: '62.0';
  orgName: string;
}

export const DEFAULT_CLIENT_ID = '3MVG9Patchbay.Emulator.SalesforceConsumerKey';
export const DEFAULT_CLIENT_SECRET = 'emulator-salesforce-consumer-secret';
/** Salesforce's default session timeout (two hours). */
const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 7200;
/** Granted when the authorize request names no scope (the brief). */
const DEFAULT_SCOPES = ['api', 'refresh_token', 'id'];

/** Salesforce-looking token values: `<15-char org id>!<opaque>` (§3) and `5Aep861…` refresh tokens. */
function tokenFactory(orgId: string): (kind: 'access' | 'refresh') => string {
  const opaque = (bytes: number) => randomBytes(bytes).toString('base64url').replace(/-/g, '.');
  return (kind) => (kind === 'access' ? `${to15(orgId)}!AQ${opaque(72)}` : `5Aep861${opaque(60)}`);
}

/**
 * Starts one Salesforce org on 127.0.0.1: OAuth web-server flow, identity, REST API (describe,
 * CRUD, upsert, SOQL) and the `/__emulator/` control plane. Login and instance host are the same
 * origin.
 *
 * @example
 * const sf = await startSalesforceEmulator({ autoApprove: true });
 * const conn = new jsforce.Connection({ instanceUrl: sf.url, accessToken, version: sf.apiVersion });
 */
export async function startSalesforceEmulator(options: SalesforceEmulatorOptions = {}): Promise<SalesforceEmulator> {
  const orgName = options.orgName ?? 'Patchbay Demo';
  const org = new Org(orgName);
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const oauth = new OAuthAuthority({
    appName: `Salesforce (${orgName})`,
    client: { clientId, clientSecret, redirectUris: options.redirectUris ?? [] },
    user: { id: org.userId, username: org.user.username, password: org.user.password, name: `${org.user.firstName} ${org.user.lastName}`, email: org.user.email },
    defaultScopes: DEFAULT_SCOPES,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
    rotateRefreshTokens: false,
    // §3: a refresh token only for grants that asked for one.
    issuesRefreshToken: (scopes) => scopes.includes('refresh_token') || scopes.includes('offline_access'),
    autoApprove: options.autoApprove ?? false,
    newToken: tokenFactory(org.orgId),
  });
  const rateLimit = new RateLimiter();
  const deps: ApiDeps = { org, oauth, rateLimit };

  const router = new Router();
  addOAuthRoutes(router, org, oauth);
  addIdentityRoutes(router, org, oauth);
  addControlRoutes(router, org, oauth, rateLimit);
  addResourceRoutes(router, deps);
  // Describe before records: `/sobjects/Account/describe` must not read as a record id.
  addDescribeRoutes(router, deps);
  addRecordRoutes(router, deps);
  addExternalIdRoutes(router, deps);
  addQueryRoutes(router, deps);

  const served = await serveSalesforce(options.port ?? 0, router);
  return {
    app: 'salesforce',
    url: served.url,
    port: served.port,
    clientId,
    clientSecret,
    user: { username: org.user.username, password: org.user.password },
    requests: served.requests,
    close: served.close,
    orgId: org.orgId,
    userId: org.userId,
    apiVersion: '62.0',
    orgName,
  };
}
