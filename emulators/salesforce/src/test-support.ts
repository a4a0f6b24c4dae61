import { Connection } from 'jsforce';
import type { SalesforceEmulator } from './index.ts';

/**
 * Helpers the emulator's tests share: the control plane over plain fetch, a jsforce connection
 * aimed at the emulator (only instanceUrl, token and version set: the client is otherwise
 * unchanged), and a person clicking through the login and consent pages.
 */
export const REDIRECT_URI = 'http://127.0.0.1:8976/oauth/callback';

export async function control(emulator: SalesforceEmulator, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${emulator.url}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

export async function mintToken(emulator: SalesforceEmulator, scope?: string): Promise<string> {
  const { body } = await control(emulator, 'POST', '/tokens', scope ? { scope } : {});
  const token = typeof body === 'object' && body !== null ? Reflect.get(body, 'access_token') : undefined;
  if (typeof token !== 'string') throw new Error('the control plane minted no token');
  return token;
}

export async function connect(emulator: SalesforceEmulator, version = '62.0'): Promise<Connection> {
  return new Connection({ instanceUrl: emulator.url, accessToken: await mintToken(emulator), version });
}

/** Creates a record through the control plane and returns its id. */
export async function seedRecord(emulator: SalesforceEmulator, object: string, fields: Record<string, unknown>): Promise<string> {
  const { status, body } = await control(emulator, 'POST', `/records/${object}`, fields);
  const id = typeof body === 'object' && body !== null ? Reflect.get(body, 'id') : undefined;
  if (status !== 201 || typeof id !== 'string') throw new Error(`control create of ${object} failed: ${status} ${JSON.stringify(body)}`);
  return id;
}

function hiddenInteraction(html: string): string {
  const match = /name="interaction" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no interaction id on the page');
  return match[1];
}

async function submit(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });
}

/**
 * Follows an authorize URL as a person would: the login form (optionally a wrong password first),
 * then the consent page. Returns the redirect back to the client, unfetched.
 */
export async function approveInBrowser(
  authorizeUrl: string,
  options: { username: string; password: string; deny?: boolean; wrongPasswordFirst?: boolean },
): Promise<{ location: URL; loginPageStatus: number; retryPageStatus?: number }> {
  const loginPage = await fetch(authorizeUrl, { redirect: 'manual' });
  const formAction = new URL(authorizeUrl).origin + new URL(authorizeUrl).pathname;
  let interaction = hiddenInteraction(await loginPage.text());
  let retryPageStatus: number | undefined;
  if (options.wrongPasswordFirst) {
    const retry = await submit(formAction, { interaction, username: options.username, password: 'not-the-password' });
    retryPageStatus = retry.status;
    interaction = hiddenInteraction(await retry.text());
  }
  const consent = await submit(formAction, { interaction, username: options.username, password: options.password });
  const decided = await submit(formAction, { interaction: hiddenInteraction(await consent.text()), decision: options.deny ? 'deny' : 'allow' });
  const location = decided.headers.get('location');
  if (decided.status !== 302 || !location) throw new Error(`expected a redirect back to the client, got ${decided.status}`);
  return { location: new URL(location), loginPageStatus: loginPage.status, ...(retryPageStatus === undefined ? {} : { retryPageStatus }) };
}

/** The SalesforceApiError fields jsforce puts on its errors (`name` = `errorCode`, §22). */
export async function rejection(promise: PromiseLike<unknown>): Promise<{ name: string; errorCode?: string; message: string; data?: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) {
      const errorCode: unknown = Reflect.get(error, 'errorCode');
      return { name: error.name, message: error.message, data: Reflect.get(error, 'data'), ...(typeof errorCode === 'string' ? { errorCode } : {}) };
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** A parsed JSON object, or a test failure: keeps assertions on raw HTTP bodies typed. */
export function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`expected a JSON object, got ${JSON.stringify(value)}`);
  return Object.fromEntries(Object.entries(value));
}
