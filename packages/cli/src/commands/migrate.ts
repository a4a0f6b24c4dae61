import { loadConfig } from '@patchbay/core';
import { flag, JSON_OPTION, type Command } from '../command.ts';
import { formatJson } from '../output.ts';

export const migrate: Command = {
  path: ['migrate'],
  summary: 'Apply pending database migrations and exit ("serve" also does this at start).',
  usage: [
    '  --json   print { "database", "upToDate": true } as JSON',
    '',
    'Uses PATCHBAY_DATABASE_URL, or the SQLite file in PATCHBAY_DATA_DIR (default ./.patchbay).',
  ].join('\n'),
  options: JSON_OPTION,
  async run(args, io) {
    const config = loadConfig(io.env, io.cwd);
    // Loaded on use: the database drivers take a second to load, which every other command would pay.
    const { createStore } = await import('@patchbay/store');
    const store = createStore(config.databaseUrl);
    try {
      await store.migrate();
    } finally {
      await store.close();
    }
    io.out(flag(args, 'json') ? formatJson({ database: store.location, upToDate: true }) : `The database at ${store.location} is up to date.\n`);
    return 0;
  },
};
