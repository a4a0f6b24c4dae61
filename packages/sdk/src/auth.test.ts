import { describe, expect, it } from 'vitest';
import { Secret } from '@patchbay/core';
import { describeAuth, fieldsOfOtherOptions, multiAuth } from './auth.ts';
import type { Fields } from './fields.ts';

const fields = {
  auth: { type: 'select', label: 'Auth', default: 'none', options: [{ value: 'none', label: 'None' }, { value: 'key', label: 'Key' }, { value: 'oauth', label: 'OAuth' }] },
  baseUrl: { type: 'url', label: 'Base URL', required: true },
  apiKey: { type: 'secret', label: 'API key' },
  header: { type: 'text', label: 'Header', default: 'X-Key' },
  clientId: { type: 'text', label: 'Client ID' },
  scopes: { type: 'text', label: 'Scopes' },
} as const satisfies Fields;

const auth = multiAuth(fields, 'auth', {
  none: { auth: { kind: 'none' } },
  key: { requires: ['apiKey'], optional: ['header'], auth: { kind: 'apiKey', name: (f) => f.header, value: (f) => f.apiKey } },
  oauth: {
    requires: ['clientId'],
    optional: ['scopes'],
    auth: { kind: 'oauth2', authorizationUrl: 'https://a.test/authorize', tokenUrl: 'https://a.test/token', clientId: (f) => f.clientId, scopes: (f) => (f.scopes ?? '').split(' ') },
  },
});

describe('multiAuth', () => {
  it('keeps each option’s required and optional fields', () => {
    expect(auth.options.key).toMatchObject({ requires: ['apiKey'], optional: ['header'] });
    expect(auth.options.none?.optional).toBeUndefined();
  });

  it('refuses an optional field that is not a field, the selector, or a field also required', () => {
    // @ts-expect-error a name that is not a field is refused by the compiler too
    expect(() => multiAuth(fields, 'auth', { key: { optional: ['nope'], auth: { kind: 'none' } } })).toThrow(
      'multiAuth option "key" lists as optional "nope", which is not a field',
    );
    // @ts-expect-error a required name that is not a field is refused by the compiler too
    expect(() => multiAuth(fields, 'auth', { key: { requires: ['nope'], auth: { kind: 'none' } } })).toThrow('requires "nope", which is not a field');
    expect(() => multiAuth(fields, 'auth', { key: { optional: ['auth'], auth: { kind: 'none' } } })).toThrow('names "auth", the field that chooses the option');
    expect(() =>
      multiAuth(fields, 'auth', { key: { requires: ['apiKey'], optional: ['apiKey'], auth: { kind: 'apiKey', name: 'X', value: () => new Secret('k') } } }),
    ).toThrow('lists "apiKey" as both required and optional');
  });
});

describe('describeAuth', () => {
  it('describes every option with the fields it requires and the ones it may use', () => {
    expect(describeAuth(auth)).toEqual({
      selectedBy: 'auth',
      kinds: [
        { option: 'none', kind: 'none', requires: [], optional: [] },
        { option: 'key', kind: 'apiKey', requires: ['apiKey'], optional: ['header'] },
        { option: 'oauth', kind: 'oauth2', requires: ['clientId'], optional: ['scopes'] },
      ],
    });
  });

  it('describes a single kind as its only option, named after the kind', () => {
    expect(describeAuth({ kind: 'basic', username: 'u', password: () => new Secret('p') })).toEqual({
      selectedBy: null,
      kinds: [{ option: 'basic', kind: 'basic', requires: [], optional: [] }],
    });
  });
});

describe('fieldsOfOtherOptions', () => {
  it('names the fields only other options use; common fields and the chosen option’s stay', () => {
    expect(fieldsOfOtherOptions(auth, 'none')).toEqual(['apiKey', 'header', 'clientId', 'scopes']);
    expect(fieldsOfOtherOptions(auth, 'key')).toEqual(['clientId', 'scopes']);
    expect(fieldsOfOtherOptions(auth, 'oauth')).toEqual(['apiKey', 'header']);
  });

  it('keeps a field that another option also names', () => {
    const shared = multiAuth(fields, 'auth', {
      key: { requires: ['apiKey'], optional: ['scopes'], auth: { kind: 'apiKey', name: 'X', value: (f) => f.apiKey } },
      oauth: { requires: ['clientId', 'scopes'], auth: { kind: 'oauth2', authorizationUrl: 'https://a.test/a', tokenUrl: 'https://a.test/t', clientId: (f) => f.clientId } },
    });
    expect(fieldsOfOtherOptions(shared, 'key')).toEqual(['clientId']);
  });

  it('judges nothing for an unknown option or a single kind', () => {
    expect(fieldsOfOtherOptions(auth, 'toString')).toEqual([]);
    expect(fieldsOfOtherOptions(auth, undefined)).toEqual([]);
    expect(fieldsOfOtherOptions({ kind: 'none' }, 'none')).toEqual([]);
  });
});
