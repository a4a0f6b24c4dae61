import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'connectors/*/src/**/*.test.ts', 'emulators/*/src/**/*.test.ts'],
    // Tests start real servers (OAuth provider, PostgreSQL clients, HTTP apps): give them room.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
