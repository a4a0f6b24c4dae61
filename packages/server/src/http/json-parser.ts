import { PatchbayError } from '@patchbay/core';
import type { App } from '../types.ts';
import { ClientErrorWithHeaders } from './errors.ts';
import { bodyHoldsNul, nulInBody } from './nul-guard.ts';

/**
 * The deepest nesting of arrays and objects a request body may have (`{"a":[1]}` is 2 deep). Deeper
 * bodies are answered 400 `too_deep` before they are parsed: code that walks JSON recursively —
 * `JSON.stringify` when a job is stored, schema validation, the mapping walker — would otherwise
 * overflow the stack (a 10 KB webhook body nested 5,000 deep was a 500). Real payloads stay far below.
 */
export const MAX_JSON_DEPTH = 200;

export const tooDeep = () =>
  new PatchbayError(
    'too_deep',
    `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep: send a flatter document.`,
    { details: { maxDepth: MAX_JSON_DEPTH } },
  );

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** How many times `char` occurs in `text`, counting no further than `limit` + 1. */
function countPast(text: string, char: string, limit: number): number {
  let count = 0;
  for (let i = text.indexOf(char); i !== -1 && count <= limit; i = text.indexOf(char, i + 1)) count++;
  return count;
}

/**
 * Whether JSON text nests arrays and objects deeper than `max`, without building anything. Most
 * bodies are settled by counting: nesting deeper than `max` needs more than `max` opening brackets,
 * and `indexOf` finds the few a typical body has (those inside strings too: the count is an upper
 * bound). A body with more of them is scanned, one pass counting brackets outside strings; strings
 * are skipped with `indexOf` to their closing quote (one after an even run of backslashes). Text
 * that is not JSON gets some answer here and is refused by JSON.parse afterwards. What it costs
 * beside JSON.parse: bench/json-depth.ts.
 */
export function jsonDeeperThan(text: string, max: number): boolean {
  // Deeper than `max` takes more than `max` opening and as many closing characters.
  if (text.length <= 2 * max) return false;
  const braces = countPast(text, '{', max);
  if (braces + countPast(text, '[', max - braces) <= max) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Everything below '[' but a quote (digits, punctuation, whitespace) is passed over with one test.
    if (c < OPEN_BRACKET) {
      if (c === QUOTE) {
        for (;;) {
          i = text.indexOf('"', i + 1);
          if (i === -1) return false;
          let backslashes = 0;
          while (text.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes++;
          if (backslashes % 2 === 0) break;
        }
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

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
 *
 * Every body comes through here, webhooks included: one nested deeper than MAX_JSON_DEPTH is refused
 * before it is parsed (400 `too_deep`), and one holding NUL in a string or key once it is parsed
 * (400 `invalid_input`, nul-guard.ts).
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
    if (jsonDeeperThan(text, MAX_JSON_DEPTH)) {
      done(tooDeep(), undefined);
      return;
    }
    parseJson(request, text, (err, parsed) => {
      if (err) done(err, undefined);
      else if (bodyHoldsNul(text, parsed)) done(nulInBody(), undefined);
      else done(null, parsed);
    });
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
