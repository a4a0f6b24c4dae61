import { AuthFailedError } from '@patchbay/sdk';
import { call, isRecord, textOf } from './api.ts';
import { type JiraContext, apiBaseOf, requiredSiteUrl, siteUrlOf } from './fields.ts';

/** What `discover` learns about the site a connection works with: kept beside it, not secret. */
export interface SiteInfo {
  /** The site's cloud id: what 3LO calls go through (`/ex/jira/{cloudId}`) and the instance key. */
  cloudId?: string;
  /** `https://acme.atlassian.net`, for links people open. */
  siteUrl: string;
  siteName: string;
}

interface Resource { id: string; url: string; name: string }

/** The site a connection works with: from the OAuth grant's accessible resources, or the API-token site. */
export async function discoverSite(ctx: JiraContext): Promise<Record<string, string>> {
  const site = ctx.connection.auth === 'apiToken' ? await apiTokenSite(ctx) : await oauthSite(ctx);
  return { siteUrl: site.siteUrl, siteName: site.siteName, ...(site.cloudId ? { cloudId: site.cloudId } : {}) };
}

/**
 * A 3LO grant may reach several sites (§3, accessible-resources): the Site field picks one by name,
 * URL or cloud id; with one site it is that one; with several and no choice the user must choose.
 */
async function oauthSite(ctx: JiraContext): Promise<SiteInfo> {
  const res = await call(ctx, { path: `${apiBaseOf(ctx.connection)}/oauth/token/accessible-resources` }, 'the list of sites this authorisation reaches');
  const resources = jiraResources(res.body);
  const listed = resources.map((r) => `${r.name} (${r.url})`).join(', ');
  if (resources.length === 0) {
    throw new AuthFailedError('This Atlassian authorisation reaches no Jira site. Reconnect, and choose a Jira site on the consent page.');
  }
  const wanted = ctx.connection.site?.trim();
  const chosen = wanted ? resources.find((r) => matches(r, wanted)) : resources.length === 1 ? resources[0] : undefined;
  if (!chosen) {
    throw new AuthFailedError(
      wanted
        ? `This Atlassian authorisation does not reach the Jira site "${wanted}"; it reaches ${listed}. Set the Site field to one of them, or reconnect and grant access to ${wanted}.`
        : `This Atlassian authorisation reaches several Jira sites: ${listed}. Set the Site field to the one this connection is for.`,
    );
  }
  return { cloudId: chosen.id, siteUrl: chosen.url, siteName: chosen.name };
}

/** Entries of accessible-resources that are Jira sites (Confluence-only grants list sites too). */
function jiraResources(body: unknown): Resource[] {
  const entries = Array.isArray(body) ? body.filter(isRecord) : [];
  const resources: Resource[] = [];
  for (const entry of entries) {
    const id = textOf(entry, 'id');
    const url = textOf(entry, 'url');
    if (!id || !url) continue;
    const scopes = Array.isArray(entry.scopes) ? entry.scopes.filter((s): s is string => typeof s === 'string') : undefined;
    if (scopes && scopes.length > 0 && !scopes.some((s) => s.includes('jira'))) continue;
    resources.push({ id, url: siteUrlOf(url), name: textOf(entry, 'name') ?? new URL(url).hostname });
  }
  return resources;
}

function matches(resource: Resource, wanted: string): boolean {
  if (resource.id === wanted || resource.name.toLowerCase() === wanted.toLowerCase()) return true;
  try {
    return siteUrlOf(wanted).toLowerCase() === resource.url.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * With an API token the site is the one given. Its cloud id (the instance key, the same one an OAuth
 * connection to the site gets) comes from `/_edge/tenant_info`; a site that does not answer it (a
 * proxy, an old instance) is still usable, keyed by its URL.
 */
async function apiTokenSite(ctx: JiraContext): Promise<SiteInfo> {
  const siteUrl = requiredSiteUrl(ctx.connection.site);
  const host = new URL(siteUrl).hostname;
  const siteName = host.endsWith('.atlassian.net') ? host.slice(0, -'.atlassian.net'.length) : host;
  const res = await ctx.http.request({ path: `${siteUrl}/_edge/tenant_info` });
  const cloudId = res.status === 200 ? textOf(res.body, 'cloudId') : undefined;
  if (!cloudId) ctx.log.info('the Jira site did not tell its cloud id; the site URL identifies it', { status: res.status });
  return { siteUrl, siteName, ...(cloudId ? { cloudId } : {}) };
}
