/**
 * One error convention for the whole system: a small class with a stable `code`, an HTTP `status`,
 * a message that tells the user what to do, optional `details`, and `cause`.
 * `toErrorBody` turns any thrown value into the API envelope `{ error: { code, message, details? } }`
 * without ever leaking an internal message: unknown errors become `internal_error`.
 */
export type ErrorDetails = Record<string, unknown> | unknown[];

export class PatchbayError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: ErrorDetails | undefined;

  constructor(code: string, status: number, message: string, options: { details?: ErrorDetails; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.details = options.details;
  }
}

/** Bad client input: names the field in `details`. */
export class InvalidInputError extends PatchbayError {
  constructor(message: string, details?: ErrorDetails) {
    super('invalid_input', 400, message, { details });
  }
}

export class NotFoundError extends PatchbayError {
  constructor(what: string, id: string) {
    super('not_found', 404, `No ${what} with id "${id}" exists in this workspace. Check the id, or list them to find it.`, {
      details: { resource: what, id },
    });
  }
}

export class UnauthorizedError extends PatchbayError {
  constructor(message = 'Send a valid API token as "Authorization: Bearer <token>".') {
    super('unauthorized', 401, message);
  }
}

export class ConflictError extends PatchbayError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super(code, 409, message, { details });
  }
}

/** The app behind a connection failed or refused; `status` 502 because the fault is upstream. */
export class UpstreamError extends PatchbayError {
  constructor(code: string, message: string, options: { details?: ErrorDetails; cause?: unknown } = {}) {
    super(code, 502, message, options);
  }
}

/** The serialisable form, stored in job history and sent in API responses. */
export interface SerializedError {
  code: string;
  message: string;
  details?: ErrorDetails;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof PatchbayError) {
    return err.details === undefined
      ? { code: err.code, message: err.message }
      : { code: err.code, message: err.message, details: err.details };
  }
  return { code: 'internal_error', message: 'Something went wrong inside Patchbay. The error was logged; try again.' };
}

export function statusOf(err: unknown): number {
  return err instanceof PatchbayError ? err.status : 500;
}

export function toErrorBody(err: unknown): { error: SerializedError } {
  return { error: serializeError(err) };
}
