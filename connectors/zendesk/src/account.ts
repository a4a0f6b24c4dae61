/**
 * Where a Zendesk account lives (fact sheet §1): `https://<subdomain>.zendesk.com`, or the
 * connection's server URL (a proxy, a private instance) when one is given.
 */

/** Zendesk subdomains: lower-case letters, digits and hyphens, at most 63 characters (a DNS label). */
export const SUBDOMAIN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Why a subdomain cannot be used, in words a user can act on; undefined when it is fine. */
export function subdomainProblem(subdomain: string): string | undefined {
  if (SUBDOMAIN.test(subdomain)) return undefined;
  // People paste the whole host or URL: say which part is wanted.
  const guess = /^(?:https?:\/\/)?([a-z0-9][a-z0-9-]*)\.zendesk\.com\/?$/i.exec(subdomain.trim())?.[1]?.toLowerCase();
  const shown = subdomain.length > 80 ? `${subdomain.slice(0, 80)}…` : subdomain;
  return `"${shown}" is not a Zendesk subdomain: give the part before .zendesk.com, in lower-case letters, digits and hyphens${guess ? ` (here "${guess}")` : ''}.`;
}

/**
 * The account's root URL, without a trailing slash. The subdomain is percent-encoded so that a
 * malformed one can only make the URL invalid, never name another host: the OAuth URLs are built
 * from it before any check of ours can run (when the connection is saved).
 */
export function accountUrl(fields: { subdomain: string; serverUrl?: string }): string {
  if (fields.serverUrl) return fields.serverUrl.replace(/\/+$/, '');
  return `https://${encodeURIComponent(fields.subdomain)}.zendesk.com`;
}
