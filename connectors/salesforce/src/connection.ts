import { defineConnection, type Fields } from '@patchbay/sdk';
import { API_VERSION, identityOf, sessionExpired } from './api.ts';

/** Field names are a public contract: tests outside this repository create connections with them. */
export const fields = {
  environment: {
    type: 'select',
    label: 'Environment',
    default: 'production',
    options: [
      { value: 'production', label: 'Production (login.salesforce.com)' },
      { value: 'sandbox', label: 'Sandbox (test.salesforce.com)' },
    ],
  },
  serverUrl: {
    type: 'url',
    label: 'Login URL',
    help: 'Your My Domain login URL (https://acme.my.salesforce.com), or leave empty to log in at login.salesforce.com or test.salesforce.com by environment.',
    placeholder: 'https://acme.my.salesforce.com',
  },
  clientId: { type: 'text', label: 'Consumer key', required: true, operatorDefault: true, help: "The connected app's consumer key." },
  clientSecret: { type: 'secret', label: 'Consumer secret', required: true, operatorDefault: true, help: "The connected app's consumer secret." },
} as const satisfies Fields;

/** Where the user logs in: a My Domain or other server URL when given, else by environment (fact sheet §1). */
export function loginUrl(f: { environment: 'production' | 'sandbox'; serverUrl?: string }): string {
  if (f.serverUrl) return f.serverUrl.replace(/\/+$/, '');
  return f.environment === 'sandbox' ? 'https://test.salesforce.com' : 'https://login.salesforce.com';
}

/** The org id and user id in the identity URL `https://<login>/id/<orgId>/<userId>` of the token response. */
function idsOf(identityUrl: string | undefined): { orgId: string; userId: string } | undefined {
  const match = identityUrl ? /\/id\/([^/]+)\/([^/?#]+)/.exec(identityUrl) : null;
  return match?.[1] && match[2] ? { orgId: match[1], userId: match[2] } : undefined;
}

export const connection = defineConnection({
  fields,
  auth: {
    kind: 'oauth2',
    authorizationUrl: (f) => `${loginUrl(f)}/services/oauth2/authorize`,
    tokenUrl: (f) => `${loginUrl(f)}/services/oauth2/token`,
    clientId: (f) => f.clientId,
    clientSecret: (f) => f.clientSecret.reveal(),
    // `api` for the REST API, `id` for the identity URL, `refresh_token` to stay connected (§3).
    scopes: ['api', 'id', 'refresh_token'],
    tokenAuthMethod: 'client_secret_post',
    // API calls go to the org's instance, never the login host (§1); `id` names the org and user.
    keepTokenFields: ['instance_url', 'id'],
    // Salesforce sends no expires_in: an expired session shows only in an answer (§3, §7, §8).
    refreshOn: sessionExpired,
  },
  baseUrl: ({ fields: f, tokenFields }) => `${tokenFields.instance_url ?? loginUrl(f)}/services/data/v${API_VERSION}/`,
  // The identity URL lives on the login host.
  extraHosts: ({ fields: f, tokenFields }) => [loginUrl(f), ...(tokenFields.id ? [new URL(tokenFields.id).origin] : [])],
  async test(ctx) {
    const res = await ctx.http.request({ path: '' });
    if (res.status !== 200) return { ok: false, message: `Salesforce answered ${res.status} to the REST API's resource list: the session cannot use the API.` };
  },
  async identity(ctx) {
    const who = await identityOf(ctx);
    return { label: who.username, id: who.userId, scopes: [...ctx.grantedScopes] };
  },
  // The org is the instance: re-authorising as a user of another org must be confirmed.
  async instance(ctx) {
    const ids = idsOf(ctx.tokenFields.id);
    return ids?.orgId ?? (await identityOf(ctx)).orgId;
  },
});
