/**
 * Every error code Patchbay answers, throws or records, in one table: the HTTP status it carries,
 * whether doing the same thing again may succeed, and whether a person must fix the connection.
 *
 * Glossary:
 * - **status**: what an API answer with this code carries. Codes only ever recorded (job history,
 *   the OAuth result page) still have one, so that a code means the same thing wherever it shows.
 * - **retryable**: the failure is transient; the same request, unchanged, may succeed later (an
 *   outage, a rate limit). A retryable error may still be unsafe to repeat: see
 *   `PatchbayError.unsafeToRepeat` (a POST that timed out after it was sent).
 * - **connectionAttention**: the connection cannot work until someone reconnects it or fixes its
 *   credentials; a trigger that keeps failing with such a code stops its recipe.
 *
 * Code elsewhere asks `isRetryable(err)` / `needsConnectionAttention(err)` (errors.ts) rather than
 * comparing codes: `error-codes.test.ts` checks that every code thrown in the repository is listed
 * here, with this status, and that no other file compares codes.
 */
export interface ErrorCodeInfo {
  readonly status: number;
  readonly retryable: boolean;
  readonly connectionAttention: boolean;
}

// Generic in the status so that the table's type keeps each literal (for `ErrorCodeWithStatus`).
const fixed = <S extends number>(status: S) => ({ status, retryable: false, connectionAttention: false }) as const;
const transient = <S extends number>(status: S) => ({ status, retryable: true, connectionAttention: false }) as const;
const attention = <S extends number>(status: S) => ({ status, retryable: false, connectionAttention: true }) as const;

export const ERROR_CODES = {
  // The API's own answers to what a client sent.
  invalid_input: fixed(400),
  invalid_json: fixed(400),
  invalid_request: fixed(400),
  invalid_url: fixed(400),
  /** Another 4xx of the HTTP framework; the answer carries the framework's status. */
  bad_request: fixed(400),
  too_deep: fixed(400),
  request_aborted: fixed(400),
  unauthorized: fixed(401),
  /** A request signed in with the web UI's session cookie, other than GET/HEAD, without `X-Patchbay-Request: 1`. */
  request_header_required: fixed(403),
  not_found: fixed(404),
  method_not_allowed: fixed(405),
  request_timeout: fixed(408),
  payload_too_large: fixed(413),
  unsupported_media_type: fixed(415),
  unsupported_content_encoding: fixed(415),
  expectation_failed: fixed(417),
  headers_too_large: fixed(431),
  internal_error: fixed(500),

  // The state of recipes, jobs and connections refuses the operation.
  recipe_running: fixed(409),
  job_not_queued: fixed(409),
  connections_required: fixed(409),
  steps_invalid: fixed(409),
  connection_in_use: fixed(409),
  not_oauth2: fixed(409),
  instance_mismatch: fixed(409),
  slot_unbound: fixed(409),

  // Connections that need a person: reconnect, fix credentials or the OAuth client.
  connection_required: attention(409),
  needs_reauth: attention(409),
  /** The token endpoint refused our client or request (a configuration problem). */
  token_request_failed: attention(409),
  /** The app refused the credentials even after a refresh. */
  auth_failed: attention(401),
  /** The stored secrets failed their integrity check: enter the credentials again. */
  secrets_tampered: attention(500),

  // The OAuth result page (the callback answers 400 when connecting failed).
  authorization_failed: fixed(400),
  access_denied: fixed(400),
  invalid_state: fixed(400),
  test_failed: fixed(400),

  // The app behind a connection.
  /** The token endpoint is down or slow (5xx, timeout): the next attempt may work. */
  token_endpoint_unavailable: transient(503),
  /** Connector code asked for a retry (rate limit, outage). */
  retryable: transient(503),
  /** The server is shutting down: the same request sent again in a moment is answered. */
  unavailable: transient(503),
  /** The app did not answer in time: 504, as a gateway says of a slow upstream. */
  upstream_timeout: transient(504),
  upstream_unreachable: transient(502),
  app_not_found: fixed(404),
  app_refused: fixed(422),
  /** Connector code failed unexpectedly: retrying runs the same code on the same input. */
  action_failed: fixed(502),
  /** The same request gets the same answer: never retried. */
  response_too_large: fixed(502),
  too_many_redirects: fixed(502),
  /** The answer's compressed body was corrupt: the request reached the app, so it is not sent again. */
  upstream_bad_body: fixed(502),
  host_not_allowed: fixed(400),

  // Recipes and jobs.
  invalid_mapping: fixed(400),
  mapping_failed: fixed(422),
  expression_limit: fixed(422),
  /** A `stop` step ended the job as failed (job history only). */
  stopped: fixed(422),
  /** A synchronous webhook's job failed. */
  job_failed: fixed(502),

  // The server's own keys (operator problems; a client can do nothing about them).
  secrets_unreadable: fixed(500),
  wrong_master_key: fixed(500),
  invalid_master_key: fixed(500),
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Codes whose status is `S`: what a class with a fixed status (409 `ConflictError`) may carry. */
export type ErrorCodeWithStatus<S extends number> = { [C in ErrorCode]: (typeof ERROR_CODES)[C]['status'] extends S ? C : never }[ErrorCode];

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/** What the table says of a code; `undefined` for a code it does not list (an old job's record). */
export function errorCodeInfo(code: string): ErrorCodeInfo | undefined {
  return isErrorCode(code) ? ERROR_CODES[code] : undefined;
}
