import type { ConnectorContext, Fields } from '@patchbay/sdk';

/**
 * Connection fields. `clientId`, `clientSecret` and `serverUrl` are a public contract (issue #7):
 * tests outside this repository create connections with them.
 */
export const fields = {
  auth: {
    type: 'select',
    label: 'Sign in with',
    default: 'oauth2',
    options: [
      { value: 'oauth2', label: 'Atlassian account (OAuth 2.0)' },
      { value: 'apiToken', label: 'Email and API token' },
    ],
  },
  site: {
    type: 'text',
    label: 'Site',
    help: 'Your Jira site: a name like acme or its URL, https://acme.atlassian.net. Required with an API token; with OAuth, only needed when your Atlassian account can reach several sites.',
    placeholder: 'https://acme.atlassian.net',
  },
  email: { type: 'text', label: 'Email', help: 'The email address of the Atlassian account the API token belongs to.' },
  apiToken: { type: 'secret', label: 'API token', help: 'Create one at https://id.atlassian.com/manage-profile/security/api-tokens.' },
  clientId: { type: 'text', label: 'OAuth client ID', operatorDefault: true, help: "The client ID of your OAuth 2.0 (3LO) app in Atlassian's developer console." },
  clientSecret: { type: 'secret', label: 'OAuth client secret', operatorDefault: true, help: 'The secret of that app.' },
  serverUrl: {
    type: 'url',
    label: 'Server URL',
    help: 'Only for OAuth through a proxy or a stand-in: replaces https://auth.atlassian.com and https://api.atlassian.com. With an API token the site URL is used as given.',
  },
} as const satisfies Fields;

export type JiraFields = typeof fields;
export type JiraContext = ConnectorContext<JiraFields>;

/** Where Atlassian's OAuth 2.0 (3LO) pages and token endpoint live (fact sheet §3). */
export function authBaseOf(f: { serverUrl?: string }): string {
  return f.serverUrl ? withoutTrailingSlash(f.serverUrl) : 'https://auth.atlassian.com';
}

/** The API gateway: accessible-resources and `/ex/jira/{cloudId}/…` (§1, §3). */
export function apiBaseOf(f: { serverUrl?: string }): string {
  return f.serverUrl ? withoutTrailingSlash(f.serverUrl) : 'https://api.atlassian.com';
}

/**
 * A site as people write it — `acme`, `acme.atlassian.net`, `https://acme.atlassian.net/jira` — as
 * its origin, `https://acme.atlassian.net`.
 */
export function siteUrlOf(site: string): string {
  const text = site.trim();
  if (/^https?:\/\//i.test(text)) return new URL(text).origin;
  if (text.includes('.') || text.includes(':')) return new URL(`https://${text}`).origin;
  return new URL(`https://${text}.atlassian.net`).origin;
}

/**
 * The site of an API-token connection. The vault refuses such a connection without `site` (the
 * option requires it), but `baseUrl` sees every option's fields as optional, so say so if it ever
 * is missing rather than calling a made-up host.
 */
export function requiredSiteUrl(site: string | undefined): string {
  if (site === undefined || site.trim() === '') throw new Error('An API-token connection needs the Site field: the URL of your Jira site, e.g. https://acme.atlassian.net.');
  return siteUrlOf(site);
}

/** The site's base URL, for links people open (`<site>/browse/PB-1`). */
export function siteUrlOfContext(ctx: JiraContext): string {
  return ctx.discovered.siteUrl ?? requiredSiteUrl(ctx.connection.site);
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
