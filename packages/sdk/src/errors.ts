import { PatchbayError } from '@patchbay/core';

/**
 * The app refused the connection's credentials. Triggers that keep throwing it stop their recipe
 * after a limit; actions fail without retry.
 * @example if (res.status === 401) throw new AuthFailedError('The app refused the API key.');
 */
export class AuthFailedError extends PatchbayError {
  constructor(message: string) {
    super('auth_failed', 401, message);
  }
}

/**
 * A failure worth retrying (the app is busy or briefly down): steps retry it with back-off.
 * @example if (res.status === 409 && isLockConflict(res.body)) throw new RetryableError('The record is locked; retrying.');
 */
export class RetryableError extends PatchbayError {
  constructor(message: string) {
    super('retryable', 503, message);
  }
}
