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
    parseJson(request, text, done);
  });
}
