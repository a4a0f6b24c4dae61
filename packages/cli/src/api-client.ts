import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { createPatchbayClient, PatchbayApiError, unwrap, type Answer, type AnswerData, type PatchbayClient } from '@patchbay/client';
import { CliError, type Io } from './command.ts';
import { findServer, serverFilePath } from './server-file.ts';

/**
 * An error answer of the API, as the CLI reports it: a `CliError` (printed as `error: <message>`,
 * exit code 1) carrying the envelope's code and details. Made from the client's `PatchbayApiError`
 * by `call`, which parsed the envelope.
 */
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

/**
 * The generated API client for a command, bound to the server and token found as above (in that
 * order: a missing server is the first thing to fix). Call it where the command first needs the API,
 * after checking its own arguments, so that a usage mistake is reported without a server.
 */
export async function connectApi(io: Io): Promise<PatchbayClient> {
  const { url, from } = await resolveServer(io);
  const token = await resolveToken(io);
  return createPatchbayClient({ baseUrl: url, token, fetch: fetchExplainingFailures(url, from) });
}

/** fetch, with "cannot reach" said in terms of where the address came from and what to change. */
function fetchExplainingFailures(baseUrl: string, from: string): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      return await fetch(request);
    } catch (err) {
      const reason = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
      throw new CliError(`cannot reach Patchbay at ${baseUrl} (${reason}; that address comes from ${from}). Is "patchbay serve" running? Set PATCHBAY_URL to use another address.`);
    }
  };
}

/**
 * The documented success body of a call, or the API's error answer as an `ApiError` (printed as
 * `error: <message>`; commands that explain some codes further catch it).
 *
 * @example
 * const recipe = await call(api.GET('/api/v1/recipes/{id}', { params: { path: { id } } }));
 */
export async function call<A extends Answer>(pending: Promise<A>): Promise<AnswerData<A>> {
  try {
    return await unwrap(pending);
  } catch (err) {
    if (err instanceof PatchbayApiError) throw new ApiError(err.status, err.code, err.message, err.details);
    throw err;
  }
}
