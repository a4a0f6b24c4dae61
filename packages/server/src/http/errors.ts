import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PatchbayError, problemsFrom, summarizeProblems, toErrorBody, type SerializedError } from '@patchbay/core';
import type { App } from '../types.ts';
import type { RouteMethods } from './method-not-allowed.ts';
import { loggedPath } from './request-log.ts';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** The body types the API reads (json-parser.ts), named in 415 answers and their `Accept` header. */
export const ACCEPTED_MEDIA_TYPES = 'application/json, application/*+json';

interface HttpError {
  status: number;
  body: { error: SerializedError };
  /** Headers saying what would have been accepted (RFC 9110 §15.5.16: Accept, Accept-Encoding). */
  headers?: Record<string, string>;
}

export function envelope(status: number, code: string, message: string, details?: SerializedError['details']): HttpError {
  return { status, body: { error: details === undefined ? { code, message } : { code, message, details } } };
}

/** A client error whose answer carries headers telling the client what to send instead. */
export class ClientErrorWithHeaders extends PatchbayError {
  readonly headers: Record<string, string>;
  constructor(code: string, status: number, message: string, headers: Record<string, string>) {
    super(code, status, message);
    this.headers = headers;
  }
}

/**
 * A client that goes away mid-body makes the body stream fail with one of these. It is the client's
 * doing (a 400 nobody reads), not a server error to log at level 50.
 */
const ABORTED = new Set(['ECONNRESET', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/**
 * Fastify's own errors, keyed by their code. Their messages are replaced with ours: some of Fastify's
 * (and JSON.parse's) would quote the request, which may hold a secret.
 */
const FRAMEWORK_ERRORS: Record<string, () => HttpError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () =>
    envelope(400, 'invalid_json', 'The request body is not valid JSON: check quotes, commas and brackets.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    envelope(400, 'invalid_json', 'The request body is empty but Content-Type says JSON: send a JSON object.'),
  FST_ERR_CTP_BODY_TOO_LARGE: () =>
    envelope(413, 'payload_too_large', `The request body is larger than ${BODY_LIMIT_BYTES} bytes (1 MiB): send less data.`),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => ({
    ...envelope(
      415,
      'unsupported_media_type',
      `The body must be JSON: send it with "Content-Type: application/json" (accepted: ${ACCEPTED_MEDIA_TYPES}).`,
    ),
    headers: { accept: ACCEPTED_MEDIA_TYPES },
  }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    envelope(400, 'invalid_request', 'The Content-Length header does not match the body that was sent.'),
  FST_ERR_BAD_URL: () => envelope(400, 'invalid_url', 'The URL is not valid: check its percent-encoding.'),
  // An id longer than any id Patchbay issues cannot exist.
  FST_ERR_MAX_PARAM_LENGTH: () => envelope(404, 'not_found', 'Nothing exists at this path: the id in it is too long.'),
};

// Body fields are named as they are (`name`, `fields.username`); the rest say where they are from.
const PATH_PREFIX: Record<string, string> = { body: '', params: 'params', querystring: 'query', headers: 'headers' };

function isFastifyError(err: unknown): err is FastifyError {
  return err instanceof Error && typeof (err as Partial<FastifyError>).code === 'string';
}

/** Maps anything thrown while handling a request to a status and the API envelope. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof ClientErrorWithHeaders) return { status: err.status, body: toErrorBody(err), headers: err.headers };
  if (err instanceof PatchbayError) return { status: err.status, body: toErrorBody(err) };
  if (isFastifyError(err)) {
    if (ABORTED.has(err.code)) return envelope(400, 'request_aborted', 'The request ended before its body was complete: send it again.');
    if (err.validation) {
      const problems = problemsFrom(err.validation, PATH_PREFIX[err.validationContext ?? 'body'] ?? '');
      return envelope(400, 'invalid_input', summarizeProblems(problems), problems);
    }
    const known = FRAMEWORK_ERRORS[err.code];
    if (known) return known();
    const status = err.statusCode ?? 500;
    // Other 4xx from Fastify (e.g. an aborted upload) are the client's doing; their messages are fixed text.
    if (status >= 400 && status < 500 && err.code.startsWith('FST_')) {
      return envelope(status, 'bad_request', err.message);
    }
  }
  return { status: 500, body: toErrorBody(err) };
}

export function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body, headers } = toHttpError(err);
  if (status >= 500) {
    // The client gets a generic message; the real error goes to the log only.
    request.log.error({ err }, 'request failed');
  }
  if (headers) reply.headers(headers);
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/**
 * Answers a path no route has when it is a page of the web UI (its client-side routes: the UI's
 * index.html); returns false when it is not, for the 404 envelope.
 */
export type PageFallback = (request: FastifyRequest, reply: FastifyReply) => boolean;

/** "GET, HEAD or POST" */
function either(methods: string[]): string {
  return methods.length === 1 ? (methods[0] ?? '') : `${methods.slice(0, -1).join(', ')} or ${methods.at(-1) ?? ''}`;
}

/**
 * One error handler, one not-found handler: every error a client sees has the same envelope. A known
 * path with another method is a 405 with `Allow`, answered before the bearer check of /api/v1 as
 * unknown paths are: which paths exist is public (the OpenAPI document), and a token would not make
 * the method right. Paths are shown as the request log shows them (never a webhook token).
 */
export function installErrorHandlers(app: App, routes: RouteMethods, pages?: PageFallback): void {
  app.setErrorHandler((err, request, reply) => sendError(err, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = routes.allowedFor(path);
    // Listing the request's own method would be a matcher disagreeing with the router: a 404 then.
    if (allowed && !allowed.includes(request.method)) {
      const message = `${request.method} is not allowed on ${loggedPath(path)}: use ${either(allowed)}.`;
      reply.code(405).header('allow', allowed.join(', ')).send(envelope(405, 'method_not_allowed', message).body);
      return;
    }
    if (pages?.(request, reply)) return;
    reply.code(404).send(envelope(404, 'not_found', `There is no ${request.method} ${loggedPath(path)}: see /api/openapi.json.`).body);
  });
}
