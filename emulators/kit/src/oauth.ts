import { createHash, randomBytes } from 'node:crypto';
import { type EmuRequest, type EmuResponse, basicCredentials, field, html, redirect } from './http.ts';

/**
 * The OAuth 2.0 authorization server inside each emulator: an authorize page with a login form and
 * a consent step (or `autoApprove` for scripts), single-use codes bound to client, redirect URI and
 * PKCE challenge, access tokens that expire, refresh (optionally rotating) and revocation. It decides
 * outcomes only; each emulator turns them into its vendor's exact answers (Salesforce's
 * `instance_url`, Atlassian's 403 `invalid_grant`, Zendesk's lower-case `bearer`).
 */
export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
  /** Registered callback URLs. Empty: any loopback URL (127.0.0.1, localhost, [::1]) is accepted. */
  redirectUris: readonly string[];
}

export interface DemoUser {
  id: string;
  username: string;
  password: string;
  name: string;
  email: string;
}

export interface AuthorityOptions {
  /** Shown on the login and consent pages. @example 'Salesforce' */
  appName: string;
  client: OAuthClientConfig;
  user: DemoUser;
  /** Scopes granted when the authorize request names none. */
  defaultScopes: readonly string[];
  /** Seconds an access token works. Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Every refresh returns a new refresh token and the old one stops working. Default false. */
  rotateRefreshTokens?: boolean;
  /** Whether a grant with these scopes gets a refresh token. Default: always. */
  issuesRefreshToken?: (scopes: readonly string[]) => boolean;
  /** Seconds a code can be exchanged. Default 600. */
  codeTtlSeconds?: number;
  /** Redirect back with a code at once, without the login form. Default false. */
  autoApprove?: boolean;
  /** Token values in the vendor's format. Default 43 random base64url characters. */
  newToken?: (kind: 'access' | 'refresh') => string;
}

export interface Grant {
  userId: string;
  scopes: string[];
}

interface AccessRecord extends Grant { expiresAt: number; family: string }
interface RefreshRecord extends Grant { family: string; active: boolean }
interface CodeRecord extends Grant {
  redirectUri: string;
  challenge: string | undefined;
  challengeMethod: string;
  expiresAt: number;
  family: string;
}
interface Interaction { params: Record<string, string>; loggedIn: boolean; expiresAt: number }

export type TokenOutcome =
  | { ok: true; accessToken: string; refreshToken: string | undefined; scopes: string[]; expiresIn: number; grant: Grant }
  | { ok: false; error: string; description: string };

const INTERACTION_TTL_MS = 15 * 60_000;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

