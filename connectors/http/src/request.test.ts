// Type-level tests: `tsc --noEmit -p .` (run in CI) fails if an expectation below stops holding.
import type { Static } from '@patchbay/sdk';
import { describe, expectTypeOf, it } from 'vitest';
import { RequestInput } from './request.ts';

type Input = Static<typeof RequestInput>;

describe('request input types', () => {
  it('types method as the methods it accepts, not never', () => {
    expectTypeOf<Input['method']>().not.toBeNever();
    expectTypeOf<Input['method']>().toEqualTypeOf<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS'>();
    // @ts-expect-error: not a method the schema accepts
    const bogus: Input['method'] = 'FETCH';
    void bogus;
  });

  it('types failOnStatus as an optional boolean', () => {
    expectTypeOf<Input['failOnStatus']>().toEqualTypeOf<boolean | undefined>();
  });
});
