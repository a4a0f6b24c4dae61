import { routeRequestsThrough } from '@patchbay/vault/testing';
import { Agent, buildConnector } from 'undici';

const loopback = (host: string) => host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

/** A host not found, the way each transport reports it: a system error with the code ENOTFOUND. */
const notFound = (host: string) =>
  Object.assign(new Error(`getaddrinfo ENOTFOUND ${host} (the contract test reaches loopback hosts only)`), { code: 'ENOTFOUND', hostname: host });

/**
 * Generated connections name generated hosts (`https://xpp2x`, a Jira site `acme`, which becomes
 * https://acme.atlassian.net), and saving one tests it: without this guard the test would send
 * requests with made-up credentials to whatever hosts the generator invents, real SaaS apps
 * included, and wait on their DNS. While it is on, the vault's HTTP client (undici's request API)
 * and `fetch` (which oauth4webapi calls) reach loopback hosts only; any other host fails as an
 * unresolvable name does (fetch: a TypeError whose cause has the code ENOTFOUND).
 *
 * Returns the function that puts both back.
 */
export function loopbackOnly(): () => void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (loopback(url.hostname)) return realFetch(input, init);
    return Promise.reject(new TypeError('fetch failed', { cause: notFound(url.hostname) }));
  };
  const connect = buildConnector({});
  const guarded = new Agent({
    connect(options, callback) {
      if (loopback(options.hostname)) return connect(options, callback);
      callback(notFound(options.hostname), null);
    },
  });
  const restoreClient = routeRequestsThrough(guarded);
  return () => {
    globalThis.fetch = realFetch;
    restoreClient();
    void guarded.close();
  };
}
