import { defineConfig } from 'vitest/config';

const ALL = ['packages/*/src/**/*.test.ts', 'connectors/*/src/**/*.test.ts', 'emulators/*/src/**/*.test.ts'];
/**
 * Tests that measure latency (a /health probe while expressions run): run after every other test,
 * one file at a time, so the load of the other test files on a 2-core machine does not decide them.
 */
const ALONE = ['packages/server/src/e2e/expression-limits.test.ts'];

export default defineConfig({
  test: {
    // Tests start real servers (OAuth provider, PostgreSQL clients, HTTP apps): give them room.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'main', include: ALL, exclude: ALONE } },
      { extends: true, test: { name: 'alone', include: ALONE, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
