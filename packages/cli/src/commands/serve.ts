import { loadConfig } from '@patchbay/core';
import { CliError, flag, type Command } from '../command.ts';
import { serverFilePath, writeServerFile } from '../server-file.ts';
import { shutdownSignal } from '../signals.ts';

export const serve: Command = {
  path: ['serve'],
  summary: 'Start the Patchbay server (API, OAuth callback, webhooks and job workers) until Ctrl-C.',
  usage: [
    '  --no-workers               API and webhooks only: queued jobs and triggers are left to "patchbay worker"',
    '                             processes on the same PostgreSQL database',
    '  --json                     print the ready line as JSON: { "url", "api", "openapi", "pid", "serverFile" }',
    '',
    'Writes its URL into <data dir>/server.json (removed on a clean stop): the CLI run from the same',
    'folder finds the server there, whatever PORT it took.',
    '',
    'Configured by environment variables:',
    '  HOST, PORT                 where to listen (default 127.0.0.1:8080)',
    '  PATCHBAY_DATA_DIR          embedded store and generated key (default ./.patchbay)',
    '  PATCHBAY_DATABASE_URL      postgres://… for PostgreSQL (default: SQLite in the data dir)',
    '  PATCHBAY_MASTER_KEY        base64 master key(s), comma-separated during a rotation',
    '  PATCHBAY_PUBLIC_URL        base of the OAuth redirect URI (default http://HOST:PORT)',
    '  PATCHBAY_ADMIN_TOKEN       an admin API token to ensure at start',
    '  PATCHBAY_LOG_LEVEL         fatal, error, warn, info (default), debug, trace or silent',
    '  PATCHBAY_NOTIFY_URL        http(s) URL that also receives notifications as JSON POSTs',
    '  PATCHBAY_JOB_LEASE_SECONDS how long a job of a crashed process waits before it runs again (default 30)',
  ].join('\n'),
  options: { 'no-workers': { type: 'boolean' }, json: { type: 'boolean' } },
  async run(args, io) {
    const config = loadConfig(io.env, io.cwd);
    const workers = !flag(args, 'no-workers');
    if (!workers && !config.databaseUrl.startsWith('postgres')) {
      io.err('warning: --no-workers with the embedded SQLite store: queued jobs wait until a "patchbay worker" runs on the same data dir.\n');
    }
    // Loaded here, not at the top: other commands should not pay for loading the server.
    const { startPatchbay } = await import('@patchbay/server');
    const stopped = shutdownSignal().signalled;
    const running = await startPatchbay(config, { workers }).catch((err: unknown) => {
      if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
        throw new CliError(`${config.host}:${config.port} is already in use: stop what listens there, or set PORT to another port.`);
      }
      throw err;
    });
    // Not fatal: a server on a read-only file system (a container with PostgreSQL and
    // PATCHBAY_MASTER_KEY) serves as well; only the CLI then needs PATCHBAY_URL.
    const removeServerFile = await writeServerFile(config.dataDir, running.url).catch((err: unknown) => {
      io.err(`warning: cannot write ${serverFilePath(config.dataDir)} (${err instanceof Error ? err.message : String(err)}): the CLI will need PATCHBAY_URL=${running.url} to find this server.\n`);
      return async () => {};
    });
    const ready = { url: running.url, api: `${running.url}/api/v1`, openapi: `${running.url}/api/openapi.json`, pid: process.pid, serverFile: serverFilePath(config.dataDir) };
    io.out(
      flag(args, 'json')
        ? `${JSON.stringify(ready)}\n`
        : `Patchbay is listening on ${ready.url} (API under ${ready.api}, OpenAPI at ${ready.openapi})\n`,
    );
    await stopped;
    io.err('Stopping: finishing requests in flight…\n');
    // First: from now on a CLI should be told the server is gone, not wait on one that is closing.
    await removeServerFile();
    await running.close();
    return 0;
  },
};
