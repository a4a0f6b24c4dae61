import { startProxy } from '@patchbay/emulator-kit';

/** The second site the proxy can add: a site of the same Atlassian account that the emulator does not serve. */
export const OTHER_SITE = { id: '5b9d2f64-1c3e-4a7b-8f20-6d4e1a9c3b57', url: 'https://other-team.atlassian.net', name: 'other-team' };

export interface ProxyOptions {
  /** `oauth/token/accessible-resources` lists OTHER_SITE too: a grant reaching several sites (§3). */
  secondSite?: boolean;
  /** `myself` answers this `timeZone`: an integration user outside UTC (§4, §11). */
  timeZone?: string;
}

/**
 * Stands in front of the Jira emulator and passes everything through, changing only what the
 * emulator cannot be made to say — a second site in accessible-resources, a user time zone other than
 * UTC — and recording the JQL of every search, so tests can see the queries the connector sends.
 */
export async function startJiraProxy(target: string, options: ProxyOptions) {
  const searches: string[] = [];
  const proxy = await startProxy(target, {
    onRequest(req) {
      if (req.method !== 'POST' || !req.path.endsWith('/search/jql')) return;
      const jql: unknown = typeof req.body === 'object' && req.body !== null ? Reflect.get(req.body, 'jql') : undefined;
      if (typeof jql === 'string') searches.push(jql);
    },
    rewrite: (path, body) => rewrite(path, body, options),
  });
  return { ...proxy, searches };
}

function rewrite(path: string, payload: string, options: ProxyOptions): string {
  if (options.secondSite && path === '/oauth/token/accessible-resources') {
    const sites: unknown = JSON.parse(payload);
    const list = Array.isArray(sites) ? sites : [];
    const first: unknown = list[0];
    const scopes: unknown = typeof first === 'object' && first !== null ? Reflect.get(first, 'scopes') : [];
    return JSON.stringify([...list, { ...OTHER_SITE, scopes, avatarUrl: `${OTHER_SITE.url}/avatar.png` }]);
  }
  if (options.timeZone !== undefined && path.endsWith('/rest/api/3/myself')) {
    const user: unknown = JSON.parse(payload);
    return JSON.stringify({ ...(typeof user === 'object' && user !== null ? user : {}), timeZone: options.timeZone });
  }
  return payload;
}
