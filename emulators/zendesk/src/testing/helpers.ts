import zendesk, { type ZendeskClientOptions } from 'node-zendesk';
import type { ZendeskEmulator } from '../index.ts';

/**
 * Test helpers: node-zendesk clients configured only with what a real connection has (base URL and
 * credentials), and readers for its untyped answers (its typings say `object`), so tests reach into
 * results without casts.
 */

/** node-zendesk with the account's API token: `Basic {email}/token:{api_token}`. */
export function tokenClient(emulator: ZendeskEmulator, extra: ClientExtras = {}) {
  return zendesk.createClient(withExtras({ username: emulator.agentEmail, token: emulator.apiToken, endpointUri: emulator.apiBaseUrl }, extra));
}

/** node-zendesk with an OAuth access token: `Bearer {token}`. */
export function oauthClient(emulator: ZendeskEmulator, accessToken: string, extra: ClientExtras = {}) {
  return zendesk.createClient(withExtras({ token: accessToken, oauth: true, endpointUri: emulator.apiBaseUrl }, extra));
}

/** Options node-zendesk reads but its typings omit (`query`: parameters added to every request). */
export interface ClientExtras extends ZendeskClientOptions {
  query?: Record<string, unknown>;
}

function withExtras(base: ZendeskClientOptions, extra: ClientExtras): ZendeskClientOptions {
  const options: ClientExtras = { ...base, ...extra };
  return options;
}

/** A call to the emulator's control endpoints. */
export async function control(emulator: ZendeskEmulator, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emulator.url}/__emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** A fresh access token for the demo admin (`POST /__emulator/tokens`). */
export async function mintToken(emulator: ZendeskEmulator, scope?: string): Promise<string> {
  const { body } = await control(emulator, 'POST', 'tokens', scope === undefined ? {} : { scope });
  return text(at(body, 'access_token'));
}

/** The value at a path of keys and indexes, or undefined where the path leaves the data. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = Reflect.get(current, key);
  }
  return current;
}

export function list(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error(`expected an array, got ${JSON.stringify(value)}`);
  return value;
}

export function num(value: unknown): number {
  if (typeof value !== 'number') throw new Error(`expected a number, got ${JSON.stringify(value)}`);
  return value;
}

export function text(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * The `result` of a node-zendesk `request()` call. Needed for `get()`, whose typings claim it returns
 * a `NodeModule`; it resolves `{response, result}` like the other single-request methods.
 */
export async function resultOf(call: Promise<unknown>): Promise<unknown> {
  return at(await call, 'result');
}

/** A header of a node-zendesk `response` (its adapter exposes `headers.get`). */
export function header(response: unknown, name: string): string | null {
  const headers = at(response, 'headers');
  const get = at(headers, 'get');
  if (typeof get !== 'function') throw new Error('expected a response with headers.get');
  const value: unknown = Reflect.apply(get, headers, [name]);
  return typeof value === 'string' ? value : null;
}

/** The rejection of a promise that must fail (the test fails if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