const random = () => randomBytes(32).toString('base64url');
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export class OAuthAuthority {
  readonly #options: AuthorityOptions;
  readonly #codes = new Map<string, CodeRecord>();
  readonly #access = new Map<string, AccessRecord>();
  readonly #refresh = new Map<string, RefreshRecord>();
  readonly #interactions = new Map<string, Interaction>();
  /** Grant families whose tokens were revoked (a revoked refresh token takes its access tokens with it). */
  readonly #revokedFamilies = new Set<string>();

  constructor(options: AuthorityOptions) {
    this.#options = options;
  }

  get client(): OAuthClientConfig {
    return this.#options.client;
  }

  get user(): DemoUser {
    return this.#options.user;
  }

  /** `GET` of the authorize endpoint. `query` is what the browser sent. */
  authorize(req: EmuRequest): EmuResponse {
    const params = Object.fromEntries(req.query);
    const problem = this.#checkAuthorizeParams(params);
    if (problem) return problem;
    if (this.#options.autoApprove) return this.#approve(params);
    const id = random();
    this.#interactions.set(id, { params, loggedIn: false, expiresAt: Date.now() + INTERACTION_TTL_MS });
    return this.#loginPage(req.path, id);
  }

  /** `POST` of the authorize endpoint: the login form, then the consent form. */
  submit(req: EmuRequest): EmuResponse {
    const id = field(req.body, 'interaction') ?? '';
    const interaction = this.#interactions.get(id);
    if (!interaction || interaction.expiresAt < Date.now()) {
      return html(400, page(this.#options.appName, 'Sign-in expired', '<p>This sign-in page has expired. Start connecting again from the app that sent you here.</p>'));
    }
    if (!interaction.loggedIn) {
      const { username, password } = this.#options.user;
      if (field(req.body, 'username') !== username || field(req.body, 'password') !== password) {
        return this.#loginPage(req.path, id, 'Wrong username or password.');
      }
      interaction.loggedIn = true;
      return this.#consentPage(req.path, id, interaction.params);
    }
    this.#interactions.delete(id);
    if (field(req.body, 'decision') !== 'allow') {
      return redirect(withParams(interaction.params.redirect_uri ?? '', { error: 'access_denied', error_description: 'end-user denied authorization', state: interaction.params.state }));
    }
    return this.#approve(interaction.params);
  }

  /** The client of a token request: HTTP Basic, or `client_id`/`client_secret` in the body. */
  clientOf(req: EmuRequest): { clientId: string | undefined; clientSecret: string | undefined } {
    const basic = basicCredentials(req);
    if (basic) return { clientId: decodeURIComponent(basic.user), clientSecret: decodeURIComponent(basic.password) };
    return { clientId: field(req.body, 'client_id'), clientSecret: field(req.body, 'client_secret') };
  }

  #clientProblem(req: EmuRequest): TokenOutcome | undefined {
    const { clientId, clientSecret } = this.clientOf(req);
    if (clientId !== this.#options.client.clientId) return { ok: false, error: 'invalid_client_id', description: 'client identifier invalid' };
    if (clientSecret !== this.#options.client.clientSecret) return { ok: false, error: 'invalid_client', description: 'invalid client credentials' };
    return undefined;
  }

  /** `grant_type=authorization_code`. */
  exchangeCode(req: EmuRequest): TokenOutcome {
    const clientProblem = this.#clientProblem(req);
    if (clientProblem) return clientProblem;
    const code = field(req.body, 'code') ?? '';
    const record = this.#codes.get(code);
    this.#codes.delete(code);
    if (!record || record.expiresAt < Date.now()) return { ok: false, error: 'invalid_grant', description: 'authentication failure' };
    if (field(req.body, 'redirect_uri') !== record.redirectUri) return { ok: false, error: 'redirect_uri_mismatch', description: 'redirect_uri must match configuration' };
    if (record.challenge !== undefined) {
      const verifier = field(req.body, 'code_verifier');
      const expected = record.challengeMethod === 'plain' ? verifier : verifier && createHash('sha256').update(verifier).digest('base64url');
      if (!verifier || expected !== record.challenge) return { ok: false, error: 'invalid_grant', description: 'invalid code verifier' };
    }
    return this.#issue(record, record.family, true);
  }

  /** `grant_type=refresh_token`. */
  refresh(req: EmuRequest): TokenOutcome {
    const clientProblem = this.#clientProblem(req);
    if (clientProblem) return clientProblem;
    const token = field(req.body, 'refresh_token') ?? '';
    const record = this.#refresh.get(token);
    if (!record || !record.active || this.#revokedFamilies.has(record.family)) {
      return { ok: false, error: 'invalid_grant', description: 'expired access/refresh token' };
    }
    const rotate = this.#options.rotateRefreshTokens ?? false;
    if (rotate) record.active = false;
    const outcome = this.#issue(record, record.family, rotate);
    return outcome.ok && !rotate ? { ...outcome, refreshToken: undefined } : outcome;
  }

  /** Revokes an access or refresh token; a refresh token takes the grant's access tokens with it. */
  revoke(token: string): boolean {
    const refresh = this.#refresh.get(token);
    if (refresh) {
      this.#revokedFamilies.add(refresh.family);
      return true;
    }
    return this.#access.delete(token);
  }

  /** An access token for the demo user, as if it had just authorised (`POST /__emulator/tokens`). */
  mint(scopes: readonly string[] = this.#options.defaultScopes): string {
    const token = this.#newToken('access');
    this.#access.set(token, { userId: this.#options.user.id, scopes: [...scopes], family: random(), expiresAt: Date.now() + this.#ttlMs() });
    return token;
  }

  /** The grant behind a bearer token; undefined when unknown, expired or revoked. */
  verify(token: string | undefined): Grant | undefined {
    if (!token) return undefined;
    const record = this.#access.get(token);
    if (!record || record.expiresAt <= Date.now() || this.#revokedFamilies.has(record.family)) return undefined;
    return { userId: record.userId, scopes: record.scopes };
  }

  /** Every access token stops working now (refresh tokens keep working). */
  expireAll(): number {
    for (const record of this.#access.values()) record.expiresAt = 0;
    return this.#access.size;
  }

  reset(): void {
    this.#codes.clear();
    this.#access.clear();
    this.#refresh.clear();
    this.#interactions.clear();
    this.#revokedFamilies.clear();
  }

  #ttlMs(): number {
    return (this.#options.accessTokenTtlSeconds ?? 3600) * 1000;
  }

  #newToken(kind: 'access' | 'refresh'): string {
    return this.#options.newToken?.(kind) ?? random();
  }

  #issue(grant: Grant, family: string, newRefresh: boolean): TokenOutcome {
    const accessToken = this.#newToken('access');
    this.#access.set(accessToken, { userId: grant.userId, scopes: grant.scopes, family, expiresAt: Date.now() + this.#ttlMs() });
    let refreshToken: string | undefined;
    const wantsRefresh = this.#options.issuesRefreshToken?.(grant.scopes) ?? true;
    if (newRefresh && wantsRefresh) {
      refreshToken = this.#newToken('refresh');
      this.#refresh.set(refreshToken, { userId: grant.userId, scopes: grant.scopes, family, active: true });
    }
    return { ok: true, accessToken, refreshToken, scopes: grant.scopes, expiresIn: this.#options.accessTokenTtlSeconds ?? 3600, grant };
  }

  #redirectAllowed(uri: string): boolean {
    const registered = this.#options.client.redirectUris;
    if (registered.length > 0) return registered.includes(uri);
    try {
      const url = new URL(uri);
      return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname);
    } catch {
      return false;
    }
  }

  /** Bad client or redirect URI: shown here, never redirected (the redirect target is not trusted). */
  #checkAuthorizeParams(params: Record<string, string>): EmuResponse | undefined {
    const redirectUri = params.redirect_uri ?? '';
    if (params.client_id !== this.#options.client.clientId) {
      return html(400, page(this.#options.appName, 'Error', '<p>error=invalid_client_id: client identifier invalid</p>'));
    }
    if (!this.#redirectAllowed(redirectUri)) {
      return html(400, page(this.#options.appName, 'Error', '<p>error=redirect_uri_mismatch: redirect_uri must match configuration</p>'));
    }
    if (params.response_type !== 'code') {
      return redirect(withParams(redirectUri, { error: 'unsupported_response_type', error_description: 'response type not supported', state: params.state }));
    }
    return undefined;
  }

  #approve(params: Record<string, string>): EmuResponse {
    const code = random();
    const requested = (params.scope ?? '').split(/[\s+]+/).filter(Boolean);
    this.#codes.set(code, {
      userId: this.#options.user.id,
      scopes: requested.length > 0 ? requested : [...this.#options.defaultScopes],
      redirectUri: params.redirect_uri ?? '',
      challenge: params.code_challenge,
      // Salesforce documents S256 without the parameter; RFC 7636 defaults to plain. S256 when absent
      // matches the vendors emulated here (all document S256).
      challengeMethod: params.code_challenge_method ?? 'S256',
      expiresAt: Date.now() + (this.#options.codeTtlSeconds ?? 600) * 1000,
      family: random(),
    });
    return redirect(withParams(params.redirect_uri ?? '', { code, state: params.state }));
  }

  #loginPage(action: string, interaction: string, error?: string): EmuResponse {
    const body = `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
  <input type="hidden" name="interaction" value="${escapeHtml(interaction)}">
  <p><label for="username">Username</label> <input id="username" name="username" autocomplete="username" required></p>
  <p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>
  <p><button type="submit">Log in</button></p>
</form>
<p>Demo user: <code>${escapeHtml(this.#options.user.username)}</code> / <code>${escapeHtml(this.#options.user.password)}</code></p>`;
    return html(error ? 401 : 200, page(this.#options.appName, `Log in to ${this.#options.appName}`, body));
  }

  #consentPage(action: string, interaction: string, params: Record<string, string>): EmuResponse {
    const scopes = (params.scope ?? this.#options.defaultScopes.join(' ')).split(/\s+/).filter(Boolean);
    const body = `<p>An app wants to access your ${escapeHtml(this.#options.appName)} data as <strong>${escapeHtml(this.#options.user.username)}</strong>:</p>
<ul>${scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
<form method="post" action="${escapeHtml(action)}">
  <input type="hidden" name="interaction" value="${escapeHtml(interaction)}">
  <button type="submit" name="decision" value="allow">Allow</button>
  <button type="submit" name="decision" value="deny">Deny</button>
</form>`;
    return html(200, page(this.#options.appName, `Allow access to ${this.#options.appName}?`, body));
  }
}

function withParams(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

function page(appName: string, title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(appName)} emulator: a local stand-in for tests and demos.</p>${body}</main></body></html>`;
}
