import { createHmac } from 'node:crypto';
import type { Org } from '../org.ts';

/** Where an org's identity URL lives; one emulator is both login and instance host (brief). */
export function identityUrl(origin: string, org: Org): string {
  return `${origin}/id/${org.orgId}/${org.userId}`;
}

/**
 * The token endpoint's success body, fields in the order Salesforce sends them (fact sheet §3):
 * no `expires_in` (clients learn of expiry from a 401), `issued_at` as a string of milliseconds,
 * and `signature` = base64 HMAC-SHA256 of `id + issued_at` keyed with the client secret.
 */
export function tokenResponseBody(options: {
  org: Org;
  origin: string;
  clientSecret: string;
  accessToken: string;
  refreshToken: string | undefined;
  scopes: readonly string[];
}): Record<string, string> {
  const id = identityUrl(options.origin, options.org);
  const issuedAt = String(Date.now());
  const signature = createHmac('sha256', options.clientSecret).update(id + issuedAt).digest('base64');
  return {
    access_token: options.accessToken,
    ...(options.refreshToken ? { refresh_token: options.refreshToken } : {}),
    signature,
    scope: options.scopes.join(' '),
    instance_url: options.origin,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
  };
}
