import type { FieldValues, MultiAuth } from '@patchbay/sdk';
import { Secret } from '@patchbay/sdk';
import { fields } from './fields.ts';

type Values = FieldValues<typeof fields>;

// Fields a chosen option needs are declared in `requires`, so they are present when these run;
// the fallbacks only keep the functions total.
const secretOf = (value: Secret | undefined): Secret => value ?? new Secret('');
const scopesOf = (f: Values): string[] => (f.scopes ?? '').split(/\s+/).filter(Boolean);

export const auth: MultiAuth<typeof fields> = {
  kind: 'multi',
  field: 'auth',
  options: {
    none: { auth: { kind: 'none' } },
    basic: {
      requires: ['username', 'password'],
      auth: { kind: 'basic', username: (f) => f.username ?? '', password: (f) => secretOf(f.password) },
    },
    apiKey: {
      requires: ['apiKey'],
      auth: { kind: 'apiKey', placement: 'header', name: (f) => f.apiKeyHeader, value: (f) => secretOf(f.apiKey) },
    },
    bearer: {
      requires: ['token'],
      auth: {
        kind: 'apiKey',
        placement: 'header',
        name: 'Authorization',
        value: (f) => new Secret(`Bearer ${secretOf(f.token).reveal()}`),
      },
    },
    oauth2: {
      requires: ['authorizationUrl', 'tokenUrl', 'clientId'],
      auth: {
        kind: 'oauth2',
        authorizationUrl: (f) => f.authorizationUrl ?? '',
        tokenUrl: (f) => f.tokenUrl ?? '',
        clientId: (f) => f.clientId ?? '',
        clientSecret: (f) => f.clientSecret?.reveal() ?? '',
        scopes: scopesOf,
        pkce: (f) => f.pkce,
        tokenAuthMethod: (f) => f.tokenAuthMethod,
      },
    },
    oauth2ClientCredentials: {
      requires: ['tokenUrl', 'clientId', 'clientSecret'],
      auth: {
        kind: 'oauth2ClientCredentials',
        tokenUrl: (f) => f.tokenUrl ?? '',
        clientId: (f) => f.clientId ?? '',
        clientSecret: (f) => secretOf(f.clientSecret).reveal(),
        scopes: scopesOf,
        tokenAuthMethod: (f) => f.tokenAuthMethod,
      },
    },
  },
};
