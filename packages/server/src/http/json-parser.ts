import { InvalidInputError } from '@patchbay/core';
import type { App } from '../types.ts';

/**
 * JSON is the only body type: text/plain and everything else is answered 415. An empty JSON body
 * counts as no body (many HTTP clients send `Content-Type: application/json` on a bodyless POST);
 * otherwise Fastify's parser is kept for its prototype-poisoning protection.
 */
export function installJsonParser(app: App): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    // PostgreSQL text cannot hold NUL: refuse it here with a clear error instead of failing in the store.
    if (/\\u0000/i.test(text)) {
      done(new InvalidInputError('Text in the request must not contain NUL characters (\\u0000). Remove them and send it again.'), undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
