import { loadConfig } from '@patchbay/core';
import type { Command } from '../command.ts';

export const migrate: Command = {
  path: ['migrate'],
  summary: 'Apply pending database migrations and exit ("serve" also does this at start).',
  usage: 'Uses PATCHBAY_DATABASE_URL, or the SQLite file in PATCHBAY_DATA_DIR (default ./.patchbay).',
  async run(_args, io) {
    const config = loadConfig(io.env, io.cwd);
    // Loaded on use: the database drivers take a second to load, which every other command would pay.
    const { createStore } = await import('@patchbay/store');
    const store = createStore(config.databaseUrl);
    try {
      await store.migrate();
    } finally {
      await store.close();
    }
    io.out(`The database at ${store.location} is up to date.\n`);
    return 0;
  },
};
