import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { CliError, type Io } from './command.ts';
import { findServer, serverFilePath } from './server-file.ts';

/** An error answer of the API: its message is printed as `error: <message>`. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message, 1);
    this.name = 'ApiError';
  }
}

export interface ApiClient {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Same rule as the server's config (PATCHBAY_DATA_DIR, default ./.patchbay), without validating the rest. */
export function dataDirOf(io: Io): string {
  const raw = io.env.PATCHBAY_DATA_DIR?.trim() || '.patchbay';
  return isAbsolute(raw) ? raw : resolve(io.cwd, raw);
}

/** Where the API is, and how we learnt it (for error messages that say what to change). */
export interface ServerLocation {
  url: string;
  from: string;
}

/**
 * PATCHBAY_URL, else the server.json that `patchbay serve` (or `demo`) wrote into the data dir. There
 * is no fixed default port to fall back to: a guess would reach another server, or none, and the
 * error would not say why.
 */
export async function resolveServer(io: Io): Promise<ServerLocation> {
  const fromEnv = io.env.PATCHBAY_URL?.trim();
  if (fromEnv) return { url: fromEnv.replace(/\/+$/, ''), from: 'PATCHBAY_URL' };
  const dataDir = dataDirOf(io);
  const file = serverFilePath(dataDir);
  const lookup = await findServer(dataDir);
  if (lookup.found === 'running') return { url: lookup.server.url.replace(/\/+$/, ''), from: `${file}, pid ${lookup.server.pid}` };
  const start = '"npx patchbay serve" (or "npm start")';
  if (lookup.found === 'stale') {
    throw new CliError(
      `the Patchbay server that ${file} names (${lookup.server.url}, pid ${lookup.server.pid}) is no longer running: start it again with ${start}, or set PATCHBAY_URL.`,
    );
  }
  throw new CliError(
    `no Patchbay server is running from ${dataDir} (there is no ${file}). Start one with ${start} in this folder, ` +
      'or run this command in the folder where it runs (or set PATCHBAY_DATA_DIR to its data dir), or set PATCHBAY_URL.',
  );
}

/** PATCHBAY_TOKEN, else PATCHBAY_ADMIN_TOKEN, else the token the server wrote at its first start. */
export async function resolveToken(io: Io): Promise<string> {
  const fromEnv = io.env.PATCHBAY_TOKEN?.trim() || io.env.PATCHBAY_ADMIN_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  const file = join(dataDirOf(io), 'admin-token');
  try {
    const token = (await readFile(file, 'utf8')).trim();
    if (token) return token;
  } catch {
    // Reported below with what to do.
  }
  throw new CliError(
    `No API token: set PATCHBAY_TOKEN, or run this where "patchbay serve" first started (it writes ${file}), or set PATCHBAY_DATA_DIR. ` +
      'A server started with PATCHBAY_ADMIN_TOKEN writes no file: give the CLI the same PATCHBAY_ADMIN_TOKEN.',
    2,
  );
}

export function createApiClient(io: Io): ApiClient {
  let server: Promise<ServerLocation> | undefined;
  let token: Promise<string> | undefined;
  return {
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      // One after the other: a failed look-up must not leave the other promise rejected unobserved.
      const { url: baseUrl, from } = await (server ??= resolveServer(io));
      const bearer = await (token ??= resolveToken(io));
      const headers: Record<string, string> = { authorization: `Bearer ${bearer}`, accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (err) {
        const reason = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
        throw new CliError(`cannot reach Patchbay at ${baseUrl} (${reason}; that address comes from ${from}). Is "patchbay serve" running? Set PATCHBAY_URL to use another address.`);
      }
      const text = await response.text();
      const parsed: unknown = text === '' ? null : safeJson(text);
      if (!response.ok) throw toApiError(response.status, parsed);
      // The server serialises every response through its route's schema, so the shape is the documented one.
      return parsed as T;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toApiError(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error: unknown = body.error;
    if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
      const code = 'code' in error && typeof error.code === 'string' ? error.code : 'error';
      return new ApiError(status, code, error.message, 'details' in error ? error.details : undefined);
    }
  }
  return new ApiError(status, 'http_error', `the server answered HTTP ${status}`, undefined);
}
