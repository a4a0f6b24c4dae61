import pg from 'pg';
import { CHANNEL } from './schema.ts';

export interface Listener {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * LISTENs on the queue's channel on a connection of its own and calls `onJob(name)` for each
 * notification: an enqueue in any process wakes this process's idle workers of that name at once, so
 * workers can poll rarely. A lost connection is opened again after a second; meanwhile polling
 * (`pollIntervalMs`) still finds every job, only later.
 */
export function createListener(databaseUrl: string, onJob: (name: string) => void, onError: (error: unknown) => void): Listener {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: databaseUrl, application_name: 'patchbay-queue-listener' });
    next.on('notification', (message) => {
      if (message.payload) onJob(message.payload);
    });
    next.on('error', (error) => {
      onError(error);
      reconnectLater(next);
    });
    next.on('end', () => reconnectLater(next));
    await next.connect();
    await next.query(`LISTEN ${CHANNEL}`);
    if (stopped) {
      await next.end();
      return;
    }
    client = next;
  }

  function reconnectLater(from: pg.Client): void {
    if (stopped || client !== from) return;
    client = null;
    from.end().catch(() => {});
    scheduleConnect();
  }

  function scheduleConnect(): void {
    if (stopped) return;
    retry = setTimeout(() => void connect().catch((error: unknown) => (onError(error), scheduleConnect())), 1_000);
    retry.unref();
  }

  return {
    start: connect,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const last = client;
      client = null;
      await last?.end().catch(() => {});
    },
  };
}
