import { type ErrorCode, type ErrorCodeWithStatus, errorCodeInfo } from './error-codes.ts';

/**
 * One error convention for the whole system: a small class with a stable `code`, an HTTP `status`,
 * a message that tells the user what to do, optional `details`, and `cause`.
 * `toErrorBody` turns any thrown value into the API envelope `{ error: { code, message, details? } }`
 * without ever leaking an internal message: unknown errors become `internal_error`.
 * Codes, their statuses and what they mean for retries are listed once, in `error-codes.ts`.
 */
export type ErrorDetails = Record<string, unknown> | unknown[];

export interface PatchbayErrorOptions {
  details?: ErrorDetails;
  cause?: unknown;
  /** See `PatchbayError.unsafeToRepeat`. Default false. */
  unsafeToRepeat?: boolean;
}

export class PatchbayError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: ErrorDetails | undefined;
  /**
   * The failed operation may already have taken effect in the app: a request that is not idempotent
   * (POST, PATCH without an `Idempotency-Key`) was answered 5xx, or timed out after it was sent.
   * Repeating it could do it twice, so no retry repeats it, whatever its code says.
   */
  unsafeToRepeat: boolean;

  /** A registered code: the status is the registry's. */
  constructor(code: ErrorCode, message: string, options?: PatchbayErrorOptions);
  /**
   * The older form with an explicit status, kept for callers not yet moved to the registry form;
   * `error-codes.test.ts` checks that the status given is the registry's.
   */
  constructor(code: string, status: number, message: string, options?: PatchbayErrorOptions);
  constructor(code: string, statusOrMessage: number | string, messageOrOptions?: string | PatchbayErrorOptions, explicitOptions?: PatchbayErrorOptions) {
    const explicit = typeof statusOrMessage === 'number';
    const message = explicit ? String(messageOrOptions ?? '') : statusOrMessage;
    const options = (explicit ? explicitOptions : typeof messageOrOptions === 'object' ? messageOrOptions : undefined) ?? {};
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = explicit ? statusOrMessage : (errorCodeInfo(code)?.status ?? 500);
    this.details = options.details;
    this.unsafeToRepeat = options.unsafeToRepeat ?? false;
  }

  /** Marks the error as `unsafeToRepeat` (the vault does, when an action's write may have reached the app). */
  markUnsafeToRepeat(): this {
    this.unsafeToRepeat = true;
    return this;
  }
}

/**
 * Whether the operation that failed with `err` is worth doing again unchanged: its code is retryable
 * in the registry (an outage, a rate limit) and repeating it cannot do anything twice.
 */
export function isRetryable(err: unknown): boolean {
  return err instanceof PatchbayError && !err.unsafeToRepeat && errorCodeInfo(err.code)?.retryable === true;
}

/** Whether `err` means that a person must fix the connection (reconnect it, correct its credentials). */
export function needsConnectionAttention(err: unknown): boolean {
  return err instanceof PatchbayError && errorCodeInfo(err.code)?.connectionAttention === true;
}

/** Bad client input: names the field in `details`. */
export class InvalidInputError extends PatchbayError {
  constructor(message: string, details?: ErrorDetails) {
    super('invalid_input', message, { details });
  }
}

export class NotFoundError extends PatchbayError {
  constructor(what: string, id: string) {
    super('not_found', `No ${what} with id "${id}" exists in this workspace. Check the id, or list them to find it.`, {
      details: { resource: what, id },
    });
  }
}

export class UnauthorizedError extends PatchbayError {
  constructor(message = 'Send a valid API token as "Authorization: Bearer <token>".') {
    super('unauthorized', message);
  }
}

/** The state of a resource refuses the operation (409). */
export class ConflictError extends PatchbayError {
  constructor(code: ErrorCodeWithStatus<409>, message: string, details?: ErrorDetails) {
    super(code, message, { details });
  }
}

/**
 * The app behind a connection failed or refused: `status` 502 because the fault is upstream, or 504
 * when the app did not answer in time (`upstream_timeout`).
 */
export class UpstreamError extends PatchbayError {
  constructor(code: ErrorCodeWithStatus<502 | 504>, message: string, options: PatchbayErrorOptions = {}) {
    super(code, message, options);
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
