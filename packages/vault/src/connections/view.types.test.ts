// Type-level tests: `tsc --noEmit -p .` fails if an expectation stops holding.
import type { ConnectionStatusValue, ConnectionsTable } from '@patchbay/store';
import { Value } from 'typebox/value';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ConnectionStatus, type ConnectionView } from './view.ts';

describe('connection status', () => {
  it('is one union in the API schema and the store column', () => {
    expectTypeOf<ConnectionStatus>().not.toBeNever();
    expectTypeOf<ConnectionStatus>().toEqualTypeOf<'connected' | 'needs_reauth' | 'error' | 'disconnected'>();
    expectTypeOf<ConnectionsTable['status']>().toEqualTypeOf<ConnectionStatus>();
    expectTypeOf<ConnectionStatusValue>().toEqualTypeOf<ConnectionStatus>();
    expectTypeOf<ConnectionView['status']>().toEqualTypeOf<ConnectionStatus>();
  });

  it('is refused at run time when it is anything else', () => {
    expect(Value.Check(ConnectionStatus, 'needs_reauth')).toBe(true);
    expect(Value.Check(ConnectionStatus, 'reauth')).toBe(false);
  });
});
