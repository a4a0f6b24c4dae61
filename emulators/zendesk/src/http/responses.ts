import type { EmuResponse } from '@patchbay/emulator-kit';
import type { FieldErrors } from '../data/validation.ts';

/**
 * Zendesk's answers (§12). The content type is Zendesk's exact spelling (§1: node-zendesk parses a
 * body only when it contains `application/json`).
 */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function zendeskJson(status: number, body: unknown, headers: Record<string, string> = {}): EmuResponse {
  return { status, body, headers: { 'content-type': JSON_CONTENT_TYPE, ...headers } };
}

export const recordInvalid = (details: FieldErrors) =>
  zendeskJson(422, { error: 'RecordInvalid', description: 'Record validation errors', details });

export const recordNotFound = () => zendeskJson(404, { error: 'RecordNotFound', description: 'Not found' });

/** UNCERTAIN (§12): the body Zendesk gives an unknown API path. */
export const invalidEndpoint = () => zendeskJson(404, { error: 'InvalidEndpoint', description: 'Not found' });

/** Basic credentials (API token or password) that match no user (§2, §12). */
export const couldNotAuthenticate = () => zendeskJson(401, { error: "Couldn't authenticate you" });

/**
 * A Bearer token that is unknown, expired or revoked. The fact sheet lists only the Basic answer
 * above; public reports of Zendesk's real answer to a dead OAuth token all show this body
 * (zendesk_api_client_rb#297, facetoe/zenpy#463 and #649, fprimex/zdesk#58: 401, the text being
 * rack-oauth2's default description), so Bearer failures get it.
 */
export const invalidToken = () =>
  zendeskJson(401, { error: 'invalid_token', error_description: 'The access token provided is expired, revoked, malformed or invalid for other reasons.' });

/** §12 (403) and community post 6224176367002; also used for a token that lacks the scope. */
export const forbidden = () =>
  zendeskJson(403, { error: { title: 'Forbidden', message: 'You do not have access to this page. Please contact the account owner of this help desk for further help.' } });

/** A bad query parameter (§9, §10, §12). */
export const invalidAttribute = (message: string) => zendeskJson(400, { error: { title: 'Invalid attribute', message } });

/**
 * UNCERTAIN (§13): the 429 body is not reliably JSON in reports; this JSON shape is an assumption.
 * Clients must rely on the status and `Retry-After` only.
 */
export const tooManyRequests = (retryAfterSeconds: number) =>
  zendeskJson(429, { error: 'TooManyRequests', description: 'You have exceeded the rate limit' }, { 'retry-after': String(retryAfterSeconds) });
