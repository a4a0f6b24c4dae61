import { HttpException, type Version3Models } from 'jira.js';
import type { JiraEmulator } from './index.ts';

/** Shared by the emulator's tests: how jira.js surfaces a failure, and small request helpers. */

export interface Failure {
  status: number;
  body: unknown;
}

/** The status and parsed body of a jira.js call that must fail (jira.js 5 throws `HttpException`). */
export async function jiraFailure(call: Promise<unknown>): Promise<Failure> {
  try {
    await call;
  } catch (err) {
    if (err instanceof HttpException) {
      const body: unknown = typeof err.response === 'object' ? err.response.data : err.response;
      return { status: err.status, body };
    }
    throw err;
  }
  throw new Error('expected the call to fail');
}

export function adf(text: string): Version3Models.Document {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

export function basicAuth(emulator: JiraEmulator): string {
  return `Basic ${Buffer.from(`${emulator.email}:${emulator.apiToken}`).toString('base64')}`;
}

/** A JSON answer, typed loosely: tests read exactly the members they assert on. */
export type Json = any;

export async function readJson(response: Response): Promise<Json> {
  return response.json();
}

/** A control endpoint call: JSON in, status and JSON out. */
export async function control(emulator: JiraEmulator, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${emulator.url}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await readJson(response) };
}

export async function mintToken(emulator: JiraEmulator, scope?: string): Promise<string> {
  const minted = await control(emulator, 'POST', '/tokens', scope === undefined ? {} : { scope });
  return String(minted.body.access_token);
}
