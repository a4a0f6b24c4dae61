import { STATUS_CODES } from 'node:http';
import { AppError, type HttpResponse } from '@patchbay/sdk';

/** How much of the app's answer a failed step keeps: enough to see what the app said. */
const EXCERPT_CHARS = 500;

/** Keys whose values are credentials wherever they appear (the names job history redacts too). */
const SECRET_KEY = /pass(word)?|secret|token|authori[sz]ation|api[-_]?key|cookie|session|credential|private[-_]?key/i;

export interface SentRequest {
  method: string;
  path: string;
  headers?: Record<string, string> | undefined;
}

/** The status as a code, in the style apps use: 404 → `NOT_FOUND`, 422 → `UNPROCESSABLE_ENTITY`. */
function statusCode(status: number): string {
  const phrase = STATUS_CODES[status];
  return phrase ? phrase.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '') : `HTTP_${status}`;
}

/**
 * The start of the app's answer, without credentials: values under secret-looking keys are
 * replaced, and so is any header value the step sent (an app may echo a key it was given). Headers
 * of the answer are left out altogether (`set-cookie`, tokens).
 */
export function bodyExcerpt(body: unknown, sent: SentRequest): string {
  if (body === null || body === undefined) return '(empty body)';
  let text = typeof body === 'string' ? body : JSON.stringify(body, (key, value: unknown) => (key !== '' && SECRET_KEY.test(key) ? '[redacted]' : value));
  for (const value of Object.values(sent.headers ?? {})) {
    // Very short values ("1", "yes") would mask ordinary text and protect nothing.
    if (value.length >= 8) text = text.split(value).join('[redacted]');
  }
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}

/**
 * The step error for a 4xx or 5xx answer: the app's status and the start of its body. The path is
 * shown without its query string, which may carry a key.
 */
export function failedRequest(app: string, response: HttpResponse, sent: SentRequest): AppError {
  const path = sent.path.split('?')[0] ?? sent.path;
  return new AppError(app, response.status, statusCode(response.status), `${sent.method} ${path}: ${bodyExcerpt(response.body, sent)}`, { method: sent.method, path });
}
