import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { CliError, type Io } from './command.ts';

export const DEFAULT_URL = 'http://127.0.0.1:8080';

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
  readonly baseUrl: string;
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Same rule as the server's config (PATCHBAY_DATA_DIR, default ./.patchbay), without validating the rest. */
export function dataDirOf(io: Io): string {
  const raw = io.env.PATCHBAY_DATA_DIR?.trim() || '.patchbay';
  return isAbsolute(raw) ? raw : resolve(io.cwd, raw);
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
    `No API token: set PATCHBAY_TOKEN, or run this where "patchbay serve" first started (it writes ${file}), or set PATCHBAY_DATA_DIR.`,
    2,
  );
}

export function createApiClient(io: Io): ApiClient {
  const baseUrl = (io.env.PATCHBAY_URL?.trim() || DEFAULT_URL).replace(/\/+$/, '');
  let token: Promise<string> | undefined;
  return {
    baseUrl,
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      token ??= resolveToken(io);
      const headers: Record<string, string> = { authorization: `Bearer ${await token}`, accept: 'application/json' };
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
        throw new CliError(`cannot reach Patchbay at ${baseUrl} (${reason}). Is "patchbay serve" running? Set PATCHBAY_URL to use another address.`);
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
