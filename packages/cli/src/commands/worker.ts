import { loadConfig } from '@patchbay/core';
import type { RunningWorker } from '@patchbay/server';
import { CliError, flag, stringOption, type Command } from '../command.ts';
import { shutdownSignal } from '../signals.ts';

export const worker: Command = {
  path: ['worker'],
  summary: 'Run queued jobs and the trigger scheduler without the HTTP API, until Ctrl-C. For PostgreSQL: run any number beside "patchbay serve".',
  usage: [
    '  --concurrency <n>   jobs this process runs at once (default 16)',
    '  --json              print the ready line as JSON: { "store", "pid" }',
    '',
    'Uses the same environment as "patchbay serve" (PATCHBAY_DATABASE_URL, PATCHBAY_MASTER_KEY, PATCHBAY_PUBLIC_URL…).',
    'With PostgreSQL, every worker and serve process shares the jobs of one database; each job runs once.',
    'With the embedded SQLite store, "patchbay serve" already runs the workers: a separate worker is not needed.',
    'SIGTERM or Ctrl-C stops taking jobs and waits for the running ones.',
  ].join('\n'),
  options: { concurrency: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const config = loadConfig(io.env, io.cwd);
    const raw = stringOption(args, 'concurrency');
    const concurrency = raw === undefined ? undefined : Number(raw);
    if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 256)) {
      throw new CliError('--concurrency must be a whole number from 1 to 256.', 2);
    }
    if (!config.databaseUrl.startsWith('postgres')) {
      io.err(
        'warning: the database is the embedded SQLite store, where "patchbay serve" already runs the workers. ' +
          '"patchbay worker" is meant for PostgreSQL (PATCHBAY_DATABASE_URL=postgres://…); running anyway.\n',
      );
    }
    // Listening before anything starts: a SIGTERM during start-up, or right after the ready line
    // (which a supervisor may act on at once), still stops the worker gracefully.
    const shutdown = shutdownSignal();
    let running: RunningWorker;
    try {
      // Loaded here, not at the top: other commands should not pay for loading the server.
      const { startWorker } = await import('@patchbay/server');
      running = await startWorker(config, concurrency === undefined ? {} : { concurrency });
    } catch (err) {
      shutdown.dispose();
      throw err;
    }
    io.out(
      flag(args, 'json')
        ? `${JSON.stringify({ store: running.store.location, pid: process.pid })}\n`
        : `Patchbay worker is running on ${running.store.location} (Ctrl-C to stop)\n`,
    );
    await shutdown.signalled;
    io.err('Stopping: waiting for running jobs…\n');
    await running.close();
    io.err('Stopped.\n');
    return 0;
  },
};
