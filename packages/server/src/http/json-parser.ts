import type { App } from '../types.ts';
import { ClientErrorWithHeaders } from './errors.ts';
import { jsonHasNul, nulInBody } from './nul-guard.ts';

/** `application/vnd.api+json`, `application/merge-patch+json`…: JSON by RFC 6839's structured suffix. */
const JSON_SUFFIX = /^application\/[\w!#$%&'*.^`|~-]+\+json(;|$)/;

/**
 * JSON is the only body type: `application/json` and any `application/*+json`; anything else is
 * answered 415 naming those (errors.ts). An empty JSON body counts as no body (many HTTP clients send
 * `Content-Type: application/json` on a bodyless POST).
 *
 * `__proto__` and `constructor` keys are accepted as plain data. Webhook bodies come from other
 * apps, whose field names we do not choose, and refusing one loses the event. `JSON.parse` defines
 * every key as an own data property, so parsing itself never touches a prototype; what could is code
 * that later copies keys by assignment, and ours does not (mappings build objects with
 * `Object.fromEntries`, JSONata groups into null-prototype objects, job history's redaction and the
 * webhook event likewise). Fastify's default (secure-json-parse) refused such bodies as "not valid JSON".
 */
export function installJsonParser(app: App): void {
  // 'ignore', 'ignore': plain JSON.parse, with Fastify's invalid-JSON error kept for the envelope.
  const parseJson = app.getDefaultJsonParser('ignore', 'ignore');
  app.removeAllContentTypeParsers();
  const parser: Parameters<App['addContentTypeParser']>[2] = (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    if (jsonHasNul(text)) {
      done(nulInBody(), undefined);
      return;
    }
    parseJson(request, text, done);
  };
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parser);
  app.addContentTypeParser(JSON_SUFFIX, { parseAs: 'string' }, parser);
  installContentEncodingCheck(app);
}

/** Whether the request has a body to read (the same test Fastify makes before parsing one). */
function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Bodies are read as they arrive: a compressed one would be read as text and answered "not valid
 * JSON", which sends the client looking for a syntax error. Checked before the body is read.
 */
function installContentEncodingCheck(app: App): void {
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const encoding = request.headers['content-encoding'];
    const codings = (encoding ?? '').split(',').map((coding) => coding.trim().toLowerCase());
    if (encoding !== undefined && hasBody(request.headers) && codings.some((coding) => coding !== 'identity' && coding !== '')) {
      done(
        new ClientErrorWithHeaders(
          'unsupported_content_encoding',
          415,
          'The body must not be compressed or otherwise encoded: send it without Content-Encoding (only "identity" is accepted).',
          { 'accept-encoding': 'identity' },
        ),
      );
      return;
    }
    done(null, payload);
  });
}
