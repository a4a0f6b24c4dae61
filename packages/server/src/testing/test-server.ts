import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, loadConfig } from '@patchbay/core';
import type { Connector } from '@patchbay/sdk';
import { generateMasterKey } from '@patchbay/vault';
import { startPatchbay, type RunningPatchbay } from '../start.ts';

/** A canary: if this string shows up in a log line or a response, a token leaked. */
export const ADMIN_TOKEN = 'pb_admin-canary-7f3e9c1d2b4a6e8f0a1c3e5f';

export interface ApiResponse {
  status: number;
  /** Parsed JSON, or null when the body is empty or not JSON. */
  body: unknown;
  text: string;
  headers: Headers;
}

export interface TestServer extends RunningPatchbay {
  token: string;
  dataDir: string;
  /** Every log line so far. */
  logs(): string;
  /** fetch against the server with the admin token unless `headers.authorization` is given. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<ApiResponse>;
  stop(): Promise<void>;
}

/**
 * A real server on 127.0.0.1 (random port) over SQLite in a temp dir, with a captured logger:
 * tests talk HTTP to it exactly as clients do.
 */
export async function startTestServer(options: { connectors?: Connector[]; env?: Record<string, string>; workers?: boolean } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'patchbay-server-'));
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    }),
  });
  const config = loadConfig(
    {
      PATCHBAY_DATA_DIR: dataDir,
      PORT: '0',
      PATCHBAY_MASTER_KEY: generateMasterKey(),
      PATCHBAY_ADMIN_TOKEN: ADMIN_TOKEN,
      ...options.env,
    },
    dataDir,
  );
  const running = await startPatchbay(config, {
    logger,
    ...(options.connectors ? { connectors: options.connectors } : {}),
    ...(options.workers === undefined ? {} : { workers: options.workers }),
  });
  return {
    ...running,
    token: ADMIN_TOKEN,
    dataDir,
    logs: () => lines.join(''),
    async api(path, init = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${ADMIN_TOKEN}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      const response = await fetch(`${running.url}${path}`, { ...rest, headers, body: json === undefined ? rest.body : JSON.stringify(json) });
      const text = await response.text();
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      return { status: response.status, body, text, headers: response.headers };
    },
    async stop() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
