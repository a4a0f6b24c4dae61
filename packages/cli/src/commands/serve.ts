import { loadConfig } from '@patchbay/core';
import { CliError, type Command } from '../command.ts';

export const serve: Command = {
  path: ['serve'],
  summary: 'Start the Patchbay server (API, OAuth callback, webhooks and job workers) until Ctrl-C.',
  usage: [
    'Configured by environment variables:',
    '  HOST, PORT                 where to listen (default 127.0.0.1:8080)',
    '  PATCHBAY_DATA_DIR          embedded store and generated key (default ./.patchbay)',
    '  PATCHBAY_DATABASE_URL      postgres://… for PostgreSQL (default: SQLite in the data dir)',
    '  PATCHBAY_MASTER_KEY        base64 master key(s), comma-separated during a rotation',
    '  PATCHBAY_PUBLIC_URL        base of the OAuth redirect URI (default http://HOST:PORT)',
    '  PATCHBAY_ADMIN_TOKEN       an admin API token to ensure at start',
    '  PATCHBAY_LOG_LEVEL         fatal, error, warn, info (default), debug, trace or silent',
    '  PATCHBAY_NOTIFY_URL        http(s) URL that also receives notifications as JSON POSTs',
  ].join('\n'),
  async run(_args, io) {
    const config = loadConfig(io.env, io.cwd);
    // Loaded here, not at the top: other commands should not pay for loading the server.
    const { startPatchbay } = await import('@patchbay/server');
    // Listen for signals before announcing readiness: a SIGTERM right after the ready line must
    // still shut down gracefully, not kill the process.
    const stopped = new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    const running = await startPatchbay(config).catch((err: unknown) => {
      if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
        throw new CliError(`${config.host}:${config.port} is already in use: stop what listens there, or set PORT to another port.`);
      }
      throw err;
    });
    io.out(`Patchbay is listening on ${running.url} (API under ${running.url}/api/v1, OpenAPI at ${running.url}/api/openapi.json)\n`);
    await stopped;
    io.err('Stopping: finishing requests in flight…\n');
    await running.close();
    return 0;
  },
};
