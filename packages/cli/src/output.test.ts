import type { Connection } from '@patchbay/client';
import { describe, expect, it } from 'vitest';
import { formatConnection, formatDuration } from './output.ts';

describe('formatDuration', () => {
  it('rounds to what a person reads: ms below a second, tenths of seconds below a minute, then minutes and hours', () => {
    expect(formatDuration(60.167436999996426)).toBe('60 ms');
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(0.2)).toBe('<1 ms');
    expect(formatDuration(0.6)).toBe('1 ms');
    expect(formatDuration(999.4)).toBe('999 ms');
    // 999.6 rounds to a second: shown as one, not as "1000 ms".
    expect(formatDuration(999.6)).toBe('1 s');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(59_940)).toBe('59.9 s');
    expect(formatDuration(59_960)).toBe('1 min');
    expect(formatDuration(185_400)).toBe('3 min 5 s');
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(7_830_000)).toBe('2 h 11 min');
  });
});

const CONNECTION: Connection = {
  id: 'conn_1',
  connector: 'http',
  name: 'Billing',
  environment: null,
  status: 'connected',
  statusReason: null,
  authKind: 'apiKey',
  authOption: 'bearer',
  fields: { auth: 'bearer', baseUrl: 'https://api.example.com' },
  secretFieldsSet: ['token'],
  authorizedAt: null,
  lostAt: null,
  lastUsedAt: null,
  refreshFailures: 0,
  tokenExpiresAt: null,
  instanceKey: null,
  identity: null,
  grantedScopes: [],
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  usedBy: [],
};

describe('formatConnection', () => {
  it('shows the auth option the user chose, with the kind behind it when that differs', () => {
    expect(formatConnection(CONNECTION)).toMatch(/^auth:\s+bearer \(kind: apiKey\)$/m);
    expect(formatConnection({ ...CONNECTION, authKind: 'oauth2', authOption: 'oauth2' })).toMatch(/^auth:\s+oauth2$/m);
  });
});
