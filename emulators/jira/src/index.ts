import { randomUUID } from 'node:crypto';
import { type EmulatorOptions, OAuthAuthority, RateLimiter, Router, type RunningEmulator, serveEmulator } from '@patchbay/emulator-kit';
import { mountApi } from './api.ts';
import { API_TOKEN, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_SCOPES, DEFAULT_SITE_NAME, DEMO_USER } from './config.ts';
import { addControlRoutes } from './controls/routes.ts';
import { addOAuthRoutes } from './oauth-routes.ts';
import { unknownResource } from './responses.ts';
import { commentRoutes } from './routes/comments.ts';
import { identityRoutes } from './routes/identity.ts';
import { issueRoutes } from './routes/issues.ts';
import { metadataRoutes } from './routes/metadata.ts';
import { projectRoutes } from './routes/projects.ts';
import { searchRoutes } from './routes/search.ts';
import { JiraStore } from './store/store.ts';

export interface JiraEmulatorOptions extends EmulatorOptions {
  /** The site's name, as in `<name>.atlassian.net` and accessible-resources. Default `patchbay-demo`. */
  siteName?: string;
}

/**
 * One origin plays the three Atlassian hosts: the authorization server (`/authorize`,
 * `/oauth/token`), the API gateway (`/oauth/token/accessible-resources`, `/ex/jira/{cloudId}/…`)
 * and the site itself (`/rest/api/3/…`, `/_edge/tenant_info`) at the root.
 */
export interface JiraEmulator extends RunningEmulator {
  /** A fresh UUID each start, as a real site's cloud id looks. */
  cloudId: string;
  /** The site's base URL (= `url`): what Basic-auth clients take as `host`. */
  siteUrl: string;
  siteName: string;
  /** `<url>/ex/jira/<cloudId>`: what 3LO clients take as `host`. */
  gatewayBaseUrl: string;
  /** Basic auth on the site: `email:apiToken`. */
  email: string;
  apiToken: string;
  accountId: string;
}

export async function startJiraEmulator(options: JiraEmulatorOptions = {}): Promise<JiraEmulator> {
  const cloudId = randomUUID();
  const siteName = options.siteName ?? DEFAULT_SITE_NAME;
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 3600;
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const store = new JiraStore();
  const rateLimit = new RateLimiter();
  const oauth = new OAuthAuthority({
    appName: 'Atlassian',
    client: { clientId, clientSecret, redirectUris: options.redirectUris ?? [] },
    user: { id: DEMO_USER.accountId, username: DEMO_USER.email, password: DEMO_USER.password, name: DEMO_USER.displayName, email: DEMO_USER.email },
    defaultScopes: DEFAULT_SCOPES,
    accessTokenTtlSeconds,
    // §3: every refresh returns a new refresh token and disables the one sent.
    rotateRefreshTokens: true,
    // §3: a refresh token only when the app asked for `offline_access`.
    issuesRefreshToken: (scopes) => scopes.includes('offline_access'),
    autoApprove: options.autoApprove ?? false,
  });

  const router = new Router();
  addOAuthRoutes(router, oauth, { cloudId, siteName });
  // Real Jira Cloud answers this unauthenticated; it is how a Basic-auth client learns the cloud id.
  router.add('GET', '/_edge/tenant_info', () => ({ status: 200, body: { cloudId } }));
  mountApi(router, { store, oauth, rateLimit, cloudId, basic: { email: DEMO_USER.email, apiToken: API_TOKEN }, accountId: DEMO_USER.accountId }, [
    ...identityRoutes,
    ...projectRoutes,
    ...metadataRoutes,
    ...issueRoutes,
    ...commentRoutes,
    ...searchRoutes,
  ]);
  addControlRoutes(router, { store, oauth, rateLimit, cloudId, accessTokenTtlSeconds });

  const served = await serveEmulator(options.port ?? 0, router, (req) => unknownResource(`${req.origin}${req.path}`));
  return {
    app: 'jira',
    url: served.url,
    port: served.port,
    clientId,
    clientSecret,
    user: { username: DEMO_USER.email, password: DEMO_USER.password },
    requests: served.requests,
    close: served.close,
    cloudId,
    siteUrl: served.url,
    siteName,
    gatewayBaseUrl: `${served.url}/ex/jira/${cloudId}`,
    email: DEMO_USER.email,
    apiToken: API_TOKEN,
    accountId: DEMO_USER.accountId,
  };
}
