// Type-level tests: `tsc --noEmit -p .` (run in CI) fails if any expectation below stops holding,
// including a `@ts-expect-error` whose error disappears. At run time they only need to not throw.
import type { Secret } from '@patchbay/core';
import Type from 'typebox';
import { describe, expectTypeOf, it } from 'vitest';
import { multiAuth } from './auth.ts';
import { defineConnector } from './connector.ts';
import type { FieldValues, Fields, PublicFieldValues } from './fields.ts';

const fields = {
  subdomain: { type: 'text', label: 'Subdomain', required: true },
  environment: {
    type: 'select',
    label: 'Environment',
    default: 'production',
    options: [
      { value: 'production', label: 'Production' },
      { value: 'sandbox', label: 'Sandbox' },
    ],
  },
  apiKey: { type: 'secret', label: 'API key', required: true },
  password: { type: 'secret', label: 'Password' },
  retries: { type: 'number', label: 'Retries', default: 3 },
  note: { type: 'text', label: 'Note' },
  verbose: { type: 'boolean', label: 'Verbose' },
} as const satisfies Fields;

describe('connector types', () => {
  it('FieldValues: required and defaulted fields are present, secrets are Secret', () => {
    expectTypeOf<FieldValues<typeof fields>>().toEqualTypeOf<
      { subdomain: string; environment: 'production' | 'sandbox'; apiKey: Secret; retries: number } & {
        password?: Secret;
        note?: string;
        verbose?: boolean;
      }
    >();
  });

  it('PublicFieldValues: no secret keys', () => {
    expectTypeOf<keyof PublicFieldValues<typeof fields>>().toEqualTypeOf<'subdomain' | 'environment' | 'retries' | 'note' | 'verbose'>();
  });

  it('defineConnector types ctx.connection, auth callbacks and ctx.input from the declarations', () => {
    defineConnector({
      key: 'typed',
      title: 'Typed',
      version: '1.0.0',
      connection: {
        fields,
        auth: {
          kind: 'apiKey',
          name: 'X-API-Key',
          value: (f) => {
            expectTypeOf(f.apiKey).toEqualTypeOf<Secret>();
            expectTypeOf(f.password).toEqualTypeOf<Secret | undefined>();
            return f.apiKey;
          },
        },
        baseUrl: ({ fields: f }) => `https://${f.subdomain}.acme.test/`,
        test: async (ctx) => {
          expectTypeOf(ctx.connection.subdomain).toEqualTypeOf<string>();
          expectTypeOf(ctx.connection.environment).toEqualTypeOf<'production' | 'sandbox'>();
          // @ts-expect-error secret fields never reach connector code through ctx.connection
          expectTypeOf(ctx.connection).toHaveProperty('apiKey');
          // @ts-expect-error not even optional ones
          expectTypeOf(ctx.connection).toHaveProperty('password');
        },
      },
      actions: {
        search: {
          title: 'Search',
          input: Type.Object({ query: Type.String(), limit: Type.Optional(Type.Number()), kind: Type.Union([Type.Literal('a'), Type.Literal('b')]) }),
          run: async (ctx) => {
            expectTypeOf(ctx.input.query).toEqualTypeOf<string>();
            expectTypeOf(ctx.input.limit).toEqualTypeOf<number | undefined>();
            expectTypeOf(ctx.input.kind).toEqualTypeOf<'a' | 'b'>();
            // @ts-expect-error only declared inputs exist
            expectTypeOf(ctx.input).toHaveProperty('other');
            expectTypeOf(ctx.connection.retries).toEqualTypeOf<number>();
            return null;
          },
        },
      },
    });
  });
});

describe('multiAuth types', () => {
  it('narrows the fields an option requires and rejects unknown ones', () => {
    const multiFields = {
      auth: { type: 'select', label: 'Auth', required: true, options: [{ value: 'token', label: 'Token' }, { value: 'none', label: 'None' }] },
      email: { type: 'text', label: 'Email' },
      token: { type: 'secret', label: 'Token' },
    } as const satisfies Fields;
    multiAuth(multiFields, 'auth', {
      none: { auth: { kind: 'none' } },
      token: {
        requires: ['email', 'token'],
        auth: {
          kind: 'basic',
          username: (f) => {
            expectTypeOf(f.email).toEqualTypeOf<string>();
            expectTypeOf(f.token).toEqualTypeOf<Secret>();
            return f.email;
          },
          password: (f) => f.token,
        },
      },
    });
    multiAuth(multiFields, 'auth', {
      token: {
        requires: ['email'],
        auth: {
          kind: 'basic',
          username: (f) => f.email,
          // @ts-expect-error `token` is not required by this option, so it may be missing
          password: (f) => f.token,
        },
      },
    });
    // @ts-expect-error the selector must be a select field
    multiAuth(multiFields, 'email', {});
  });
});
