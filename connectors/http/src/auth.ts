import { Secret, multiAuth } from '@patchbay/sdk';
import { fields } from './fields.ts';

const scopesOf = (f: { scopes?: string }): string[] => (f.scopes ?? '').split(/\s+/).filter(Boolean);

/**
 * Every auth kind, chosen by the `auth` field; each option's required fields are present in its
 * callbacks, and its optional ones are those it reads when given. The fields no option names
 * (baseUrl, testPath, idempotencyKeys) belong to every option.
 */
export const auth = multiAuth(fields, 'auth', {
  none: { auth: { kind: 'none' } },
  basic: {
    requires: ['username', 'password'],
    auth: { kind: 'basic', username: (f) => f.username, password: (f) => f.password },
  },
  apiKey: {
    requires: ['apiKey'],
    optional: ['apiKeyHeader'],
    auth: { kind: 'apiKey', placement: 'header', name: (f) => f.apiKeyHeader, value: (f) => f.apiKey },
  },
  bearer: {
    requires: ['token'],
    auth: { kind: 'apiKey', placement: 'header', name: 'Authorization', value: (f) => new Secret(`Bearer ${f.token.reveal()}`) },
  },
  oauth2: {
    requires: ['authorizationUrl', 'tokenUrl', 'clientId'],
    optional: ['clientSecret', 'scopes', 'pkce', 'tokenAuthMethod'],
    auth: {
      kind: 'oauth2',
      authorizationUrl: (f) => f.authorizationUrl,
      tokenUrl: (f) => f.tokenUrl,
      clientId: (f) => f.clientId,
      // Optional here: without a secret the exchange sends an empty one, as it always has.
      clientSecret: (f) => f.clientSecret?.reveal() ?? '',
      scopes: scopesOf,
      pkce: (f) => f.pkce,
      tokenAuthMethod: (f) => f.tokenAuthMethod,
    },
  },
  oauth2ClientCredentials: {
    requires: ['tokenUrl', 'clientId', 'clientSecret'],
    optional: ['scopes', 'tokenAuthMethod'],
    auth: {
      kind: 'oauth2ClientCredentials',
      tokenUrl: (f) => f.tokenUrl,
      clientId: (f) => f.clientId,
      clientSecret: (f) => f.clientSecret.reveal(),
      scopes: scopesOf,
      tokenAuthMethod: (f) => f.tokenAuthMethod,
    },
  },
});
