import { InvalidInputError, PatchbayError } from '@patchbay/core';
import type { App } from '../types.ts';

/*
 * PostgreSQL text and jsonb cannot hold NUL (U+0000): a request carrying one is refused at the door
 * with a message saying so, instead of failing in the store with a 500. What is checked is the value
 * a route will read — the parsed body's strings and keys, the decoded path parameters and query
 * values — never a pattern over the raw text, which cannot tell the escape `\u0000` from the text
 * `\\u0000` (an escaped backslash, then "u0000") without re-implementing the JSON lexer.
 */

/** Whether a value parsed from JSON holds NUL in any string or key. Iterative: depth cannot overflow the stack. */
export function holdsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\0')) return true;
    } else if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
    } else if (typeof next === 'object' && next !== null) {
      for (const key of Object.keys(next)) {
        if (key.includes('\0')) return true;
        pending.push((next as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/**
 * Whether a body parsed from `text` holds NUL. JSON cannot carry a raw NUL (control characters must be
 * escaped in strings and are not whitespace), so a decoded one always comes from the escape `\u0000`:
 * bodies without those six characters — nearly all — are not walked.
 */
export function bodyHoldsNul(text: string, parsed: unknown): boolean {
  return text.includes('\\u0000') && holdsNul(parsed);
}

export const nulInBody = () => new InvalidInputError('Text in the request must not contain NUL characters (\\u0000). Remove them and send it again.');

const nulInUrl = () => new PatchbayError('invalid_url', 400, 'The URL must not contain NUL characters (%00): remove them and send it again.');

/**
 * Refuses a request whose decoded path parameters or query (names and values) hold a NUL, before any
 * route reads them. In a URL a NUL can only arrive percent-encoded (Node's parser refuses raw control
 * characters), so a URL without "%00" is not looked into: the check costs one `includes` per request.
 * A path that matches no route is decoded by nothing and only answered 404, so it needs no check.
 */
export function installUrlNulGuard(app: App): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.url.includes('%00') && (holdsNul(request.params) || holdsNul(request.query))) {
      done(nulInUrl());
      return;
    }
    done();
  });
}
