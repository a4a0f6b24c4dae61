/** What every error answer of the API holds: `{ "error": { "code", "message", "details"? } }`. */
export interface ErrorBody {
  /** Stable and machine-readable: `invalid_input`, `not_found`, `connection_required`… */
  code: string;
  /** What went wrong and what to do about it, for a person. */
  message: string;
  /** Per code: e.g. the location of every problem for `invalid_input`. */
  details?: unknown;
}

/** An error answer of the API, thrown by `unwrap`: the envelope's code, message and details, with the HTTP status. */
export class PatchbayApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'PatchbayApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details;
  }
}

/**
 * The envelope of an error answer. Read from what was received rather than trusted from the document:
 * a proxy in front of Patchbay may answer 502 with an HTML page, and that must still become an error
 * that says what happened.
 */
export function errorBodyOf(status: number, received: unknown): ErrorBody {
  const error = isRecord(received) ? received.error : undefined;
  if (isRecord(error) && typeof error.message === 'string') {
    return {
      code: typeof error.code === 'string' ? error.code : 'error',
      message: error.message,
      ...('details' in error ? { details: error.details } : {}),
    };
  }
  return { code: 'http_error', message: `the server answered HTTP ${status}` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The shape of every openapi-fetch answer; `error` is whatever the body held (undefined when empty). */
export interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The branch of openapi-fetch's answer union that carries the documented success body. */
type Success<A> = Extract<A, { data: unknown }>;

/** The documented success body of an answer: what `unwrap` returns for it. */
export type AnswerData<A> = Success<A>['data'];

/**
 * openapi-fetch's contract, stated once: an ok response is the `data` branch (a 204's data is
 * undefined, as its type says). Decided on `response.ok`, not on which of `data` and `error` is set:
 * both are undefined when a body is empty, for an error too.
 */
function succeeded<A extends Answer>(answer: A): answer is A & Success<A> {
  return answer.response.ok;
}

/**
 * The documented success body of a call, or a thrown `PatchbayApiError` for an error answer. A
 * network failure (server unreachable) is fetch's own error, thrown unchanged.
 *
 * @example
 * const recipe = await unwrap(client.GET('/api/v1/recipes/{id}', { params: { path: { id } } }));
 */
export async function unwrap<A extends Answer>(pending: Promise<A>): Promise<AnswerData<A>> {
  const answer = await pending;
  if (!succeeded(answer)) throw new PatchbayApiError(answer.response.status, errorBodyOf(answer.response.status, answer.error));
  return answer.data;
}
