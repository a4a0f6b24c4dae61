import { InvalidInputError } from '@patchbay/core';
import { type AnySingleAuth, type OAuth2Auth, type OAuth2ClientCredentialsAuth, resolveFromFields } from '@patchbay/sdk';
import type { ResolvedFields } from '../connections/fields.ts';
import { type OAuthClientConfig, oauthUrlAllowed } from './flow.ts';

/** Resolves a connector's OAuth2 declaration against a connection's field values. */
export function oauthConfigFor(
  auth: OAuth2Auth<ResolvedFields> | OAuth2ClientCredentialsAuth<ResolvedFields>,
  fields: ResolvedFields,
  allowHttpHosts: readonly string[],
): OAuthClientConfig {
  const common = {
    tokenUrl: resolveFromFields(auth.tokenUrl, fields),
    clientId: resolveFromFields(auth.clientId, fields),
    scopes: auth.scopes === undefined ? [] : resolveFromFields(auth.scopes, fields).filter((s) => s.length > 0),
    tokenAuthMethod: auth.tokenAuthMethod === undefined ? ('client_secret_basic' as const) : resolveFromFields(auth.tokenAuthMethod, fields),
    allowHttpHosts,
  };
  if (auth.kind === 'oauth2') {
    return {
      ...common,
      authorizationUrl: resolveFromFields(auth.authorizationUrl, fields),
      ...(auth.clientSecret === undefined ? {} : { clientSecret: resolveFromFields(auth.clientSecret, fields) }),
      pkce: auth.pkce === undefined ? true : resolveFromFields(auth.pkce, fields),
      authorizeParams: auth.authorizeParams === undefined ? {} : resolveFromFields(auth.authorizeParams, fields),
      tokenParams: {},
      keepTokenFields: auth.keepTokenFields ?? [],
    };
  }
  return {
    ...common,
    clientSecret: resolveFromFields(auth.clientSecret, fields),
    pkce: false,
    authorizeParams: {},
    tokenParams: auth.tokenParams === undefined ? {} : resolveFromFields(auth.tokenParams, fields),
    keepTokenFields: [],
  };
}

/**
 * Refuses, when a connection is saved, OAuth endpoints that would carry credentials over plain
 * http:// to another machine: a configuration error the user must fix, never an outage to retry.
 */
export function assertOAuthUrlsAllowed(auth: AnySingleAuth, fields: ResolvedFields, allowHttpHosts: readonly string[]): void {
  if (auth.kind !== 'oauth2' && auth.kind !== 'oauth2ClientCredentials') return;
  const urls = [['token URL', resolveFromFields(auth.tokenUrl, fields)]];
  if (auth.kind === 'oauth2') urls.unshift(['authorization URL', resolveFromFields(auth.authorizationUrl, fields)]);
  for (const [what, raw] of urls) {
    let url: URL;
    try {
      url = new URL(raw ?? '');
    } catch {
      throw new InvalidInputError(`The ${what} "${raw}" is not a URL: check the connection's fields.`, [{ path: fieldPathOf(raw, fields), message: `${what} is not a URL` }]);
    }
    if (!oauthUrlAllowed(url, allowHttpHosts)) {
      throw new InvalidInputError(
        `The ${what} ${url.origin} uses plain http://, which would send credentials unencrypted across the network. Use https://; for a host on a trusted network, the operator can allow it by adding "${url.hostname}" to PATCHBAY_ALLOW_HTTP_HOSTS.`,
        [{ path: fieldPathOf(raw, fields), message: `${what} must use https:// (http:// only for this machine or hosts in PATCHBAY_ALLOW_HTTP_HOSTS)` }],
      );
    }
  }
}

/**
 * The field an endpoint came from, so a form can show the problem there: a connector builds its URLs
 * from fields (Salesforce's login URL + a path, HTTP's token URL as given), so it is the field holding
 * that URL or its origin. `fields` when none does (a URL the connector fixes, or one built otherwise).
 */
function fieldPathOf(raw: string | undefined, fields: ResolvedFields): string {
  if (!raw) return 'fields';
  const urls = Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && URL.canParse(entry[1]));
  const origin = URL.canParse(raw) ? new URL(raw).origin : undefined;
  const found = urls.find(([, value]) => value === raw) ?? urls.find(([, value]) => new URL(value).origin === origin);
  return found ? `fields.${found[0]}` : 'fields';
}
