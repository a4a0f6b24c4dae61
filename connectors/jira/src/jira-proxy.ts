import { createServer } from 'node:http';

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
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) headers.set(name, value);
      }
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (req.method === 'POST' && path.endsWith('/search/jql') && body) {
        const sent: unknown = JSON.parse(body.toString('utf8'));
        const jql: unknown = typeof sent === 'object' && sent !== null ? Reflect.get(sent, 'jql') : undefined;
        if (typeof jql === 'string') searches.push(jql);
      }
      fetch(`${target}${req.url ?? '/'}`, { method: req.method, headers, body, redirect: 'manual' })
        .then(async (upstream) => {
          const passed: Record<string, string> = {};
          for (const name of ['content-type', 'location', 'retry-after', 'www-authenticate', 'cache-control']) {
            const value = upstream.headers.get(name);
            if (value !== null) passed[name] = value;
          }
          const payload = Buffer.from(await upstream.arrayBuffer());
          res.writeHead(upstream.status, passed).end(upstream.status === 200 ? rewrite(path, payload, options) : payload);
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    searches,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function rewrite(path: string, payload: Buffer, options: ProxyOptions): Buffer {
  if (options.secondSite && path === '/oauth/token/accessible-resources') {
    const sites: unknown = JSON.parse(payload.toString('utf8'));
    const list = Array.isArray(sites) ? sites : [];
    const first: unknown = list[0];
    const scopes: unknown = typeof first === 'object' && first !== null ? Reflect.get(first, 'scopes') : [];
    return Buffer.from(JSON.stringify([...list, { ...OTHER_SITE, scopes, avatarUrl: `${OTHER_SITE.url}/avatar.png` }]));
  }
  if (options.timeZone !== undefined && path.endsWith('/rest/api/3/myself')) {
    const user: unknown = JSON.parse(payload.toString('utf8'));
    return Buffer.from(JSON.stringify({ ...(typeof user === 'object' && user !== null ? user : {}), timeZone: options.timeZone }));
  }
  return payload;
}
