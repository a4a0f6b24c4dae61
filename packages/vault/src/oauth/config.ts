import { type Fields, type OAuth2Auth, type OAuth2ClientCredentialsAuth, resolveFromFields } from '@patchbay/sdk';
import type { ResolvedFields } from '../connections/fields.ts';
import type { OAuthClientConfig } from './flow.ts';

/** Resolves a connector's OAuth2 declaration against a connection's field values. */
export function oauthConfigFor(
  auth: OAuth2Auth<Fields> | OAuth2ClientCredentialsAuth<Fields>,
  fields: ResolvedFields,
  allowInsecureLoopback: boolean,
): OAuthClientConfig {
  const common = {
    tokenUrl: resolveFromFields(auth.tokenUrl, fields),
    clientId: resolveFromFields(auth.clientId, fields),
    scopes: auth.scopes === undefined ? [] : resolveFromFields(auth.scopes, fields).filter((s) => s.length > 0),
    tokenAuthMethod: auth.tokenAuthMethod === undefined ? ('client_secret_basic' as const) : resolveFromFields(auth.tokenAuthMethod, fields),
    allowInsecureLoopback,
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
