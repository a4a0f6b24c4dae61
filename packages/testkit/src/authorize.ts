// Plays the end-user in a browser for startOAuthServer: follows the authorization request through
// oidc-provider's development login and consent pages over plain HTTP, so OAuth tests need no
// browser. Stops at the first redirect that leaves the provider and returns it unfetched: the test
// decides whether and how to deliver it to the client's callback.

export interface CompleteAuthorizationOptions {
  /** Account id to sign in as (dev interactions accept any login). @default 'integration@acme.test' */
  login?: string;
  /** Any non-empty password is accepted. @default 'password' */
  password?: string;
  /** Abort at the first page, as a user who refuses: the result carries `error=access_denied`. @default false */
  deny?: boolean;
}

// Enough steps for authorize → login → resume → consent → resume → callback, with slack.
const MAX_STEPS = 20;

/**
 * Returns the redirect URL the provider sends the user agent to: the client's redirect_uri with
 * `code` and `state` (or `error=access_denied` when `deny`).
 *
 * @example
 * const callback = new URL(await completeAuthorization(authorizeUrl));
 * callback.searchParams.get('code');
 */
export async function completeAuthorization(
  authorizeUrl: string | URL,
  { login = 'integration@acme.test', password = 'password', deny = false }: CompleteAuthorizationOptions = {},
): Promise<string> {
  const provider = new URL(authorizeUrl).origin;
  const jar = new CookieJar();
  let url = new URL(authorizeUrl);
  let form: URLSearchParams | undefined; // set when the next request submits a page

  for (let step = 0; step < MAX_STEPS; step += 1) {
    const headers: Record<string, string> = { cookie: jar.header(url) };
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method: form ? 'POST' : 'GET', body: form, headers, redirect: 'manual' });
    jar.store(url, res.headers.getSetCookie());
    form = undefined;

    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      const next = new URL(location, url);
      if (!isProviderPage(next, provider)) return next.href;
      url = next;
      continue;
    }

    const body = await res.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(body)?.[1];
    if (res.status !== 200 || !/^\/interaction\/[^/]+$/.test(url.pathname) || !prompt) {
      throw new Error(`completeAuthorization: unexpected ${res.status} at ${url.pathname}: ${body.slice(0, 300)}`);
    }
    if (deny) {
      url = new URL(`${url.pathname}/abort`, url); // the dev pages' "[ Cancel ]" link
      continue;
    }
    form = prompt === 'login' ? new URLSearchParams({ prompt, login, password }) : new URLSearchParams({ prompt });
  }
  throw new Error(`completeAuthorization: no redirect out of the provider after ${MAX_STEPS} steps`);
}

// A redirect to the provider's own authorization or interaction routes is a step of the flow; any
// other URL (normally the client's redirect_uri, on another port) is where the flow ends.
function isProviderPage(url: URL, providerOrigin: string): boolean {
  return url.origin === providerOrigin && /^\/(auth|interaction)(\/|$)/.test(url.pathname);
}

/** Just enough of a cookie jar for one origin: name, value, path, deletion by past expiry. */
class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  store(url: URL, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = url.pathname.replace(/\/[^/]*$/, '') || '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', attrValue = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = attrValue || '/';
        if (key.toLowerCase() === 'expires' && Date.parse(attrValue) <= Date.now()) expired = true;
        if (key.toLowerCase() === 'max-age' && Number(attrValue) <= 0) expired = true;
      }
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
  }

  header(url: URL): string {
    return [...this.cookies]
      .filter(([, { path }]) => url.pathname === path || url.pathname.startsWith(path.endsWith('/') ? path : `${path}/`))
      .map(([name, { value }]) => `${name}=${value}`)
      .join('; ');
  }
}
