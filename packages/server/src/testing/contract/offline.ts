/**
 * Generated connections name generated hosts (`https://xpp2x`, a Jira site `acme`, which becomes
 * https://acme.atlassian.net), and saving one tests it: without this guard the test would send
 * requests with made-up credentials to whatever hosts the generator invents, real SaaS apps
 * included, and wait on their DNS. While it is on, `fetch` (which the vault's HTTP client and
 * oauth4webapi call) reaches loopback hosts only; any other host fails as an unresolvable name does,
 * the way fetch reports it (a TypeError whose cause has the code ENOTFOUND).
 *
 * Returns the function that puts the real `fetch` back.
 */
export function loopbackOnly(): () => void {
  const real = globalThis.fetch;
  const loopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (loopback(url.hostname)) return real(input, init);
    const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND ${url.hostname} (the contract test reaches loopback hosts only)`), { code: 'ENOTFOUND', hostname: url.hostname });
    return Promise.reject(new TypeError('fetch failed', { cause }));
  };
  return () => {
    globalThis.fetch = real;
  };
}
