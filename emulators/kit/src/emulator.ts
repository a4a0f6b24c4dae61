import { type EmuRequest, type EmuResponse, json, listen, Router } from './http.ts';
import { field } from './http.ts';
import type { OAuthAuthority } from './oauth.ts';
import type { RateLimiter } from './rate-limit.ts';

/** What every emulator's start function takes (`npx patchbay emulate <app> [--port N] …`). */
export interface EmulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Registered OAuth callback URLs. Default: any loopback URL. */
  redirectUris?: readonly string[];
  /** The authorize endpoint redirects back with a code at once (for scripts and tests). Default false. */
  autoApprove?: boolean;
  /** Seconds an access token works. Default 3600 (Salesforce: 7200, its default session timeout). */
  accessTokenTtlSeconds?: number;
  /** OAuth client id and secret. Default: fixed demo values printed at start. */
  clientId?: string;
  clientSecret?: string;
}

export interface RunningEmulator {
  /** `salesforce`, `zendesk`, `jira`. */
  app: string;
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  /** The demo user a person logs in with. */
  user: { username: string; password: string };
  /** Request log (method and path), for tests that count calls. */
  readonly requests: readonly { method: string; path: string }[];
  close(): Promise<void>;
}

/** The control endpoints every emulator has, beside its own records, fields, tokens and reset. */
export function addCommonControls(router: Router, parts: { oauth: OAuthAuthority; rateLimit: RateLimiter }): void {
  router.add('POST', '/__emulator/expire-tokens', () => json(200, { expired: parts.oauth.expireAll() }));
  router.add('POST', '/__emulator/rate-limit', (req) => {
    const count = Number(field(req.body, 'count') ?? 1);
    const retryAfter = Number(field(req.body, 'retryAfter') ?? 1);
    if (!Number.isFinite(count) || !Number.isFinite(retryAfter)) return json(400, { error: 'count and retryAfter must be numbers' });
    parts.rateLimit.failNext(count, retryAfter);
    return json(200, { count, retryAfter });
  });
}

/**
 * Serves a router with a request log; `notFound` answers unknown paths in the vendor's shape and a
 * known path with another method gets 405 with `Allow`.
 */
export async function serveEmulator(
  port: number,
  router: Router,
  notFound: (req: EmuRequest) => EmuResponse,
  normalizePath: (path: string) => string = (p) => p,
): Promise<{ url: string; port: number; requests: { method: string; path: string }[]; close(): Promise<void> }> {
  const requests: { method: string; path: string }[] = [];
  const listening = await listen(port, async (req) => {
    const path = normalizePath(req.path);
    requests.push({ method: req.method, path: req.path });
    const found = router.match(req.method, path);
    if (!found) return notFound(req);
    if ('allowed' in found) return json(405, { error: 'method_not_allowed', message: `Use ${found.allowed.join(', ')}.` }, { allow: found.allowed.join(', ') });
    return found.handler({ ...req, path, params: found.params });
  });
  return { ...listening, requests };
}
