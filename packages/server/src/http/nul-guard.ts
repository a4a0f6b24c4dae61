import { InvalidInputError, PatchbayError } from '@patchbay/core';
import type { App } from '../types.ts';

/*
 * PostgreSQL text and jsonb cannot hold NUL (U+0000): a request carrying one is refused at the door
 * with a message saying so, instead of failing in the store with a 500. In a URL a NUL can only
 * arrive as `%00` (Node's parser refuses raw control characters); in a JSON body only as the escape
 * `\u0000` (JSON forbids raw control characters in strings). The text `\\u0000` is not one: it is an
 * escaped backslash followed by the letters "u0000", so the escape must follow an even run of
 * backslashes.
 */
const ESCAPED_NUL = /(?:^|[^\\])(?:\\\\)*\\u0000/;

/** Whether JSON text holds a NUL character (as the escape `\u0000`). */
export function jsonHasNul(text: string): boolean {
  // includes() first: the regular expression runs only on the rare body that may hold one.
  return text.includes('\\u0000') && ESCAPED_NUL.test(text);
}

export const nulInBody = () => new InvalidInputError('Text in the request must not contain NUL characters (\\u0000). Remove them and send it again.');

/** Refuses a URL holding a NUL in its path or query string, before any route reads it. */
export function installUrlNulGuard(app: App): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.url.includes('%00')) {
      done(new PatchbayError('invalid_url', 400, 'The URL must not contain NUL characters (%00): remove them and send it again.'));
      return;
    }
    done();
  });
}
