import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PatchbayError, problemsFrom, summarizeProblems, toErrorBody, type SerializedError } from '@patchbay/core';
import type { App } from '../types.ts';

export const BODY_LIMIT_BYTES = 1024 * 1024;

interface HttpError {
  status: number;
  body: { error: SerializedError };
}

function envelope(status: number, code: string, message: string, details?: SerializedError['details']): HttpError {
  return { status, body: { error: details === undefined ? { code, message } : { code, message, details } } };
}

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
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    envelope(415, 'unsupported_media_type', 'Send the body as JSON with the header "Content-Type: application/json".'),
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
  if (err instanceof PatchbayError) return { status: err.status, body: toErrorBody(err) };
  if (isFastifyError(err)) {
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
  const { status, body } = toHttpError(err);
  if (status >= 500) {
    // The client gets a generic message; the real error goes to the log only.
    request.log.error({ err }, 'request failed');
  }
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** One error handler, one not-found handler: every error a client sees has the same envelope. */
export function installErrorHandlers(app: App): void {
  app.setErrorHandler((err, request, reply) => sendError(err, request, reply));
  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .send(envelope(404, 'not_found', `There is no ${request.method} ${request.url.split('?')[0]}: see /api/openapi.json.`).body);
  });
}
