import Type from 'typebox';
import { OPENAPI_COMPONENT } from '@patchbay/core';

/** The one error envelope of the API. `details` names fields and ids, never secret values. */
export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code, e.g. invalid_input, not_found.' }),
      message: Type.String({ description: 'What went wrong and what to do about it.' }),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { description: 'Error envelope' },
);

/** What each error status means for a client, shown as the response's description in the document. */
const ERROR_MEANINGS = {
  400: 'The request is not valid: error.details names each problem and where it is.',
  401: 'No valid API token: send "Authorization: Bearer <token>".',
  403: 'Signed in with the session cookie, but the request lacks "X-Patchbay-Request: 1" (required on every request other than GET and HEAD).',
  404: 'Nothing with that id exists in this workspace (or the app has no such record: error.code app_not_found).',
  409: 'The resource is not in a state that allows this: error.code says why, error.message what to do.',
  413: 'The request body is larger than 1 MiB.',
  415: 'The body is not JSON, or is compressed: send application/json (or application/*+json) without Content-Encoding.',
  422: "The app refused the request: error.details carries the app's status and code.",
  500: 'Something failed inside Patchbay; the error was logged. Try again.',
  502: 'The app behind the connection failed, or the recipe failed (webhooks answered synchronously).',
  503: 'The app or its token endpoint is unavailable for now: try again later.',
  504: 'The app behind the connection did not answer in time (error.code upstream_timeout): try again later; a write may have reached it.',
} as const;
type ErrorStatus = keyof typeof ERROR_MEANINGS;

/** A request body can always be too large or not JSON. */
export const BODY_ERRORS = [413, 415] as const;
/** Routes that call the app through a connection: its refusals, failures and unavailability. */
export const APP_ERRORS = [404, 409, 422, 502, 503, 504] as const;

/**
 * The error responses a route declares, so each status it can answer is documented and serialised
 * through the one envelope schema. 400 (a malformed URL or query is possible on every route) and 500
 * are always included.
 */
export function errorResponses(...statuses: ErrorStatus[]): Partial<Record<ErrorStatus, typeof ErrorSchema>> {
  const all = [...new Set<ErrorStatus>([400, ...statuses, 500])].sort((a, b) => a - b);
  return Object.fromEntries(all.map((status) => [status, Type.Object(ErrorSchema.properties, { description: ERROR_MEANINGS[status], [OPENAPI_COMPONENT]: 'Error' })]));
}

// No maxLength: an id of any length that does not exist is a 404, not a validation error.
const Id = Type.String({ minLength: 1, description: 'Connection id, e.g. conn_…' });
const Name = Type.String({ minLength: 1, maxLength: 100 });

export const IdParams = Type.Object({ id: Id });
export const PicklistParams = Type.Object({ id: Id, name: Type.String({ ...Name, description: "A pick list's name: the connector's picklists[].name." }) });
export const ActionParams = Type.Object({ id: Id, action: Type.String({ ...Name, description: "An action's name: the connector's actions[].name." }) });
export const ConnectorParams = Type.Object({ key: Type.String({ ...Name, description: 'A connector key, e.g. salesforce, or webhook / schedule for the built-in triggers.' }) });

/** Endpoints that take no body still refuse unknown properties, so a typo is never ignored. */
export const EmptyBody = Type.Object({}, { additionalProperties: false });
