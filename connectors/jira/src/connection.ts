import { defineConnection, multiAuth } from '@patchbay/sdk';
import { call, isScopeMismatch, textOf } from './api.ts';
import { type JiraContext, apiBaseOf, authBaseOf, fields, requiredSiteUrl } from './fields.ts';
import { discoverSite } from './sites.ts';

/**
 * Classic scopes (§3): read and write issues, read users (`myself`), and `offline_access` for a
 * refresh token. Actions and triggers declare which of these they need.
 */
export const SCOPES = ['read:jira-work', 'write:jira-work', 'read:jira-user', 'offline_access'] as const;

/** The integration user (`GET /myself`, §4): also where the trigger learns the user's time zone. */
export async function myself(ctx: JiraContext): Promise<{ accountId: string; label: string; timeZone: string | undefined }> {
  const res = await call(ctx, { path: 'myself' }, 'the connected user');
  const accountId = textOf(res.body, 'accountId') ?? '';
  // The e-mail address is hidden by some users' privacy settings (§4).
  const label = textOf(res.body, 'emailAddress') || textOf(res.body, 'displayName') || accountId;
  return { accountId, label, timeZone: textOf(res.body, 'timeZone') };
}

export const connection = defineConnection({
  fields,
  auth: multiAuth(fields, 'auth', {
    oauth2: {
      requires: ['clientId', 'clientSecret'],
      // The site picks one of several the account reaches; the server URL replaces Atlassian's hosts.
      optional: ['site', 'serverUrl'],
      auth: {
        kind: 'oauth2',
        authorizationUrl: (f) => `${authBaseOf(f)}/authorize`,
        tokenUrl: (f) => `${authBaseOf(f)}/oauth/token`,
        clientId: (f) => f.clientId,
        clientSecret: (f) => f.clientSecret.reveal(),
        scopes: SCOPES,
        // Atlassian documents client_id and client_secret in the token request body (§3).
        tokenAuthMethod: 'client_secret_post',
        // The audience makes auth.atlassian.com issue a token for the API gateway; `consent` shows
        // the site picker every time, so reconnecting can reach a site added since.
        authorizeParams: { audience: 'api.atlassian.com', prompt: 'consent' },
        // A 401 for a missing scope is not a stale token: refreshing would not help (§3).
        refreshOn: (res) => res.status === 401 && !isScopeMismatch(res.body),
      },
    },
    apiToken: {
      requires: ['site', 'email', 'apiToken'],
      auth: { kind: 'basic', username: (f) => f.email, password: (f) => f.apiToken },
    },
  }),
  // 3LO tokens only work through the gateway, API tokens on the site itself (§1). Before `discover`
  // has found the cloud id, OAuth calls can only reach the gateway's own endpoints.
  baseUrl: ({ fields: f, discovered }) => {
    if (f.auth === 'apiToken') return `${requiredSiteUrl(f.site)}/rest/api/3/`;
    return discovered.cloudId ? `${apiBaseOf(f)}/ex/jira/${encodeURIComponent(discovered.cloudId)}/rest/api/3/` : `${apiBaseOf(f)}/`;
  },
  // accessible-resources lives on the gateway host, outside the site's API path.
  extraHosts: ({ fields: f }) => (f.auth === 'oauth2' ? [apiBaseOf(f)] : []),
  discover: discoverSite,
  async test(ctx) {
    await myself(ctx);
  },
  async identity(ctx) {
    const who = await myself(ctx);
    return { label: who.label, id: who.accountId, ...(ctx.connection.auth === 'oauth2' ? { scopes: [...ctx.grantedScopes] } : {}) };
  },
  // The site is the instance; its cloud id is the same whichever way the connection signs in.
  async instance(ctx) {
    return ctx.discovered.cloudId ?? ctx.discovered.siteUrl ?? requiredSiteUrl(ctx.connection.site);
  },
});
