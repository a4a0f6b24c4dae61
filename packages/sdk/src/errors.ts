import { PatchbayError } from '@patchbay/core';

/**
 * The app refused the connection's credentials. Triggers that keep throwing it stop their recipe
 * after a limit; actions fail without retry.
 * @example if (res.status === 401) throw new AuthFailedError('The app refused the API key.');
 */
export class AuthFailedError extends PatchbayError {
  constructor(message: string) {
    super('auth_failed', message);
  }
}

/**
 * A failure worth retrying (the app is busy or briefly down): steps retry it with back-off, unless
 * the action sent a write that may have reached the app without an idempotency key (a POST answered
 * 5xx): the vault then marks the error unsafe to repeat, and the step fails instead.
 * @example if (res.status === 409 && isLockConflict(res.body)) throw new RetryableError('The record is locked; retrying.');
 */
export class RetryableError extends PatchbayError {
  constructor(message: string) {
    super('retryable', message);
  }
}

/**
 * The app refused the request itself (a validation error, a record that does not exist, a
 * permission it lacks): retrying cannot help, so steps fail at once with the app's own words.
 * Status 404 when the app said "not found", 422 otherwise; `details` keeps the app's status and code.
 * @example throw new AppError('Salesforce', 400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [Name]', { fields: ['Name'] })
 */
export class AppError extends PatchbayError {
  constructor(
    readonly app: string,
    /** The app's own HTTP status (a Jira 400 is still 400 here, though the step reports 422). */
    readonly appStatus: number,
    readonly appCode: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(appStatus === 404 ? 'app_not_found' : 'app_refused', `${app} answered ${appStatus} ${appCode}: ${message}`, {
      details: { app, appStatus, appCode, ...extra },
    });
  }
}
